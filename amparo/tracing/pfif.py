"""PFIF 1.4 (the People Finder Interchange Format): import and export of person and note records.

Import (`import_pfif`) loads lists from shelters, hospitals, the Red Cross and other person
finders. Each record is checked on its own: the good ones are kept (as people of kind
`imported`, indexed and matched like any other), the bad ones are listed in the report with the
reason — a missing required field, a bad date, an unknown status or sex, a duplicate or
unknown record id, an expired record, an id in Amparo's own domain. A record already imported
is updated when its source_date is newer. Partner files are untrusted: a document with a
DOCTYPE or ENTITY declaration (entity expansion bombs, external entities) is refused whole
(defusedxml), as is one in an encoding the parser cannot read (UTF-7).

Export (`export_pfif`) follows the consent rules of family tracing:
- a protected person, or one who refused, is never exported;
- a missing person is exported by name and age with an `information_sought` note, never with
  the inquirer's contact or a place;
- anyone else only once they agreed to share (consent `share`): then with their whereabouts
  (`last_known_location`) and contact (`phone_of_found_person`), and an imported record with
  every field it came with;
- safe check-ins and registrants who have not agreed are not exported at all.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException
from sqlmodel import col, select

from amparo.tracing.registry import Tracing
from data.models import Person, PersonNote, as_utc, utcnow

NS = "http://zesty.ca/pfif/1.4"
DEFAULT_DOMAIN = "amparo.local"
MAX_BYTES = 50_000_000
PERSON_FIELDS = (
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
)
NOTE_FIELDS = (
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
)
PERSON_REQUIRED = ("person_record_id", "source_date", "full_name")
NOTE_REQUIRED = ("note_record_id", "person_record_id", "author_name", "source_date", "text")
STATUSES = (
    "information_sought",
    "is_note_author",
    "believed_alive",
    "believed_missing",
    "believed_dead",
)
SEXES = ("female", "male", "other")
DATE_FIELDS = ("entry_date", "expiry_date", "source_date")
# Whereabouts and contacts: exported only with the person's consent.
PRIVATE_PERSON_FIELDS = (
    "author_email",
    "author_phone",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "photo_url",
    "profile_urls",
)
_RECORD_ID = re.compile(r"^[A-Za-z0-9.\-]+/\S+$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_BIRTH = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
_AGE = re.compile(r"^(\d{1,3})(?:-(\d{1,3}))?$")


class PfifError(ValueError):
    """The whole document is refused (not XML, not PFIF 1.4, a DOCTYPE or ENTITY)."""


@dataclass
class Rejected:
    record: str  # "person" or "note"
    record_id: str | None
    reason: str


@dataclass
class ImportReport:
    persons_added: int = 0
    persons_updated: int = 0
    persons_unchanged: int = 0
    notes_added: int = 0
    notes_unchanged: int = 0
    matches_proposed: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "persons_added": self.persons_added,
            "persons_updated": self.persons_updated,
            "persons_unchanged": self.persons_unchanged,
            "notes_added": self.notes_added,
            "notes_unchanged": self.notes_unchanged,
            "matches_proposed": self.matches_proposed,
            "rejected": [r.__dict__ for r in self.rejected],
        }

    def lines(self) -> list[str]:
        """The report for a terminal."""
        out = [
            f"persons: {self.persons_added} added, {self.persons_updated} updated, "
            f"{self.persons_unchanged} unchanged; notes: {self.notes_added} added, "
            f"{self.notes_unchanged} unchanged; matches proposed: {self.matches_proposed}; "
            f"rejected: {len(self.rejected)}"
        ]
        out += [f"  {r.record} {r.record_id or '(no id)'}: {r.reason}" for r in self.rejected]
        return out


# parsing


def parse_xml(data: bytes) -> ET.Element:
    """Parse untrusted XML, refusing any DOCTYPE, entity or external reference (defusedxml)."""
    if len(data) > MAX_BYTES:
        raise PfifError(f"document larger than {MAX_BYTES} bytes")
    try:
        return defused.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PfifError("DOCTYPE and ENTITY declarations are refused in partner files") from exc
    except ET.ParseError as exc:
        raise PfifError(f"not well-formed XML: {exc}") from exc
    except (LookupError, ValueError) as exc:  # encoding="utf-7", or one Python does not know
        raise PfifError(f"unreadable XML encoding: {exc} (send UTF-8)") from exc


def _fields(element: ET.Element, names: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for child in element:
        if child.tag.startswith(f"{{{NS}}}"):
            local = child.tag.split("}", 1)[1]
            if local in names:
                values[local] = (child.text or "").strip()
    return {k: v for k, v in values.items() if v}


def parse_date(value: str) -> datetime:
    if not _DATE.match(value):
        raise ValueError("not YYYY-MM-DDTHH:MM:SSZ")
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _check_common(values: dict[str, str], required: tuple[str, ...]) -> str | None:
    for name in required:
        if not values.get(name):
            return f"missing required field {name}"
    for name in DATE_FIELDS:
        if name in values:
            try:
                parse_date(values[name])
            except ValueError:
                return f"bad date in {name}: {values[name]!r} (expected YYYY-MM-DDTHH:MM:SSZ)"
    for name in ("person_record_id", "note_record_id", "linked_person_record_id"):
        if name in values and not _RECORD_ID.match(values[name]):
            return f"bad {name} {values[name]!r} (expected domain/unique-id)"
    return None


def check_person(values: dict[str, str], now: datetime) -> str | None:
    """Why a person record is rejected, or None."""
    problem = _check_common(values, PERSON_REQUIRED)
    if problem:
        return problem
    if "sex" in values and values["sex"] not in SEXES:
        return f"unknown sex {values['sex']!r} (female, male or other)"
    if "date_of_birth" in values:
        try:
            _birth(values["date_of_birth"])
        except ValueError:
            return f"bad date_of_birth {values['date_of_birth']!r} (YYYY, YYYY-MM or YYYY-MM-DD)"
    if "age" in values:
        found = _AGE.match(values["age"])
        if not found or (found.group(2) and int(found.group(2)) < int(found.group(1))):
            return f"bad age {values['age']!r} (a number or a range like 30-40)"
    if "home_country" in values and not re.fullmatch(r"[A-Z]{2}", values["home_country"]):
        return f"bad home_country {values['home_country']!r} (ISO 3166-1 code)"
    if "expiry_date" in values and parse_date(values["expiry_date"]) < now:
        return f"expired on {values['expiry_date']}"
    return None


def check_note(values: dict[str, str]) -> str | None:
    """Why a note record is rejected, or None."""
    problem = _check_common(values, NOTE_REQUIRED)
    if problem:
        return problem
    if "status" in values and values["status"] not in STATUSES:
        return f"unknown status {values['status']!r} ({', '.join(STATUSES)})"
    if "author_made_contact" in values and values["author_made_contact"] not in ("true", "false"):
        return "author_made_contact must be true or false"
    return None


def _birth(value: str) -> date:
    if not _BIRTH.match(value):
        raise ValueError(value)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _age_of(values: dict[str, str], today: date) -> int | None:
    if found := _AGE.match(values.get("age", "")):
        low, high = int(found.group(1)), int(found.group(2) or found.group(1))
        return (low + high) // 2
    if "date_of_birth" in values:
        born = _birth(values["date_of_birth"])
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return None


# import


def import_pfif(
    tracing: Tracing, data: bytes, now: datetime | None = None, domain: str = DEFAULT_DOMAIN
) -> ImportReport:
    """Load a PFIF 1.4 document: keep the good records, report the others. Records in
    Amparo's own `domain` are refused: an export of ours coming back would otherwise be a
    second person (or note) under an id our next export gives to another."""
    now = now or utcnow()
    root = parse_xml(data)
    if root.tag != f"{{{NS}}}pfif":
        raise PfifError(f"not a PFIF 1.4 document (root {root.tag!r}, expected {{{NS}}}pfif)")
    report = ImportReport()
    persons: dict[str, dict[str, str]] = {}
    notes: list[dict[str, str]] = []
    rejected_people: set[str] = set()
    for element in root:
        if element.tag == f"{{{NS}}}person":
            values = _fields(element, PERSON_FIELDS)
            record_id = values.get("person_record_id")
            problem = check_person(values, now) or _ours(values, "person_record_id", domain)
            if not problem and record_id in persons:
                problem = "duplicate person_record_id in this document"
            if problem:
                report.rejected.append(Rejected("person", record_id, problem))
                if record_id and record_id not in persons:
                    rejected_people.add(record_id)
            else:
                persons[record_id] = values  # type: ignore[index]
            for nested in element.findall(f"{{{NS}}}note"):
                note = _fields(nested, NOTE_FIELDS)
                if record_id and note.setdefault("person_record_id", record_id) != record_id:
                    report.rejected.append(
                        Rejected(
                            "note",
                            note.get("note_record_id"),
                            "person_record_id differs from the person it is inside",
                        )
                    )
                    continue
                notes.append(note)
        elif element.tag == f"{{{NS}}}note":
            notes.append(_fields(element, NOTE_FIELDS))
        else:
            report.rejected.append(Rejected(element.tag, None, "unknown record type"))
    ids: dict[str, Person] = {}
    with tracing.store.transaction() as session:
        for record_id, values in persons.items():
            ids[record_id] = _store_person(tracing, session, values, now, report)
        seen: set[str] = set()
        for values in notes:
            note_id = values.get("note_record_id")
            problem = check_note(values) or _ours(values, "note_record_id", domain)
            person_id = values.get("person_record_id")
            person = ids.get(person_id or "")
            if person is None and not problem and person_id:
                person = session.exec(
                    select(Person).where(Person.pfif_record_id == person_id)
                ).first()
                if person is None:
                    problem = (
                        "its person was rejected"
                        if person_id in rejected_people
                        else f"unknown person_record_id {person_id}"
                    )
            if not problem and note_id in seen:
                problem = "duplicate note_record_id in this document"
            if problem or person is None:
                report.rejected.append(Rejected("note", note_id, problem or "no person"))
                continue
            seen.add(note_id)  # type: ignore[arg-type]
            if session.exec(select(PersonNote).where(PersonNote.pfif_note_id == note_id)).first():
                report.notes_unchanged += 1  # notes are immutable in PFIF
                continue
            session.add(
                PersonNote(
                    person_id=person.id,  # type: ignore[arg-type]
                    pfif_note_id=note_id,
                    author_name=values.get("author_name"),
                    status=values.get("status"),
                    text=values.get("text", ""),
                    fields=values,
                    source_date=parse_date(values["source_date"]),
                )
            )
            report.notes_added += 1
    for person in ids.values():
        if person.kind == "imported" and not person.protected:
            report.matches_proposed += len(tracing.match_new(person))
    return report


def _ours(values: dict[str, str], name: str, domain: str) -> str | None:
    """Why a record is refused for carrying an id in Amparo's own domain, or None."""
    if values[name].split("/", 1)[0].lower() == domain.lower():
        return f"{name} {values[name]!r} is in Amparo's own domain {domain}: not imported back"
    return None


