"""Countries, host cities, consulates, shelters and emergency numbers from data/reference."""

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import geocoder
from pydantic import BaseModel, PrivateAttr, field_validator, model_validator

from data.reference_files import ReferenceDataError, load_yaml
from data.towns import Town, Towns, distance_km, state_point, towns_of
from data.words import LANGUAGES, fold

# "llegamos hoy de", "en el camino de", "came from", "depuis", "vindo de", "li te kite": the
# words before where a journey began
CAME_FROM = re.compile(
    r"(?<!\w)(?:(?:llegamos|llegue|llegaron|llego|venimos|vengo|veniamos|venia|salimos|sali|"
    r"salieron|el camino|camino|nos vinimos|came|coming|arrived|drove|flew|partie?s?|arrives?|"
    r"arrivees?|venant|venue?s?|vindo|viemos|vim|saimos|sai|chegamos|cheguei|"
    r"chegou)(?:\s+\w+){0,4}?\s+(?:de|desde|from|d'|du|des|da|do|dos|das)|desde|depuis|"
    r"kite|te kite|soti nan|sot nan|on the way from|en route from)\s*$"
)


class Country(BaseModel):
    code: str
    names: dict[str, list[str]]
    demonyms: dict[str, list[str]]

    def name(self, language: str) -> str:
        names = self.names.get(language) or self.names.get("en") or [self.code]
        return names[0]


class EmergencyNumber(BaseModel):
    service: str
    number: str


class HostCountry(BaseModel):
    code: str
    emergency: list[EmergencyNumber]


class City(BaseModel):
    id: str
    name: str
    country: str
    time_zone: str  # IANA (America/Chicago): the console's default for its consuls
    aliases: list[str] = []
    # Suburbs, neighbourhoods and towns of the metro area, found inside what people write
    # ("en pasadena cerca del walmart"); a name in two cities' lists goes by the phone's area.
    areas: list[str] = []
    area_codes: list[str] = []  # the phone prefixes of the metro area (e.g. "+1713")
    # Words that say another place of the same name is meant ("San José, California").
    not_with: list[str] = []
    # Abbreviations that are a common word in lower case: "LA" (not "la calle").
    cased_aliases: list[str] = []
    location: tuple[float, float] | None = None  # latitude, longitude

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)


