"""Countries, host cities, consulates, shelters and emergency numbers from data/reference."""

from datetime import date
from pathlib import Path

from pydantic import BaseModel, PrivateAttr, model_validator

from bot.text import fold
from data.reference_files import ReferenceDataError, load_yaml


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
    aliases: list[str] = []


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
    duty_officer: str | None = None
    last_reviewed: date


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
    _city_names: dict[str, City] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _references_resolve(self) -> "Directory":
        hosts = {h.code for h in self.host_countries}
        cities = {c.id for c in self.cities}
        for city in self.cities:
            if city.country not in hosts:
                raise ValueError(f"city {city.id}: country {city.country} has no emergency numbers")
        for item in [*self.consulates, *self.shelters]:
            if item.city not in cities:
                raise ValueError(f"{item.id}: unknown city {item.city}")
        return self

    def city(self, city_id: str | None) -> City | None:
        return next((c for c in self.cities if c.id == city_id), None)

    def country(self, code: str | None) -> Country | None:
        return next((c for c in self.countries if c.code == code), None)

    def host_country(self, code: str | None) -> HostCountry | None:
        return next((h for h in self.host_countries if h.code == code), None)

    def consulate(self, consulate_id: str | None) -> Consulate | None:
        return next((c for c in self.consulates if c.id == consulate_id), None)

    def consulate_for(self, nationality: str | None, city_id: str | None) -> Consulate | None:
        """The consulate that serves this nationality in this city, if there is one."""
        return next(
            (c for c in self.consulates if c.serves == nationality and c.city == city_id), None
        )

    def find_city(self, text: str | None) -> City | None:
        """The city whose name or alias is this text (case and accents ignored)."""
        if not text:
            return None
        if not self._city_names:
            self._city_names = {
                fold(name): c for c in self.cities for name in [c.name, c.id, *c.aliases]
            }
        return self._city_names.get(fold(text).strip(" .,!?"))

    def shelters_in(self, city_id: str) -> list[Shelter]:
        return [s for s in self.shelters if s.city == city_id]


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
    directory.countries = countries
    return directory
