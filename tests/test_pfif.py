"""PFIF 1.4 import and export: every field, malformed records reported with the good ones kept,
a round trip, consent on export, and XML entity attacks refused."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from amparo.service import Service
from amparo.settings import Settings
from amparo.tracing.pfif import (
    DEFAULT_DOMAIN,
    NOTE_FIELDS,
    NS,
    PERSON_FIELDS,
    PfifError,
    export_pfif,
    import_pfif,
)
from data.models import Person, PersonNote
from tests.conftest import Migrate
from tests.people import add_user, login

P = f"{{{NS}}}"
FULL_PERSON = {
    "person_record_id": "cruzroja.example.org/p.1001",
    "entry_date": "2026-11-20T10:00:00Z",
    "expiry_date": "2099-01-01T00:00:00Z",
    "author_name": "Marta Quiñónez",
    "author_email": "marta@cruzroja.example.org",
    "author_phone": "+52 962 555 0101",
    "source_name": "Cruz Roja Tapachula",
    "source_date": "2026-11-20T09:30:00Z",
    "source_url": "https://cruzroja.example.org/p/1001",
    "full_name": "José Luis Hernández García",
    "given_name": "José Luis",
    "family_name": "Hernández García",
    "alternate_names": "Pepe Hernández\nJoselu",
    "description": "Camisa roja, cicatriz en la ceja izquierda.",
    "sex": "male",
    "date_of_birth": "2009-03-14",
    "age": "16-18",
    "home_street": "Calle 5 de Mayo 12",
    "home_neighborhood": "Centro",
    "home_city": "Tapachula",
    "home_state": "Chiapas",
    "home_postal_code": "30700",
    "home_country": "MX",
    "photo_url": "https://cruzroja.example.org/p/1001.jpg",
    "profile_urls": "https://social.example.org/pepe\nhttps://other.example.org/jl",
}
FULL_NOTE = {
    "note_record_id": "cruzroja.example.org/n.5001",
    "person_record_id": "cruzroja.example.org/p.1001",
    "linked_person_record_id": "hospital.example.org/p.77",
    "entry_date": "2026-11-20T10:05:00Z",
    "author_name": "Marta Quiñónez",
    "author_email": "marta@cruzroja.example.org",
    "author_phone": "+52 962 555 0101",
    "source_date": "2026-11-20T09:45:00Z",
    "author_made_contact": "true",
    "status": "believed_alive",
    "email_of_found_person": "pepe@example.org",
    "phone_of_found_person": "+52 962 555 0199",
    "last_known_location": "Albergue Belén, Tapachula",
    "text": "Llegó al albergue con su primo; está bien.",
    "photo_url": "https://cruzroja.example.org/n/5001.jpg",
}


def element(tag: str, values: dict[str, str], notes: list[dict[str, str]] = ()) -> str:
    fields = "".join(f"<pfif:{k}>{v}</pfif:{k}>" for k, v in values.items())
    inner = "".join(element("note", n) for n in notes)
    return f"<pfif:{tag}>{fields}{inner}</pfif:{tag}>"


def document(*records: str) -> bytes:
    body = "".join(records)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="{NS}">{body}</pfif:pfif>'
    ).encode()


def person(record_id: str, name: str, **extra: str) -> dict[str, str]:
    return {
        "person_record_id": record_id,
        "source_date": "2026-11-21T08:00:00Z",
        "full_name": name,
        **extra,
    }


def note(note_id: str, person_id: str, **extra: str) -> dict[str, str]:
    return {
        "note_record_id": note_id,
        "person_record_id": person_id,
        "author_name": "Hospital General",
        "source_date": "2026-11-21T08:10:00Z",
        "text": "Ingresado, estable.",
        **extra,
    }


def stored(service: Service) -> tuple[list[Person], list[PersonNote]]:
    with service.store.transaction() as session:
        return list(session.exec(select(Person))), list(session.exec(select(PersonNote)))


def test_every_field_is_imported(service: Service) -> None:
    assert set(FULL_PERSON) == set(PERSON_FIELDS) and set(FULL_NOTE) == set(NOTE_FIELDS)
    report = import_pfif(service.tracing, document(element("person", FULL_PERSON, [FULL_NOTE])))
    assert (report.persons_added, report.notes_added, report.rejected) == (1, 1, [])
    [p], [n] = stored(service)
    assert (p.kind, p.full_name, p.given_name, p.family_name) == (
        "imported",
        "José Luis Hernández García",
        "José Luis",
        "Hernández García",
    )
    assert (p.age, p.place, p.source, p.pfif_record_id) == (
        17,
        "Tapachula",
        "Cruz Roja Tapachula",
        "cruzroja.example.org/p.1001",
    )
    assert p.details["pfif"] == FULL_PERSON
    assert p.details["alternate_names"] == ["Pepe Hernández", "Joselu"]
    assert (n.status, n.author_name, n.text) == (
        "believed_alive",
        "Marta Quiñónez",
        FULL_NOTE["text"],
    )
    assert n.fields == FULL_NOTE and n.pfif_note_id == FULL_NOTE["note_record_id"]
    # Imported people are indexed: found by a nickname and a misspelling.
    [found] = service.tracing.search("Pepe Hernandes", age=17)
    assert found.person.id == p.id


def test_malformed_records_are_reported_and_the_good_ones_kept(service: Service) -> None:
    good = person("shelter.example.org/1", "María Guadalupe Pérez", age="30")
    records = [
        element("person", good),
        element("person", {"person_record_id": "shelter.example.org/2", "full_name": "Sin Fecha"}),
        element("person", person("shelter.example.org/3", "Fecha Mala", entry_date="21/11/2026")),
        element("person", person("sin-dominio", "Id Malo")),
        element("person", person("shelter.example.org/4", "Sexo Raro", sex="x")),
        element("person", person("shelter.example.org/5", "Edad Mala", age="40-30")),
        element("person", person("shelter.example.org/6", "Nacido", date_of_birth="2001-13-45")),
        element(
            "person",
            person("shelter.example.org/7", "Caducado", expiry_date="2020-01-01T00:00:00Z"),
        ),  # noqa: E501
        element("person", person("shelter.example.org/1", "Duplicado")),
        element(
            "person",
            {"person_record_id": "shelter.example.org/8", "source_date": "2026-11-21T08:00:00Z"},
        ),  # noqa: E501
        element("note", note("hospital.example.org/n1", "shelter.example.org/1")),
        element("note", note("hospital.example.org/n2", "shelter.example.org/1", status="ok")),
        element("note", note("hospital.example.org/n3", "nowhere.example.org/9")),
        element("note", note("hospital.example.org/n1", "shelter.example.org/1")),
        element("note", note("hospital.example.org/n4", "shelter.example.org/3")),
        element(
            "note",
            {
                "note_record_id": "hospital.example.org/n5",
                "person_record_id": "shelter.example.org/1",
            },
        ),  # noqa: E501
        element(
            "note",
            note("hospital.example.org/n6", "shelter.example.org/1", author_made_contact="yes"),
        ),  # noqa: E501
    ]
    report = import_pfif(service.tracing, document(*records))
    assert (report.persons_added, report.notes_added) == (1, 1)
    reasons = {(r.record, r.record_id): r.reason for r in report.rejected}
    assert reasons == {
        ("person", "shelter.example.org/2"): "missing required field source_date",
        ("person", "shelter.example.org/3"): (
            "bad date in entry_date: '21/11/2026' (expected YYYY-MM-DDTHH:MM:SSZ)"
        ),
        ("person", "sin-dominio"): "bad person_record_id 'sin-dominio' (expected domain/unique-id)",
        ("person", "shelter.example.org/4"): "unknown sex 'x' (female, male or other)",
        ("person", "shelter.example.org/5"): "bad age '40-30' (a number or a range like 30-40)",
        ("person", "shelter.example.org/6"): (
            "bad date_of_birth '2001-13-45' (YYYY, YYYY-MM or YYYY-MM-DD)"
        ),
        ("person", "shelter.example.org/7"): "expired on 2020-01-01T00:00:00Z",
        ("person", "shelter.example.org/1"): "duplicate person_record_id in this document",
        ("person", "shelter.example.org/8"): "missing required field full_name",
        ("note", "hospital.example.org/n2"): (
            "unknown status 'ok' (information_sought, is_note_author, believed_alive, "
            "believed_missing, believed_dead)"
        ),
        ("note", "hospital.example.org/n3"): "unknown person_record_id nowhere.example.org/9",
        ("note", "hospital.example.org/n1"): "duplicate note_record_id in this document",
        ("note", "hospital.example.org/n4"): "its person was rejected",
        ("note", "hospital.example.org/n5"): "missing required field author_name",
        ("note", "hospital.example.org/n6"): "author_made_contact must be true or false",
    }
    [kept], [kept_note] = stored(service)
    assert kept.full_name == "María Guadalupe Pérez" and kept_note.person_id == kept.id


def test_reimport_updates_only_newer_records(service: Service) -> None:
    first = person("shelter.example.org/1", "Rosa Tzul", age="30")
    import_pfif(service.tracing, document(element("person", first)))
    again = import_pfif(service.tracing, document(element("person", first)))
    assert (again.persons_added, again.persons_unchanged) == (0, 1)
    newer = {**first, "source_date": "2026-11-22T08:00:00Z", "full_name": "Rosa Tzul Ajcot"}
    report = import_pfif(service.tracing, document(element("person", newer)))
    assert report.persons_updated == 1
    [p], _ = stored(service)
    assert p.full_name == "Rosa Tzul Ajcot"
    assert service.tracing.search("Rosa Ajcot")[0].person.id == p.id


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;'
        b'&lol;">]><pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>'
        b"<pfif:full_name>&lol2;</pfif:full_name></pfif:person></pfif:pfif>",
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person><pfif:full_name>&xxe;'
        b"</pfif:full_name></pfif:person></pfif:pfif>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode(
            "utf-16"
        ),
    ],
    ids=["billion-laughs", "external-entity", "utf16-doctype"],
)
def test_entity_declarations_are_refused(service: Service, data: bytes) -> None:
    with pytest.raises(PfifError, match="DOCTYPE and ENTITY"):
        import_pfif(service.tracing, data)
    assert stored(service) == ([], [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<pfif:pfif", "not well-formed"),
        (b'<pfif xmlns="http://zesty.ca/pfif/1.2"/>', "not a PFIF 1.4 document"),
        (  # issue 14: expat cannot read UTF-7, and Python's error once became a 500
            document(element("person", person("shelter.example.org/1", "Rosa Tzul"))).replace(
                b"UTF-8", b"utf-7"
            ),
            "unreadable XML encoding",
        ),
        (b'<?xml version="1.0" encoding="x-no-such-codec"?><a/>', "unreadable XML encoding"),
    ],
)
def test_documents_that_are_not_pfif_are_refused(
    service: Service, data: bytes, reason: str
) -> None:
    with pytest.raises(PfifError, match=reason):
        import_pfif(service.tracing, data)


def test_records_in_amparos_own_domain_are_refused(service: Service) -> None:
    """Issue 14: a partner's record under an id of Amparo's own export made the next export hold
    two different people with one person_record_id."""
    ours = service.tracing.add_person(kind="missing", full_name="Ana Sofía López", age=9)
    [exported] = people_in(export_pfif(service.tracing)).values()
    our_id = str(exported["person_record_id"])
    assert our_id == f"{DEFAULT_DOMAIN}/person.{ours.id}"
    stranger = person(our_id, "Pedro Otro", age="50")
    their_note = note(f"{DEFAULT_DOMAIN}/note.safe.{ours.id}", "shelter.example.org/1")
    report = import_pfif(
        service.tracing,
        document(
            element("person", stranger),
            element("person", person("shelter.example.org/1", "Rosa Tzul")),
            element("note", their_note),
        ),
    )
    assert [(r.record, r.record_id, r.reason) for r in report.rejected] == [
        ("person", our_id, f"person_record_id {our_id!r} is in Amparo's own domain "
         f"{DEFAULT_DOMAIN}: not imported back"),
        ("note", their_note["note_record_id"], f"note_record_id {their_note['note_record_id']!r}"
         f" is in Amparo's own domain {DEFAULT_DOMAIN}: not imported back"),
    ]  # fmt: skip
    assert report.persons_added == 1
    ids = [p["person_record_id"] for p in people_in(export_pfif(service.tracing)).values()]
    assert ids.count(our_id) == 1 and len(ids) == len(set(ids))


def people_in(xml: bytes) -> dict[str, dict[str, object]]:
    root = ET.fromstring(xml)
    found: dict[str, dict[str, object]] = {}
    for p in root.findall(f"{P}person"):
        values: dict[str, object] = {
            c.tag.removeprefix(P): c.text for c in p if c.tag != f"{P}note"
        }
        values["notes"] = [
            {c.tag.removeprefix(P): c.text for c in n} for n in p.findall(f"{P}note")
        ]
        found[str(values["full_name"])] = values
    return found


def test_export_follows_consent(service: Service) -> None:
    tracing = service.tracing
    conv = service.store.conversation("sms", "+15055550111")
    tracing.add_person(
        kind="missing", full_name="Ana Lucía Xol", age=9, place="Tapachula", conversation_id=conv.id
    )
    tracing.add_person(
        kind="safe", full_name="Pedro Xol", place="tapachula", contact="+15055550120",
        consent="share",
    )  # fmt: skip
    tracing.add_person(kind="safe", full_name="Juana Caal", contact="+15055550112")
    tracing.add_person(kind="registrant", full_name="Mario Caal", contact="+15055550113")
    tracing.add_person(kind="safe", full_name="Lidia Oxlaj", consent="refuse")
    hidden = tracing.add_person(kind="safe", full_name="Elena Choc", consent="share")
    with service.store.transaction() as session:
        session.get(Person, hidden.id).protected = True
    import_pfif(tracing, document(element("person", FULL_PERSON, [FULL_NOTE])))

    exported = people_in(export_pfif(tracing))
    assert set(exported) == {"Ana Lucía Xol", "Pedro Xol", "José Luis Hernández García"}
    missing = exported["Ana Lucía Xol"]
    assert missing["age"] == "9" and "home_city" not in missing
    [sought] = missing["notes"]
    assert sought["status"] == "information_sought" and "last_known_location" not in sought
    assert "+15055550111" not in export_pfif(tracing).decode()  # the inquirer's number stays
    [safe] = exported["Pedro Xol"]["notes"]
    assert (safe["status"], safe["last_known_location"], safe["phone_of_found_person"]) == (
        "believed_alive",
        "Tapachula",
        "+15055550120",
    )
    imported = exported["José Luis Hernández García"]
    assert imported["notes"] == []  # not agreed: no whereabouts, no contacts
    for private in ("home_street", "home_city", "author_phone", "photo_url", "profile_urls"):
        assert private not in imported
    assert imported["person_record_id"] == FULL_PERSON["person_record_id"]


def test_round_trip_keeps_every_field(
    service: Service, tmp_path: Path, settings: Settings, migrate: Migrate
):
    import_pfif(service.tracing, document(element("person", FULL_PERSON, [FULL_NOTE])))
    with service.store.transaction() as session:
        session.exec(select(Person)).one().consent = "share"
    first = export_pfif(service.tracing)
    exported = people_in(first)["José Luis Hernández García"]
    assert {k: v for k, v in exported.items() if k != "notes"} == FULL_PERSON
    assert exported["notes"] == [FULL_NOTE]

    # Into another Amparo: the same records, and its export is the same document.
    from amparo.service import Service as Fresh
    from data.store import Store

    url = f"sqlite:///{tmp_path / 'other.db'}"
    migrate(url)
    other = Fresh(settings, Store(url, "x"), service.directory, service.nlu, service.core)
    report = import_pfif(other.tracing, first)
    assert (report.persons_added, report.notes_added, report.rejected) == (1, 1, [])
    with other.store.transaction() as session:
        session.exec(select(Person)).one().consent = "share"
    assert people_in(export_pfif(other.tracing)) == people_in(first)


def test_pfif_over_the_api_and_the_command_line(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
):
    add_user(client, "sara", "supervisor")
    add_user(client, "ana", "agent")
    staff, agent = login(client, "sara"), login(client, "ana")
    bad = element("person", person("shelter.example.org/2", "Sexo", sex="?"))
    data = document(element("person", FULL_PERSON, [FULL_NOTE]), bad)
    uploaded = client.post(
        "/api/pfif/import", files={"file": ("list.xml", data, "application/xml")}, headers=staff
    )
    assert uploaded.status_code == 200, uploaded.text
    body = uploaded.json()
    assert body["persons_added"] == 1 and body["notes_added"] == 1
    assert body["rejected"] == [
        {"record": "person", "record_id": "shelter.example.org/2", "reason": "unknown sex '?' "
         "(female, male or other)"}
    ]  # fmt: skip
    raw = client.post(
        "/api/pfif/import",
        content=document(element("person", person("h.example.org/1", "Rosa Tzul"))),
        headers={**staff, "Content-Type": "application/xml"},
    )
    assert raw.status_code == 200 and raw.json()["persons_added"] == 1
    attack = b'<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'
    refused = client.post(
        "/api/pfif/import", content=attack, headers={**staff, "Content-Type": "application/xml"}
    )
    assert refused.status_code == 422 and "ENTITY" in refused.json()["detail"]
    assert client.post("/api/pfif/import", content=data, headers=agent).status_code == 403
    assert client.get("/api/pfif/export", headers=agent).status_code == 403
    exported = client.get("/api/pfif/export", headers=staff)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith(
        "application/xml"
    )
    assert "Rosa Tzul" in exported.text

    from amparo.cli import app

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    from amparo.settings import get_settings

    get_settings.cache_clear()
    path = tmp_path / "shelter.xml"
    path.write_bytes(document(element("person", person("cli.example.org/1", "Juan Caal")), bad))
    result = CliRunner().invoke(app, ["pfif", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "persons: 1 added" in result.output and "unknown sex" in result.output
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(app, ["pfif", "export", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Juan Caal" in out.read_text(encoding="utf-8")
    get_settings.cache_clear()
