"""Consular registration through the bot: what the registration form collected becomes a
registrant (Person kind "registrant"), only after the person's explicit yes.

Without that yes nothing of the registration is kept: the form's own answers (emergency
contact, household size) leave the conversation's state too. A registrant is erased with the
conversation ("borrar mis datos", `amparo people erase`), and consuls see only registrants of
their consulate's nationality (GET /api/registrants). The turn runner stores it.
"""

import re
from collections.abc import Mapping
from typing import Any

from bot.forms import DECLINED
from data.directory import Directory

# Answers of the form that are not facts about the person kept across reports.
FORM_ONLY = ("emergency_contact", "household_size", "consent")


def _given(value: Any) -> str | None:
    return None if value in (None, DECLINED, "") else str(value)


def household(value: Any) -> int | None:
    """'4', 'somos 4' → 4; anything else (skipped, words) → None."""
    found = re.search(r"\d{1,3}", _given(value) or "")
    return int(found.group()) if found else None


def registrant_fields(
    directory: Directory, slots: Mapping[str, Any], phone: str | None, language: str
) -> dict[str, Any] | None:
    """The registrant's fields from the form's answers; None (nothing kept) without a yes."""
    if slots.get("consent") != "yes":
        return None
    nationality = _given(slots.get("nationality"))
    nationality = nationality if directory.country(nationality) else None
    place = _given(slots.get("place"))
    city = directory.find_city(place)
    return {
        "nationality": nationality,
        "place": city.id if city else place,
        "language": language,
        "contact": _given(slots.get("contact")) or phone,
        "emergency_contact": _given(slots.get("emergency_contact")),
        "household_size": household(slots.get("household_size")),
    }
