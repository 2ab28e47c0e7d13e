"""Places the directory does not list, found on the map (GeoNames' towns, offline)."""

import pytest

# (words, the directory city whose metro it is in, or None)
METROS = [
    ("channelview", "houston"),
    ("in spring tx off 2920", "houston"),
    ("Osasco, perto da estação", "sao-paulo"),
    ("long beach", "los-angeles"),
    ("homestead fl", "miami"),
    ("chula vista", None),  # near Tijuana, but in the United States
    ("fort myers florida", None),  # a town of the host country outside every metro
    ("beaumont tx", None),
    ("le escribo desde San Pedro Sula", None),  # a town abroad holding "San Pedro" (CA)
    ("Santiago de los Caballeros, Repiblik Dominikèn", None),
    ("the bus stop by the church", None),
    # neighbourhoods of the directory's metros, in its areas: GeoNames lists towns, not these
    ("out in kingwood off 59", "houston"),
    ("en el barrio yungay", "santiago"),
    ("en la doctores", "ciudad-de-mexico"),
    ("on mora à Camino Verde", "tijuana"),
    ("nou nan Pintolândia", "boa-vista"),
    ("moro no Capão Redondo", "sao-paulo"),
    ("vivo en Hatillo 8", "san-jose-cr"),
    ("by the estación Siglo XXI", "tapachula"),
    ("we in overtown", "miami"),
    # the cities as Creole and Portuguese speakers spell them
    ("nou Santyago, Estasyon Santral", "santiago"),
    ("li te nan Sao Polo", "sao-paulo"),
    ("nou rete Nòt Miyami", "miami"),
    ("Tijwana, bò Playas", "tijuana"),
    ("tava em tiuana", "tijuana"),
    ("Sann Jose Kosta Rika", "san-jose-cr"),
    ("m nan Lòs Anjelès", "los-angeles"),
    ("m rete bò metro Insurgentes", "ciudad-de-mexico"),
    # everyday words that name places elsewhere are not read as these metros
    ("estamos en la colina, en el bosque", None),
    ("my hobby is the bell", None),
]


@pytest.mark.parametrize(("words", "city"), METROS, ids=[w for w, _ in METROS])
def test_a_town_goes_to_the_metro_it_is_in(directory, words, city):
    found = directory.find_city(words)
    assert (found.id if found else None) == city


# (words, nationality, the consulate nearest to where the words say)
NEAREST = [
    ("fort myers florida", "MX", "mx-miami"),
    ("beaumont tx", "HN", "hn-houston"),
    ("new orleans", "HN", "hn-houston"),
]


@pytest.mark.parametrize(("words", "code", "consulate"), NEAREST)
def test_a_town_outside_the_metros_still_finds_the_nearest_consulate(
    directory, words, code, consulate
):
    where = directory.whereabouts(words, None)
    assert where is not None
    assert directory.nearest_consulate_to(code, *where).id == consulate


# (words, phone, nationality, the nearest consulate, or None where the country's cities disagree)
COUNTRY_ONLY = [
    ("vivo en un pueblito", "+50655550100", "HT", "ht-tapachula"),  # anywhere in Costa Rica
    ("lejos de todo", "+5521955550100", "HN", "hn-san-jose-cr"),  # São Paulo and Boa Vista agree
    ("no sé el nombre del pueblo", "+5521955550100", "CO", None),  # they do not: no guess
    ("un pueblo del sur", "+56955550100", "CO", "co-santiago"),  # their one in the country
]


@pytest.mark.parametrize(("words", "phone", "code", "consulate"), COUNTRY_ONLY)
def test_with_only_the_country_known_the_nearest_is_the_one_nearest_to_all_its_cities(
    directory, words, phone, code, consulate
):
    where = directory.whereabouts(words, phone)
    assert where is not None and where[0] is None
    found = directory.nearest_consulate_to(code, *where)
    assert (found.id if found else None) == consulate


def test_a_pin_goes_to_the_metro_it_falls_in(directory):
    assert directory.find_city("-33.44890,-70.66930").id == "santiago"
    assert directory.find_city("Parque Central (14.90560,-92.26330)").id == "tapachula"
    assert directory.find_city("10.00000,-20.00000") is None  # the middle of the ocean