def _store_person(
    tracing: Tracing, session: Any, values: dict[str, str], now: datetime, report: ImportReport
) -> Person:
    record_id = values["person_record_id"]
    person = session.exec(select(Person).where(Person.pfif_record_id == record_id)).first()
    known = (person.details.get("pfif") or {}) if person else {}
    if person is not None:
        if known.get("source_date", "") >= values["source_date"]:
            report.persons_unchanged += 1
            return person
        report.persons_updated += 1
    else:
        report.persons_added += 1
        person = Person(kind="imported", full_name="", name_key="", pfif_record_id=record_id)
    alternates = [a.strip() for a in values.get("alternate_names", "").splitlines() if a.strip()]
    person.full_name = values["full_name"]
    person.given_name = values.get("given_name")
    person.family_name = values.get("family_name")
    person.age = _age_of(values, now.date())
    person.place = values.get("home_city")
    person.source = values.get("source_name") or record_id.split("/", 1)[0]
    person.details = {**person.details, "pfif": values, "alternate_names": alternates}
    tracing.index_person(person, session)
    return person


# export


def export_pfif(tracing: Tracing, domain: str = DEFAULT_DOMAIN) -> bytes:
    """Amparo's people as a PFIF 1.4 document, as far as consent allows."""
    ET.register_namespace("pfif", NS)
    root = ET.Element(f"{{{NS}}}pfif")
    with tracing.store.transaction() as session:
        people = session.exec(
            select(Person)
            .where(col(Person.protected).is_(False), Person.consent != "refuse")
            .order_by(col(Person.id))
        ).all()
        for person in people:
            shared = person.consent == "share"
            if person.kind != "missing" and not shared and person.kind != "imported":
                continue  # a safe check-in or registrant who has not agreed: not even a name
            values, notes = _export_person(tracing, session, person, shared, domain)
            element = ET.SubElement(root, f"{{{NS}}}person")
            _put(element, values, PERSON_FIELDS)
            for note in notes:
                _put(ET.SubElement(element, f"{{{NS}}}note"), note, NOTE_FIELDS)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _export_person(
    tracing: Tracing, session: Any, person: Person, shared: bool, domain: str
) -> tuple[dict[str, str], list[dict[str, str]]]:
    stamp = _stamp(person.updated_at)
    record_id = person.pfif_record_id or f"{domain}/person.{person.id}"
    values: dict[str, str] = dict(person.details.get("pfif") or {})
    if not shared:
        values = {k: v for k, v in values.items() if k not in PRIVATE_PERSON_FIELDS}
    values.update(
        {
            "person_record_id": record_id,
            "full_name": person.full_name,
            "source_date": values.get("source_date", stamp),
        }
    )
    values.setdefault("entry_date", _stamp(person.created_at))
    values.setdefault("source_name", "Amparo")
    values.setdefault("author_name", "Amparo hotline")
    for name in ("given_name", "family_name"):
        if getattr(person, name):
            values[name] = getattr(person, name)
    if person.age is not None and "age" not in values and "date_of_birth" not in values:
        values["age"] = str(person.age)
    notes: list[dict[str, str]] = []
    if shared:
        for note in session.exec(
            select(PersonNote).where(PersonNote.person_id == person.id).order_by(col(PersonNote.id))
        ):
            notes.append({**note.fields, "person_record_id": record_id})
    if person.kind == "missing":
        notes.append(
            {
                "note_record_id": f"{domain}/note.sought.{person.id}",
                "person_record_id": record_id,
                "author_name": "Amparo hotline",
                "source_date": stamp,
                "status": "information_sought",
                "text": "A relative is looking for this person through Amparo.",
            }
        )
    elif shared and person.source == "amparo":
        city = tracing.directory.find_city(person.place) if person.place else None
        note = {
            "note_record_id": f"{domain}/note.safe.{person.id}",
            "person_record_id": record_id,
            "author_name": "Amparo hotline",
            "source_date": stamp,
            "author_made_contact": "true",
            "status": "believed_alive",
            "text": "Reported safe through Amparo, and agreed to share this.",
        }
        if person.place:
            note["last_known_location"] = city.name if city else person.place
        if person.contact:
            note["phone_of_found_person"] = person.contact
        notes.append(note)
    return values, notes


def _put(element: ET.Element, values: dict[str, str], names: tuple[str, ...]) -> None:
    for name in names:  # PFIF fixes the order of the fields
        if values.get(name):
            ET.SubElement(element, f"{{{NS}}}{name}").text = values[name]


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")
