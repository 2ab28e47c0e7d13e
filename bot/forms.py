"""Forms as declared in intents/domain.yml: which slots each asks, and how a message fills them.

The slot mappings follow Rasa's semantics (from_entity, from_intent, from_text, with
active_loop / requested_slot conditions), so the same domain drives a Rasa assistant.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.nlu import ParseResult

DECLINED = "declined"  # the person chose not to answer; never asked again


@dataclass(frozen=True)
class Mapping:
    type: str
    entity: str | None = None
    intent: str | None = None
    value: Any = None
    conditions: tuple[tuple[str | None, str | None], ...] = ()

    def applies(self, form: str, requested: str | None) -> bool:
        if not self.conditions:
            return True
        return any(
            (loop in (None, form)) and (slot is None or slot == requested)
            for loop, slot in self.conditions
        )


_SIDE_BY_SIDE = re.compile(r"[\s,.-]{0,3}")


@dataclass(frozen=True)
class Form:
    name: str
    required_slots: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.name.removesuffix("_form")


class Forms:
    """The domain's forms and slot mappings."""

    def __init__(self, domain: dict[str, Any]) -> None:
        self.forms = {
            name: Form(name, tuple(spec["required_slots"]))
            for name, spec in (domain.get("forms") or {}).items()
        }
        self.mappings: dict[str, list[Mapping]] = {}
        for slot, spec in (domain.get("slots") or {}).items():
            self.mappings[slot] = [
                Mapping(
                    type=m["type"],
                    entity=m.get("entity"),
                    intent=m.get("intent"),
                    value=m.get("value"),
                    conditions=tuple(
                        (c.get("active_loop"), c.get("requested_slot"))
                        for c in m.get("conditions", [])
                    ),
                )
                for m in spec.get("mappings", [])
            ]

    @classmethod
    def from_domain(cls, intents_dir: Path) -> "Forms":
        return cls(yaml.safe_load((intents_dir / "domain.yml").read_text(encoding="utf-8")))

    def form_for(self, kind: str) -> Form | None:
        return self.forms.get(f"{kind}_form")

    def expected_entity(self, slot: str | None, form: str) -> str | None:
        """The entity that answers the question about `slot`, if it is one."""
        for m in self.mappings.get(slot or "", []):
            if m.type == "from_entity" and m.applies(form, slot):
                return m.entity
        return None

    def fill(self, form: Form, requested: str | None, parse: ParseResult) -> dict[str, Any]:
        """Slot values this message gives: entities for any slot, free text for the one asked."""
        values: dict[str, Any] = {}
        used: set[int] = set()
        ordered = sorted(form.required_slots, key=lambda s: s != requested)  # asked slot first
        for slot in ordered:
            for m in self.mappings.get(slot, []):
                if not m.applies(form.name, requested):
                    continue
                if m.type == "from_entity":
                    found = next(
                        (
                            (i, e)
                            for i, e in enumerate(parse.entities)
                            if e.entity == m.entity and i not in used
                        ),
                        None,
                    )
                    if found and m.entity == "place":
                        # "in camino verde tijuana", "estacion central, stgo": the area and its
                        # city, read together (an area alone may be another country's town)
                        # ("stgo centro por san pablo": a street named after another city,
                        # not its city; only names said side by side go together)
                        places = [found]
                        for i, e in enumerate(parse.entities):
                            last = places[-1][1]
                            after = e.entity == "place" and i not in used and e.start >= last.end
                            if after and _SIDE_BY_SIDE.fullmatch(parse.text[last.end : e.start]):
                                places.append((i, e))
                        used.update(i for i, _ in places)
                        values[slot] = ", ".join(dict.fromkeys(e.value for _, e in places))
                        break
                    if found:
                        used.add(found[0])
                        values[slot] = found[1].value
                        break
                elif m.type == "from_intent" and parse.intent == m.intent and slot == requested:
                    values[slot] = m.value
                    break
                elif m.type == "from_text" and slot == requested and parse.text.strip():
                    values[slot] = parse.text.strip()
                    break
        others = [k for k in values if k != requested]
        free = requested is not None and values.get(requested) == parse.text.strip()
        if requested is not None and free and others and self.expected_entity(requested, form.name):
            # "peruanos" asked where, "en estación central" asked the name: the message answers
            # another question; its words are not this one's answer.
            del values[requested]
        return values
