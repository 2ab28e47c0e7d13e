"""The demo reference data covers what the brief asks, is clearly fictional, and bad files fail
with a message that names them."""

import re
import shutil

import pytest

from data.directory import load_directory
from data.lexicon import load_lexicon
from data.reference_files import ReferenceDataError

NATIONALITIES = ["MX", "GT", "HN", "SV", "NI", "CR", "PA", "BZ", "DO", "HT", "VE"]
FICTIONAL = re.compile(r"^\+1 \d{3} 555 01\d\d$")
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
        for number in filter(None, [consulate.phone, consulate.whatsapp, consulate.duty_officer]):
            assert FICTIONAL.match(number), (consulate.id, number)
        assert consulate.email is None or consulate.email.endswith(".example")
    for shelter in directory.shelters:
        assert "DEMO" in shelter.name
        assert shelter.phone is None or FICTIONAL.match(shelter.phone)


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
        ("countries.yml", lambda t: t.replace("code: HN", "cod: HN", 1), "countries.yml"),
        ("lexicon.yml", lambda t: t.replace("numbers:", "numbrs:", 1), "lexicon.yml"),
    ],
    ids=["dangling-city", "broken-yaml", "missing-field", "lexicon-key"],
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
