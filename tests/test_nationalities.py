"""Nationalities without a consulate in the directory are recorded all the same, as a table:
text -> the country read. Words that only look like a nationality are not one, and home towns
still go to the nationalities the directory serves."""

import pytest

from data.words import fold

FOUND = [
    # South America and the Caribbean
    ("somos bolivianos, estamos en São Paulo", "BO"),
    ("soy argentina y mi esposo es venezolano", "AR"),
    ("somos venecos los 2", "VE"),
    ("we're jamaican", "JM"),
    ("nou se jamayiken", "JM"),
    ("we are from Trinidad and Tobago", "TT"),
    ("she's st. lucian", "LC"),
    ("we're bajans", "BB"),
    ("we're dominican", "DO"),  # the Dominican Republic, not Dominica
    ("guyanese, from lethem", "GY"),
    ("mwen se kanadyen", "CA"),
    # Africa
    ("je suis congolaise, de Kinshasa", "CD"),
    ("mwen se kongolè", "CD"),
    ("somos de la RDC", "CD"),
    ("I'm from the Democratic Republic of the Congo", "CD"),
    ("nous sommes congolais de Brazzaville", "CG"),
    ("sou angolano", "AO"),
    ("ghanaians, 4 of us", "GH"),
    ("nous sommes 4 camerounais, moi et mes trois frères", "CM"),
    ("je suis guinéen", "GN"),
    ("sou da Guiné-Bissau", "GW"),
    ("somos de Guinea Ecuatorial", "GQ"),
    ("je suis sénégalais", "SN"),
    ("from Côte d'Ivoire", "CI"),
    ("somos etíopes", "ET"),
    ("eritrean, 3 of us", "ER"),
    ("we are from South Sudan", "SS"),  # not Sudan
    ("he is sudanese", "SD"),
    ("soy marroquí", "MA"),
    # Europe and Asia
    ("soy española", "ES"),
    ("soy ucraniana", "UA"),
    ("somos rusos", "RU"),
    ("I am Nepali", "NP"),
    ("somos afganos", "AF"),
    ("sou chinês", "CN"),
    ("mwen se chinwa", "CN"),
    ("we are from Uzbekistan", "UZ"),
    ("i'm indian", "IN"),
]

NOT_A_NATIONALITY = [
    # a country no consulate here serves, named as where someone goes or works
    "consegui trabajo en España",
    "we were going to canada",
    "ele foi pra França trabalhar",
    # a language's name
    "hablo español",
    "I only speak English",
    "je parle français",
    "falo português",
    "m pale panyòl",
    "solo hablo ruso",
    # a common word, a given name or a nickname
    "mi hijo Germán no contesta",
    "nos bajan del camión en la frontera",
    "le dicen el chino, tiene 17 años",
    "mi hija Trini no aparece",
    "trabajo en la zona franca",
    "no le da la gana",
    "camarões fritos",
    "can you lend me a phone",
    # a place that is not a country
    "estamos en Liberia, Guanacaste",
    "estamos en Chino, cerca de Pomona",
    "on est en Guyane française",
    "estamos na Guiana Francesa",
    # the side of a border they are on
    "ciudad hidalgo, del lado de mexico, cerca del rio",
]

NOT_THIS_ONE = [
    ("soy de Antigua, Guatemala", "AG"),
    ("soy de Trinidad, Cuba", "TT"),
    ("somos de Santa Lucía", "LC"),
    ("soy de Granada, Nicaragua", "GD"),
    ("soy de Nueva Guinea", "GN"),
    ("soy de Indiana", "IN"),
]

# Home towns of the nationalities the directory serves, which other countries also have.
HOME_TOWNS = [
    ("soy de León", "NI"),
    ("somos de San Miguel", "SV"),
    ("somos de Samaná", "DO"),
    ("nou soti Nippes", "HT"),
    ("soy de Valencia", "VE"),
    ("soy de Nueva Guinea", "NI"),
    # Haitian towns by their Creole names (GeoNames' alternate names, Haiti's only)
    ("nou soti Jeremi", "HT"),
    ("mwen soti Leyogàn", "HT"),
    ("manman m soti Okap", "HT"),
    ("nou moun Tigwav", "HT"),
    ("somos de guate", "GT"),
    # a town, then its region or country: that country's, not another's town of that name
    ("es de zamora michoacan", "MX"),
    ("we're from georgetown, guyana", "GY"),
    ("nosotros venimos de xela, quetzaltenango", "GT"),
    # French "des" (de + les) before a plural town
    ("on est des Gonaïves", "HT"),
]


def _nationalities(nlu, text):
    return [e.value for e in nlu.extractor.extract(text) if e.entity == "nationality"]


@pytest.mark.parametrize(("text", "code"), FOUND, ids=[t for t, _ in FOUND])
def test_nationality_found(nlu, text, code):
    assert code in _nationalities(nlu, text)


@pytest.mark.parametrize("text", NOT_A_NATIONALITY)
def test_not_a_nationality(nlu, text):
    assert _nationalities(nlu, text) == []


@pytest.mark.parametrize(("text", "code"), NOT_THIS_ONE, ids=[t for t, _ in NOT_THIS_ONE])
def test_not_this_nationality(nlu, text, code):
    assert code not in _nationalities(nlu, text)


@pytest.mark.parametrize(("text", "code"), HOME_TOWNS, ids=[t for t, _ in HOME_TOWNS])
def test_home_towns_stay_with_the_served_nationalities(nlu, text, code):
    assert _nationalities(nlu, text) == [code]


def test_each_word_names_one_country(directory):
    owner: dict[str, str] = {}
    for country in directory.countries:
        for words in [*country.names.values(), *country.demonyms.values()]:
            for word in words:
                key = fold(word).strip()
                assert owner.setdefault(key, country.code) == country.code, (word, owner[key])


def test_no_country_word_is_a_directory_place(directory):
    places = {
        fold(n).strip()
        for city in directory.cities
        for n in (city.name, *city.aliases, *city.areas, *city.cased_aliases)
    }
    for country in directory.countries:
        for words in [*country.names.values(), *country.demonyms.values()]:
            clash = places & {fold(w).strip() for w in words}
            assert not clash, (country.code, clash)
