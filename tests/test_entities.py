"""Entities by rule, as a table: text -> (entity, value) expected among the results."""

import pytest

from bot.entities import normalise_phone

CASES = [
    # phones, normalised to E.164
    ("mi numero es +52 962 555 0134", "phone", "+529625550134"),
    ("llamame al +52 1 962 555 0134", "phone", "+529625550134"),  # old Mexican mobile prefix
    ("5219625550134", "phone", "+529625550134"),  # WhatsApp, no '+', old prefix
    ("call me at (713) 555-0101", "phone", "+17135550101"),
    ("nimewo m se +56 9 5555 0123", "phone", "+56955550123"),
    # nationality: demonyms, country names as origin, in five languages
    ("soy hondureña", "nationality", "HN"),
    ("somos catrachos", "nationality", "HN"),
    ("I'm from Guatemala", "nationality", "GT"),
    ("je suis haïtien", "nationality", "HT"),
    ("sou venezuelano", "nationality", "VE"),
    ("mwen se ayisyen", "nationality", "HT"),
    ("soy de México", "nationality", "MX"),
    # places: cities and their aliases
    ("estamos en Tapachula", "place", "Tapachula"),
    ("en la cdmx", "place", "Ciudad de México"),
    ("nou nan Santiago", "place", "Santiago"),
    ("estou em sao paulo", "place", "São Paulo"),
    # counts of people and ages
    ("somos 5", "people_count", "5"),
    ("we are three adults", "people_count", "3"),
    ("nou se 6 moun", "people_count", "6"),
    ("tiene 12 años", "age", "12"),
    ("she is 9 years old", "age", "9"),
    ("il a 15 ans", "age", "15"),
    # names after a cue or a relation word
    ("se llama Maria Lopez", "person_name", "Maria Lopez"),
    ("busco a mi hijo Juan", "person_name", "Juan"),
    # French names the city "Mexico" (the country is "le Mexique")
    ("elle s'est perdue à Mexico", "place", "Ciudad de México"),
    ("my brother's name is Kevin Alvarado", "person_name", "Kevin Alvarado"),
    ("pitit mwen rele Jean Baptiste", "person_name", "Jean Baptiste"),
    # a country said alone, not one the directory's consulates work in: where they are from
    ("bangladesh", "nationality", "BD"),
    # needs, from the training data's synonyms
    ("perdi mi pasaporte", "need", "documents"),
    ("necesito un albergue", "need", "shelter"),
]


@pytest.mark.parametrize(("text", "entity", "value"), CASES, ids=[c[0] for c in CASES])
def test_entity_found(nlu, text, entity, value):
    found = [(e.entity, e.value) for e in nlu.extractor.extract(text)]
    assert (entity, value) in found, found


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("estoy en México", "nationality"),  # where someone is, not where they are from
        ("tengo 3 hijos", "phone"),
        ("Ciudad de México", "nationality"),
        # the authorities of the country someone is in say nothing of where they are from
        ("me llegó una carta de la migración mexicana", "nationality"),
        ("the chilean police stopped our bus", "nationality"),
        ("a polícia federal brasileira levou ele", "nationality"),
        # months of a pregnancy are no age
        ("mi hermana tiene 6 meses de embarazo", "age"),
        # a host country said alone is where someone is, not where they are from
        ("Mexico", "nationality"),
    ],
)
def test_entity_not_found(nlu, text, entity):
    assert entity not in [e.entity for e in nlu.extractor.extract(text)]


def test_offsets_point_at_the_surface_text(nlu):
    text = "Ayúdenme, somos 4 en Tijuana y soy salvadoreño"
    for e in nlu.extractor.extract(text):
        assert text[e.start : e.end], e
    place = next(e for e in nlu.extractor.extract(text) if e.entity == "place")
    assert text[place.start : place.end] == "Tijuana"


@pytest.mark.parametrize(
    ("expected", "text", "value"),
    [
        ("people_count", "5", "5"),
        ("age", "doce", "12"),
        ("person_name", "Rosa Elena Díaz", "Rosa Elena Díaz"),
        ("person_name", "Rudy Baptiste, she is twelve", "Rudy Baptiste"),  # the name, then facts
        ("person_name", "its my daughter, Keisha Brown, 14 years old", "Keisha Brown"),
        ("person_name", "Nombre: Lucía Gómez, edad 33", "Lucía Gómez"),
        ("person_name", "mi sobrino brayan de 15 años", "brayan"),
        ("person_name", "Delmy Cruz de 52", "Delmy Cruz"),
        ("person_name", "se llama jose luis mejia y tiene 40", "jose luis mejia"),
    ],
)
def test_expected_entity_accepts_a_bare_answer(nlu, expected, text, value):
    found = [(e.entity, e.value) for e in nlu.extractor.extract(text, expected=expected)]
    assert (expected, value) in found


@pytest.mark.parametrize(
    "text",
    ["no sé su nombre completo", "I don't know his full name", "je connais pas son vrai nom"],
)
def test_what_a_name_is_said_to_be_is_not_a_name(nlu, text):
    found = nlu.extractor.extract(text, expected="person_name")
    assert "person_name" not in [e.entity for e in found], found


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("granmè m gen swasanntwit an", "68"),
        ("papa m gen katrevensenk an", "85"),
        ("li gen karannsis an", "46"),
        ("tonton m gen swasanndisèt an", "77"),
        ("li gen 71 an", "71"),
    ],
)
def test_creole_ages_in_words(nlu, text, age):
    found = [(e.entity, e.value) for e in nlu.extractor.extract(text, language="ht")]
    assert ("age", age) in found, found


@pytest.mark.parametrize(
    ("raw", "regions", "e164"),
    [
        ("9625550134", ("MX",), "+529625550134"),
        ("+1 713 555 0101", (), "+17135550101"),
        ("12345", (), None),
        ("whatsapp", (), None),
        # where the person is first, then their own phone's country, then the usual ones
        ("3456 0172", ("MX", "HT"), "+50934560172"),
        ("(95) 99134-0129", ("BR",), "+5595991340129"),
        ("5215512345678", ("US",), "+525512345678"),  # WhatsApp's '+'-less old Mexican form
        ("50934560172", ("US",), "+50934560172"),
    ],
)
def test_normalise_phone(raw, regions, e164):
    assert normalise_phone(raw, regions) == e164


def test_the_country_mexico_is_not_the_city(nlu):
    places = [e.value for e in nlu.extractor.extract("we crossed into Mexico last week")]
    assert "Ciudad de México" not in places
