"""Name matching for family tracing, as tables of real-looking pairs."""

import pytest

from bot.names import (
    NameIndex,
    default_nicknames,
    fold,
    name_similarity,
    parse_name,
    person_keys,
    phonetic,
    score,
)

SAME = [
    ("José Luis Hernández García", "Pepe Hernandes"),  # nickname, accent, s/z, one surname
    ("José Luis Hernández García", "Hernández García, José Luis"),  # surname first
    ("José Luis Hernández García", "Jose Luis Hernandez"),  # missing second surname
    ("José Luis Hernández García", "Jose Luis Hernadez Garcia"),  # typo
    ("Guadalupe Ramírez Soto", "Lupita Ramires"),
    ("María Guadalupe Pérez", "Lupe Perez"),
    ("Francisco Javier Gómez", "Pancho Gomez"),
    ("Francisco López", "Paco Lopes"),
    ("Jesús Martínez", "Chuy Martines"),
    ("Concepción Díaz de la Cruz", "Conchita Diaz Cruz"),
    ("Dolores Castillo", "Lola Castiyo"),
    ("Ignacio Vázquez", "Nacho Vasquez"),
    ("Rosario Gutiérrez", "Chayo Gutierres"),
    ("Guillermo Ortiz", "Memo Ortíz"),
    ("Eduardo Chávez Ruiz", "Lalo Chaves"),
    ("Alejandro Morales", "Alex Moralez"),
    ("Roberto Cruz", "Beto Cruz"),
    ("Alberto Cruz", "Beto Cruz"),
    ("José María López", "Chema López"),
    ("Yolanda Vallejo", "Llolanda Vayejo"),
    ("Jean-Baptiste Pierre", "Jean Baptiste Pierre"),
    ("Jean Pierre Louis", "Jan Pierre Louis"),
    ("Marie-Claire Joseph", "Marie Claire Joseph"),
    ("João Gonçalves da Silva", "Joao Goncalves Silva"),
    ("Sebastião Pereira", "Tião Pereira"),
    ("Antonio Reyes", "Toño Reyes"),
    ("Xiomara Guerrero", "Xiomara Gerrero"),
]
DIFFERENT = [
    ("José Hernández García", "Luis Hernández García"),  # brothers share both surnames
    ("José Hernández", "José García"),
    ("Juan Pérez", "José Pérez"),
    ("Roberto Cruz", "Alberto Cruz"),  # both "Beto", but not each other
    ("María López", "Mario López"),
    ("Guadalupe Ramírez", "Gabriela Ramírez"),
    ("Jean Pierre", "Jacques Pierre"),
    ("Ana Castillo", "Rosa Medina"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_variants_of_one_name_match(a: str, b: str) -> None:
    similarity = name_similarity(parse_name(a), parse_name(b))
    assert similarity >= 0.75, (a, b, similarity)
    assert name_similarity(parse_name(b), parse_name(a)) == pytest.approx(similarity, abs=0.05)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_do_not(a: str, b: str) -> None:
    similarity = name_similarity(parse_name(a), parse_name(b))
    assert similarity < 0.7, (a, b, similarity)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("José Luis HERNÁNDEZ-García", "jose luis hernandez garcia"),
        ("  Nguyễn  Thị ", "nguyen thi"),
        ("Gonçalves d'Ávila", "goncalves d avila"),
        ("Peña 3", "pena"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hernandez", "hernandes"),
        ("gimenez", "jimenez"),
        ("vallejo", "vayejo"),
        ("gonsalves", "gonzalves"),
        ("barrios", "varrios"),
        ("guerrero", "guerero"),
        ("philippe", "filipe"),
        ("quintero", "kintero"),
        ("beaumont", "bomont"),
    ],
)
def test_phonetic_keys_agree_on_spelling_variants(a: str, b: str) -> None:
    assert phonetic(a) == phonetic(b)


def test_phonetic_keys_keep_different_names_apart() -> None:
    assert len({phonetic(n) for n in ("garcia", "garza", "gaspar", "guillermo", "gerardo")}) == 5


def test_particles_and_compound_nicknames() -> None:
    assert parse_name("María de la Luz y Pérez").tokens == ("maria", "luz", "perez")
    assert parse_name("Joselu Pérez").tokens == ("jose", "luis", "perez")
    assert "jose" in parse_name("Pepe").forms[0]


def test_the_nickname_table_is_large_and_covers_the_issue() -> None:
    nicknames = default_nicknames()
    assert len(nicknames) >= 60
    for nickname, name in [
        ("pepe", "jose"),
        ("chepe", "jose"),
        ("lupe", "guadalupe"),
        ("pancho", "francisco"),
        ("kiko", "francisco"),
        ("chucho", "jesus"),
        ("concha", "concepcion"),
        ("lola", "dolores"),
        ("nacho", "ignacio"),
        ("manolo", "manuel"),
        ("chayo", "rosario"),
        ("coco", "socorro"),
        ("quique", "enrique"),
        ("ale", "alejandro"),
        ("beto", "roberto"),
        ("beto", "alberto"),
        ("memo", "guillermo"),
        ("lalo", "eduardo"),
        ("rafa", "rafael"),
        ("tono", "antonio"),
        ("jan", "jean"),
    ]:
        assert name in nicknames.forms(nickname), nickname


def test_keys_make_order_and_missing_surnames_meet() -> None:
    full = person_keys("José Luis Hernández García")
    assert person_keys("Pepe Hernandes") & full >= {"jose", "ernandes"}
    assert person_keys("García Hernández José Luis") == full


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"query_age": 17, "candidate_age": 17}, "high"),
        ({"query_age": 17, "candidate_age": 19}, "high"),
        ({"query_age": 17, "candidate_age": 45}, "low"),
        ({"query_nationality": "MX", "candidate_nationality": "GT"}, "lower"),
        ({}, "middle"),
    ],
)
def test_age_and_nationality_move_the_score(facts: dict, expected: str) -> None:
    total = score(parse_name("José Luis Hernández"), parse_name("Pepe Hernández"), **facts).total
    bands = {"high": (0.85, 1.0), "middle": (0.75, 0.85), "lower": (0.65, 0.8), "low": (0, 0.7)}
    low, high = bands[expected]
    assert low <= total <= high, (facts, total)


def test_index_finds_variants_typos_and_respects_blocking() -> None:
    index = NameIndex()
    names = {
        1: ("José Luis Hernández García", 17, "MX"),
        2: ("Luis Hernández García", 45, "MX"),
        3: ("José Hernández", 60, "GT"),
        4: ("María Guadalupe Pérez", 30, "SV"),
        5: ("Jean Pierre Louis", 25, "HT"),
    }
    for person_id, (name, age, nationality) in names.items():
        index.set_person(person_id, age, nationality, "imported")
        index.add_keys((key, person_id) for key in person_keys(name))
    for query in ("Pepe Hernandes", "Hernandez Garcia Jose Luis", "Jose Luis Hernadez"):
        assert index.candidates(parse_name(query), age=17, nationality="MX")[0] == 1, query
    assert index.candidates(parse_name("Lupita Peres"))[0] == 4
    assert index.candidates(parse_name("Jan Pierre"))[0] == 5
    index.block(1)
    assert 1 not in index.candidates(parse_name("Pepe Hernandes"))
    assert index.candidates(parse_name("Nobody Atall")) == []
    assert 5 not in index.candidates(parse_name("Jean Pierre"), kinds=("missing",))