ContactChannel = Literal["sms", "twilio_whatsapp", "whatsapp", "telegram", "email"]
PHONE_CHANNELS = ("sms", "twilio_whatsapp", "whatsapp")
STALE_AFTER = timedelta(days=182)  # six months: the console flags entries older than this
_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")  # E.164, once spaces are taken out
_TELEGRAM_CHAT = re.compile(r"^-?\d{5,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


class Contact(BaseModel):
    """Someone Amparo notifies (a duty officer, a crisis unit): a channel and an address on it."""

    name: str
    channel: ContactChannel
    address: str  # E.164 number (spaces allowed), Telegram chat id, or e-mail address
    language: str = "es"  # of the notification

    @model_validator(mode="after")
    def _address_fits_channel(self) -> "Contact":
        if self.channel in PHONE_CHANNELS:
            ok = bool(_PHONE.match(self.recipient))
        elif self.channel == "telegram":
            ok = bool(_TELEGRAM_CHAT.match(self.address))
        else:
            ok = bool(_EMAIL.match(self.address))
        if not ok:
            raise ValueError(f"{self.name}: {self.address!r} is not an address on {self.channel}")
        if self.language not in LANGUAGES:
            raise ValueError(f"{self.name}: language {self.language} is not one of {LANGUAGES}")
        return self

    @property
    def recipient(self) -> str:
        """The address as the channel's adapter wants it (a phone number without spaces)."""
        return self.address.replace(" ", "") if self.channel in PHONE_CHANNELS else self.address


class CrisisUnit(Contact):
    """A nationality's foreign-ministry crisis desk: told when a duty officer does not answer."""

    country: str
    last_reviewed: date


@dataclass(frozen=True)
class DirectoryQuery:
    """What the console's directory page looks for: words, a nationality, a city, or only the
    entries due for review. A filter that does not apply to a kind of entry (a shelter has no
    nationality, a crisis unit no city) leaves that kind alone, except review due: shelters
    are not reviewed, so it shows none."""

    text: str = ""
    nationality: str | None = None
    city: str | None = None
    review_due: bool = False


@dataclass(frozen=True)
class DirectoryMatches:
    consulates: list["Consulate"]
    crisis_units: list["CrisisUnit"]
    shelters: list["Shelter"]


@dataclass(frozen=True)
class StaleContact:
    """A directory entry whose contacts nobody has checked for more than six months."""

    kind: str  # "consulate" or "crisis_unit"
    id: str  # the consulate id, or the crisis unit's country code
    name: str
    last_reviewed: date
    days: int  # since the last review


class Consulate(BaseModel):
    id: str
    serves: str
    city: str
    name: str
    address: str
    phone: str
    whatsapp: str | None = None
    email: str | None = None
    hours: str
    duty_officer: Contact | None = None
    last_reviewed: date  # of the whole entry, duty officer included

    @field_validator("duty_officer", mode="before")
    @classmethod
    def _bare_number(cls, value: Any) -> Any:
        """Older directory files gave the duty officer as a bare phone number: an SMS contact."""
        if isinstance(value, str):
            return {"name": "duty officer", "channel": "sms", "address": value}
        return value


class Shelter(BaseModel):
    id: str
    city: str
    name: str
    address: str
    phone: str | None = None
    services: list[str] = []


class Directory(BaseModel):
    """The consular directory; checked for dangling references when loaded."""

    host_countries: list[HostCountry]
    cities: list[City]
    consulates: list[Consulate]
    shelters: list[Shelter] = []
    countries: list[Country] = []
    crisis_units: list[CrisisUnit] = []
    _city_names: dict[str, City] = PrivateAttr(default_factory=dict)
    _places: dict[str, list[City]] = PrivateAttr(default_factory=dict)
    _sounds: dict[str, tuple[str, str]] = PrivateAttr(default_factory=dict)
    _place_pattern: re.Pattern[str] = PrivateAttr(default=re.compile(r"(?!x)x"))
    _towns: Towns | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references_resolve(self) -> "Directory":
        hosts = {h.code for h in self.host_countries}
        cities = {c.id for c in self.cities}
        for city in self.cities:
            if city.country not in hosts:
                raise ValueError(f"city {city.id}: country {city.country} has no emergency numbers")
        located: list[Consulate | Shelter] = [*self.consulates, *self.shelters]
        for item in located:
            if item.city not in cities:
                raise ValueError(f"{item.id}: unknown city {item.city}")
        units = [u.country for u in self.crisis_units]
        if duplicated := sorted({code for code in units if units.count(code) > 1}):
            raise ValueError(f"more than one crisis unit for {', '.join(duplicated)}")
        # Escalation ends at the crisis unit: a nationality with consulates must have one.
        if uncovered := sorted({c.serves for c in self.consulates} - set(units)):
            raise ValueError(f"no crisis unit for {', '.join(uncovered)}")
        return self

    def city(self, city_id: str | None) -> City | None:
        return next((c for c in self.cities if c.id == city_id), None)

    def country(self, code: str | None) -> Country | None:
        return next((c for c in self.countries if c.code == code), None)

    def country_named(self, text: str | None) -> Country | None:
        """The country this text names, in any of the five languages ("Chile", "Brésil")."""
        wanted = fold(text or "").strip(" .,!?")
        return next(
            (c for c in self.countries for ns in c.names.values() for n in ns if fold(n) == wanted),
            None,
        )

    def host_country(self, code: str | None) -> HostCountry | None:
        return next((h for h in self.host_countries if h.code == code), None)

    def consulate(self, consulate_id: str | None) -> Consulate | None:
        return next((c for c in self.consulates if c.id == consulate_id), None)

    def has_consulates(self, nationality: str | None) -> bool:
        """Whether any consulate in the directory serves this nationality."""
        return any(c.serves == nationality for c in self.consulates)

    def consulate_for(self, nationality: str | None, city_id: str | None) -> Consulate | None:
        """The consulate that serves this nationality in this city, if there is one."""
        return next(
            (c for c in self.consulates if c.serves == nationality and c.city == city_id), None
        )

    def nearest_consulate(self, nationality: str | None, city_id: str | None) -> Consulate | None:
        """Where a nationality with no consulate in this city can turn: one of its consulates
        elsewhere in the same host country, else its nearest one abroad."""
        city = self.city(city_id)
        if city is None:
            return None
        return self.nearest_consulate_to(nationality, city.location, city.country)

    def nearest_consulate_to(
        self, nationality: str | None, point: tuple[float, float] | None, country: str
    ) -> Consulate | None:
        """The nearest consulate of a nationality to a point of a host country: in that
        country if it has one (the nearest of them), else the nearest abroad."""
        if nationality == country:
            return None
        theirs = [(c, home) for c in self.consulates if c.serves == nationality
                  and (home := self.city(c.city)) is not None]  # fmt: skip
        same_country = [(c, home) for c, home in theirs if home.country == country]
        candidates = same_country or theirs
        placed = [(distance_km(point, home.location), c) for c, home in candidates
                  if point and home.location]  # fmt: skip
        if placed:  # the one nearest as the crow flies
            return min(placed, key=lambda pair: pair[0])[1]
        # With no point, only a country's one consulate of theirs is surely the nearest; with
        # none of theirs there, the one abroad nearest to each of its cities we know, if that
        # is the same one (Costa Rica, anywhere in it: Tapachula).
        if point is None and theirs and not same_country:
            from_each = {
                nearest.id: nearest
                for city in self.cities
                if city.country == country and city.location
                and (nearest := self.nearest_consulate_to(nationality, city.location, country))
            }  # fmt: skip
            return next(iter(from_each.values())) if len(from_each) == 1 else None
        return same_country[0][0] if len(same_country) == 1 else None

    def _build_place_tables(self) -> None:
        if self._city_names:
            return
        self._city_names = {
            fold(name): c for c in self.cities for name in [c.name, c.id, *c.aliases]
        }
        places: dict[str, list[City]] = {}
        for c in self.cities:
            for name in [c.name, *c.aliases, *c.areas]:
                places.setdefault(fold(name), []).append(c)
        self._places = places
        sounds: dict[str, dict[str, str]] = {}
        for name, found in places.items():
            if len(key := sounded(name)) >= 5:
                sounds.setdefault(key, {}).update((c.id, name) for c in found)
        # a sound shared by two metros' places tells neither
        self._sounds = {k: next(iter(v.items())) for k, v in sounds.items() if len(v) == 1}
        words = "|".join(re.escape(n) for n in sorted(places, key=len, reverse=True))
        self._place_pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)")
        points = [c.location for c in self.cities if c.location]
        self._towns = towns_of((h.code for h in self.host_countries), points, METRO_KM)

    def city_of_phone(self, phone: str | None) -> City | None:
        """The metro area a phone number's area code belongs to, if the directory has it."""
        if not phone:
            return None
        return next((c for c in self.cities if phone.startswith(tuple(c.area_codes))), None)

    def sounds_like(self, text: str) -> str | None:
        """The directory's place a whole text is written as it sounds ("la karpyo" is La
        Carpio, "itakera" Itaquera, "tapa chula" Tapachula), or None."""
        self._build_place_tables()
        heard = self._sounds.get(sounded(fold(text).strip(" .,!?")))
        return heard[1] if heard else None

    def is_city_name(self, text: str) -> bool:
        """Whether the text is a city's name or alias, not one of its areas."""
        self._build_place_tables()
        return fold(text).strip(" .,!?") in self._city_names

    def find_city(self, text: str | None, phone: str | None = None) -> City | None:
        """The city this text is or names: its name or alias as the whole text, else the
        longest name, alias or area standing in it (case and accents ignored). A name shared
        by two cities ("Pasadena") goes to the one of the phone's area code, else the first."""
        if not text:
            return None
        self._build_place_tables()
        folded = fold(text).strip(" .,!?")
        exact = self._city_names.get(folded)
        if exact is not None:
            return exact
        # ("pasadena, california", "pasadena. california not texas"): a name goes on past a comma
        folded = re.sub(r"\s*[.,;:]+\s+", " ", folded)
        longer: str | None = None
        matches = list(self._place_pattern.finditer(folded))
        # ("llegamos de tapachula, estamos en la central del norte"): where a journey began is
        # not where they are, when another place is named
        there = [
            m for m in matches if not CAME_FROM.search(folded[max(0, m.start() - 40) : m.start()])
        ]
        for match in there or matches:
            longer = self.longer_town(folded) if longer is None else longer
            if longer.startswith(match.group() + " "):
                continue  # "San José del Cabo", "São Paulo do Potengi": another town
            candidates = [
                c
                for c in self._places[match.group()]
                if not any(re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", folded)
                           for w in c.not_with)
            ]  # fmt: skip
            if not candidates:
                continue
            if match.group() not in self._city_names:
                # "La Florida" is a part of Santiago to a Chilean number, not to a Miami one;
                # "Monterrey, bò Independencia" is a part of Monterrey, not of Santiago.
                home = _host_of(phone, frozenset(h.code for h in self.host_countries))
                rest = folded[: match.start()] + " " + folded[match.end() :]
                town = self.town(rest)  # another city named beside the area
                if town is not None and town.population < _CITY_SIZED:
                    town = None  # a village's name is too often an everyday word
                candidates = [
                    c
                    for c in candidates
                    if home in (None, c.country) and (town is None or town.country == c.country)
                ]
                if not candidates:
                    continue
            local = [c for c in candidates if phone and phone.startswith(tuple(c.area_codes))]
            return (local or candidates)[0]
        heard = self.sounds_like(folded)
        if heard is not None and heard != folded:
            return self.find_city(heard, phone)  # ("la karpyo", "itakera"): written as it sounds
        pin = _PIN.search(text)  # a shared location: the metro it falls in
        if pin:
            return self.city_near((float(pin[1]), float(pin[2])))
        town = self.town(text)  # "Channelview", "Osasco": a town of a directory metro
        return self.city_near(town.point, town.country) if town else None

    def city_near(self, point: tuple[float, float], country: str | None = None) -> City | None:
        """The directory city whose metro area a point falls in (within METRO_KM), in that
        country if one is given (Chula Vista is near Tijuana, but not in Mexico)."""
        placed = [
            (distance_km(point, c.location), c)
            for c in self.cities
            if c.location and country in (None, c.country)
        ]
        distance, city = min(placed, key=lambda p: p[0], default=(math.inf, None))
        return city if distance <= METRO_KM else None

    def longer_town(self, folded: str) -> str:
        """The folded name of a host-country town said in the (folded) text, "" if none: a
        city name that begins it ("san jose" in "san jose del cabo") names that town."""
        town = self.town(folded)
        name = fold(town.name) if town is not None else ""
        return name if name in folded else ""

    def town(self, text: str | None) -> Town | None:
        """A town of a host country named in the text (GeoNames, data/towns.py)."""
        if not text:
            return None
        self._build_place_tables()
        assert self._towns is not None
        return _town_in(self._towns, fold(text))

    def whereabouts(
        self, text: str | None, phone: str | None
    ) -> tuple[tuple[float, float] | None, str] | None:
        """Where a place is on the globe, and its country: a directory city, else a town of a
        host country, else the phone's city; else only the country, a host country named
        ("toupre Rancagua, Chili") or the phone's; None when none says."""
        city = self.find_city(text, phone)
        if city and city.location:
            return city.location, city.country
        town = self.town(text)
        if town:
            return town.point, town.country
        home = self.city_of_phone(phone)
        if home and home.location:
            return home.location, home.country
        hosts = frozenset(h.code for h in self.host_countries)
        if (region := _host_of(phone, hosts)) == "US" and phone:  # "+1 337": Louisiana
            state = geocoder.description_for_number(phonenumbers.parse(phone), "en")
            if (point := state_point(state)) is not None:
                return point, region
        folded = fold(text or "")
        named = next(
            (
                c.code
                for c in self.countries
                if c.code in hosts
                for names in c.names.values()
                for n in names
                if re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", folded)
            ),
            None,
        )
        country = named or region
        return (None, country) if country else None

    def shelters_in(self, city_id: str) -> list[Shelter]:
        return [s for s in self.shelters if s.city == city_id]

    def duty_officer(self, consulate_id: str | None) -> Contact | None:
        """Who is told first when a case for this consulate is not acknowledged in time."""
        consulate = self.consulate(consulate_id)
        return consulate.duty_officer if consulate else None

    def crisis_unit(self, country: str | None) -> CrisisUnit | None:
        """The crisis unit of this nationality, told when the duty officer does not answer."""
        return next((u for u in self.crisis_units if u.country == country), None)

    def stale_contacts(self, today: date) -> list[StaleContact]:
        """Entries not reviewed for more than six months, the longest unreviewed first."""
        entries = [
            *(("consulate", c.id, c.name, c.last_reviewed) for c in self.consulates),
            *(("crisis_unit", u.country, u.name, u.last_reviewed) for u in self.crisis_units),
        ]
        stale = [
            StaleContact(kind, id_, name, reviewed, (today - reviewed).days)
            for kind, id_, name, reviewed in entries
            if today - reviewed > STALE_AFTER
        ]
        return sorted(stale, key=lambda s: (-s.days, s.kind, s.id))

    def search(
        self, query: DirectoryQuery, stale: Collection[StaleContact] = ()
    ) -> DirectoryMatches:
        """The entries that match the query (case and accents ignored in its words); `stale`
        says which are due for review (stale_contacts of today)."""
        due = {(s.kind, s.id) for s in stale}
        words = fold(query.text).split()

        def has_words(*fields: str | None) -> bool:
            text = fold(" ".join(f for f in fields if f))
            return all(w in text for w in words)

        def city_words(city_id: str) -> list[str]:
            city = self.city(city_id)
            return [city.name, *city.aliases] if city else [city_id]

        def country_words(code: str) -> list[str]:
            country = self.country(code)
            names = [n for ns in country.names.values() for n in ns] if country else []
            return [code, *names]

        consulates = [
            c
            for c in self.consulates
            if query.nationality in (None, c.serves)
            and query.city in (None, c.city)
            and (not query.review_due or ("consulate", c.id) in due)
            and has_words(c.id, c.name, c.address, c.phone, c.email, *city_words(c.city),
                          *country_words(c.serves))
        ]  # fmt: skip
        units = [
            u
            for u in self.crisis_units
            if query.nationality in (None, u.country)
            and (not query.review_due or ("crisis_unit", u.country) in due)
            and has_words(u.name, u.address, *country_words(u.country))
        ]
        shelters = [
            s
            for s in self.shelters
            if query.city in (None, s.city)
            and not query.review_due
            and has_words(s.name, s.address, s.phone, *s.services, *city_words(s.city))
        ]
        return DirectoryMatches(consulates, units, shelters)


