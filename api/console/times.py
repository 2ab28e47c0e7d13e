"""The console's times: one format ("3 Dec 14:05") in the user's time zone, the exact UTC time
on hover. Every time a console page shows goes through `time_tag` (the `when` filter) or, inside
an attribute, `local_text` (the `local` filter).

A user's zone: their own choice (console preferences), else their consulate's city's (the
directory), else CONSOLE_TIME_ZONE (the call centre's).
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import Markup

from api.console.i18n import Translator
from data.directory import Directory
from data.models import User, as_utc

PREFERENCE = "time_zone"  # its key in User.preferences
UTC = ZoneInfo("UTC")


def zone_named(name: object) -> ZoneInfo | None:
    """The zone of an IANA name, or None for anything else (a stale or forged preference)."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def consulate_zone(user: User, directory: Directory) -> ZoneInfo | None:
    """The time zone of the city of the user's consulate, if they have one."""
    consulate = directory.consulate(user.consulate_id)
    city = directory.city(consulate.city) if consulate else None
    return zone_named(city.time_zone) if city else None


def user_zone(user: User, directory: Directory, default: str) -> ZoneInfo:
    chosen = zone_named((user.preferences or {}).get(PREFERENCE))
    return chosen or consulate_zone(user, directory) or zone_named(default) or UTC


def zone_choices(directory: Directory) -> list[tuple[str, str]]:
    """The zones offered: each of the directory's (named after its cities), then UTC."""
    cities: dict[str, list[str]] = {}
    for city in directory.cities:
        cities.setdefault(city.time_zone, []).append(city.name)
    offered = sorted(cities.items(), key=lambda z: z[1][0])
    return [(zone, f"{', '.join(names)} ({zone})") for zone, names in offered] + [("UTC", "UTC")]


def local_text(moment: datetime, zone: ZoneInfo, t: Translator) -> str:
    """3 Dec 14:05 (3 dic 14:05 in Spanish), in this zone."""
    here = as_utc(moment).astimezone(zone)
    return f"{here.day} {t.label('month', here.month)} {here:%H:%M}"


def utc_text(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def time_tag(moment: datetime, zone: ZoneInfo, t: Translator) -> Markup:
    """<time> with the local time, its instant for machines and the UTC time on hover."""
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        as_utc(moment).isoformat(), utc_text(moment), local_text(moment, zone, t)
    )
