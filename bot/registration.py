"""Consular registration through the bot: what the registration form collected becomes a
registrant (Person kind "registrant"), only after the person's explicit yes.

Without that yes nothing of the registration is kept: the form's own answers (emergency
contact, household size) leave the conversation's state too. A registrant is erased with the
conversation ("borrar mis datos", `amparo people erase`), and consuls see only registrants of
their consulate's nationality (GET /api/registrants).
"""

import re
from typing import Any

from sqlmodel import select

from bot.forms import DECLINED
from data.directory import Directory
from data.models import Conversation, Person, utcnow
from data.store import Store

# Answers of the form that are not facts about the person kept across reports.
FORM_ONLY = ("emergency_contact", "household_size", "consent")


def _given(value: Any) -> str | None:
    return None if value in (None, DECLINED, "") else str(value)


def household(value: Any) -> int | None:
    """'4', 'somos 4' → 4; anything else (skipped, words) → None."""
    found = re.search(r"\d{1,3}", _given(value) or "")
    return int(found.group()) if found else None


def forget_form(conv: Conversation) -> None:
    """Drop the registration's own answers from the conversation's state."""
    conv.slots = {k: v for k, v in conv.slots.items() if k not in FORM_ONLY}


def save_registrant(
    store: Store, directory: Directory, conv: Conversation, phone: str | None, language: str
) -> Person | None:
    """Create or update this conversation's registrant; None (nothing kept) without a yes."""
    slots = conv.slots
    if slots.get("consent") != "yes":
        forget_form(conv)
        return None
    nationality = _given(slots.get("nationality"))
    nationality = nationality if directory.country(nationality) else None
    place = _given(slots.get("place"))
    city = directory.find_city(place)
    fields: dict[str, Any] = {
        "nationality": nationality,
        "place": city.id if city else place,
        "language": language,
        "contact": _given(slots.get("contact")) or phone,
        "emergency_contact": _given(slots.get("emergency_contact")),
        "household_size": household(slots.get("household_size")),
    }
    consent = {"registration": {"given_at": utcnow().isoformat(), "channel": conv.channel}}
    with store.transaction() as session:
        person = session.exec(
            select(Person).where(Person.conversation_id == conv.id, Person.kind == "registrant")
        ).first()
        if person is None:
            # Registration asks no name: the person stays anonymous unless tracing adds one.
            person = Person(kind="registrant", full_name="", name_key="", conversation_id=conv.id)
        for name, value in fields.items():
            setattr(person, name, value)
        person.details = {**person.details, **consent}
        person.updated_at = utcnow()
        session.add(person)
        session.flush()
    forget_form(conv)
    return person