_CITY_SIZED = 100_000  # people: a town big enough to be where someone says they are


# Spelling that changes no sound: "qu"/"c" before a, o, u and "k"; "y" and "i"; "z" and "s";
# a silent "h"; doubled letters.
_SOUNDS = (
    (r"qu(?=[ei])|c(?=[aou])|q", "k"),
    (r"c(?=[ei])|z", "s"),
    (r"y", "i"),
    (r"(?<![cs])h", ""),
    (r"(\w)\1", r"\1"),
)
_ARTICLE = re.compile(r"^(?:la|el|los|las|le|les|o|a|os|as|nan|lan|en|em|no|na)\s+")


def sounded(name: str) -> str:
    """A folded place name as it sounds, without a leading article or spaces: "la karpyo" and
    "la carpio" are both "karpio", "tapa chula" is "tapachula"."""
    key = _ARTICLE.sub("", name.strip()).replace(" ", "")
    for pattern, sound in _SOUNDS:
        key = re.sub(pattern, sound, key)
    return key


@lru_cache(maxsize=4096)
def _host_of(phone: str | None, hosts: frozenset[str]) -> str | None:
    """The host country a phone number belongs to, if it is one of the directory's."""
    if not phone:
        return None
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(phone))
    except phonenumbers.NumberParseException:
        return None
    return region if region in hosts else None


