"""The demo reference data covers what the brief asks, is clearly fictional, and bad files fail
with a message that names them."""

import re
import shutil
from datetime import date

import pytest

from data.directory import PHONE_CHANNELS, load_directory
from data.lexicon import load_lexicon
from data.reference_files import ReferenceDataError

NATIONALITIES = ["MX", "GT", "HN", "SV", "NI", "CR", "PA", "BZ", "DO", "HT", "VE"]
FICTIONAL = re.compile(r"^\+1 \d{3} 555 01\d\d$")
CHANNELS = {"sms", "twilio_whatsapp", "whatsapp", "telegram", "email"}
REAL_EMERGENCY = {
    "US": {"911"},
    "MX": {"911"},
    "CR": {"911"},
    "CL": {"131", "132", "133"},
    "BR": {"190", "192", "193"},
}


def test_every_nationality_has_consulates(directory):
    for code in NATIONALITIES:
        assert any(c.serves == code for c in directory.consulates), code


def test_six_host_cities_across_five_countries(directory):
    assert len(directory.cities) >= 6
    assert {c.country for c in directory.cities} == set(REAL_EMERGENCY)


def test_emergency_numbers_are_the_real_ones(directory):
    for host in directory.host_countries:
        assert {e.number for e in host.emergency} == REAL_EMERGENCY[host.code]


def test_demo_contacts_are_fictional(directory):
    for consulate in directory.consulates:
        assert "DEMO" in consulate.name
        for number in filter(None, [consulate.phone, consulate.whatsapp]):
            assert FICTIONAL.match(number), (consulate.id, number)
        assert consulate.email is None or consulate.email.endswith(".example")
    officers = [c.duty_officer for c in directory.consulates if c.duty_officer]
    for contact in [*officers, *directory.crisis_units]:
        assert "DEMO" in contact.name
        if contact.channel in PHONE_CHANNELS:
            assert FICTIONAL.match(contact.address), contact
        elif contact.channel == "email":
            assert contact.address.endswith(".example"), contact
    for shelter in directory.shelters:
        assert "DEMO" in shelter.name
        assert shelter.phone is None or FICTIONAL.match(shelter.phone)


def test_escalation_contacts_are_complete(directory):
    officers = [c.duty_officer for c in directory.consulates if c.duty_officer]
    assert len(officers) >= len(directory.consulates) - 2  # nearly every consulate has one
    contacts = [*officers, *directory.crisis_units]
    assert {c.channel for c in contacts} <= CHANNELS
    assert {"sms", "twilio_whatsapp", "telegram", "email"} <= {c.channel for c in contacts}
    units = [u.country for u in directory.crisis_units]
    assert len(units) == len(set(units))
    assert {c.serves for c in directory.consulates} <= set(units)
    for consulate in directory.consulates:
        assert directory.duty_officer(consulate.id) == consulate.duty_officer
        assert directory.crisis_unit(consulate.serves).country == consulate.serves


def test_contacts_not_reviewed_in_six_months_are_flagged(directory):
    today = date(2026, 11, 23)
    stale = directory.stale_contacts(today)
    assert {s.kind for s in stale} == {"consulate", "crisis_unit"}  # the demo shows both
    assert all(s.days == (today - s.last_reviewed).days for s in stale)
    flagged = {(s.kind, s.id) for s in stale}
    reviewed = [("consulate", c.id, c.last_reviewed) for c in directory.consulates]
    reviewed += [("crisis_unit", u.country, u.last_reviewed) for u in directory.crisis_units]
    for kind, id_, last in reviewed:
        assert ((kind, id_) in flagged) == ((today - last).days > 182), (kind, id_, last)
    assert [s.days for s in stale] == sorted((s.days for s in stale), reverse=True)
    assert directory.stale_contacts(date(2026, 1, 1)) == []  # nothing is stale before its time


def test_no_consulate_serves_its_own_host_country(directory):
    for consulate in directory.consulates:
        assert consulate.serves != directory.city(consulate.city).country


@pytest.mark.parametrize(
    ("file", "breakage", "message"),
    [
        (
            "directory.yml",
            lambda t: t.replace("city: houston", "city: atlantis", 1),
            "unknown city atlantis",
        ),
        ("directory.yml", lambda t: t + "\n  - {bad: [", "not valid YAML"),
        (
            "directory.yml",
            lambda t: t.replace("channel: sms", "channel: pigeon", 1),
            "directory.yml",
        ),
        (
            "directory.yml",
            lambda t: t.replace(
                'channel: sms, address: "+1 713 555 0103"',
                'channel: email, address: "+1 713 555 0103"',
                1,
            ),
            "is not an address on email",
        ),
        (
            "directory.yml",
            lambda t: re.sub(r"\n  - \{country: MX,[^\n]*", "", t, count=1),
            "no crisis unit for MX",
        ),
        (
            "directory.yml",
            lambda t: t.replace(
                "crisis_units:\n",
                'crisis_units:\n  - {country: ZZ, name: "DEMO crisis unit, Nowhere", '
                'channel: sms, address: "+1 555 555 0150", last_reviewed: 2026-01-01}\n',
                1,
            ),
            "unknown country ZZ",
        ),
        ("countries.yml", lambda t: t.replace("code: HN", "cod: HN", 1), "countries.yml"),
        ("lexicon.yml", lambda t: t.replace("numbers:", "numbrs:", 1), "lexicon.yml"),
    ],
    ids=[
        "dangling-city",
        "broken-yaml",
        "unknown-channel",
        "address-wrong-for-channel",
        "nationality-without-crisis-unit",
        "crisis-unit-unknown-country",
        "missing-field",
        "lexicon-key",
    ],
)
def test_bad_reference_data_fails_clearly(tmp_path, file, breakage, message):
    from amparo.settings import ROOT

    for name in ("countries.yml", "directory.yml", "lexicon.yml"):
        shutil.copy(ROOT / "data" / "reference" / name, tmp_path / name)
    path = tmp_path / file
    path.write_text(breakage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=re.escape(message)):
        load_directory(tmp_path)
        load_lexicon(tmp_path)