def load_directory(reference_dir: Path) -> Directory:
    """countries.yml and directory.yml, validated together."""
    countries = load_yaml(reference_dir / "countries.yml", list[Country])
    directory = load_yaml(reference_dir / "directory.yml", Directory)
    known = {c.code for c in countries}
    for consulate in directory.consulates:
        if consulate.serves not in known:
            raise ReferenceDataError(
                f"consulate {consulate.id}: unknown country {consulate.serves}"
            )
    for unit in directory.crisis_units:
        if unit.country not in known:
            raise ReferenceDataError(f"crisis unit {unit.name}: unknown country {unit.country}")
    directory.countries = countries
    return directory


@lru_cache(maxsize=1024)
def _town_in(towns: "Towns", folded: str) -> Town | None:
    return towns.find(folded)  # people write the same place many times: read it once


# How far from a city's centre a shared location still belongs to its metro area.
METRO_KM = 60.0
# "14.90560,-92.26270": a point as a pin's text keeps it (decimals, so no count or street).
_PIN = re.compile(r"(?<![\d.])(-?\d{1,2}\.\d{3,}),\s*(-?\d{1,3}\.\d{3,})(?![\d.])")


def known_zone(value: str) -> str:
    """An IANA time zone name this machine knows, else a ValueError that says so."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r} (IANA names, e.g. America/Chicago)") from exc
    return value
