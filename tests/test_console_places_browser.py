"""Times and places, and alerts that reach who is meant (issue 15, 6 and 7), in a real Chromium
at 1280 px and at 390 px, in Spanish and English: a consul reads times in their city's zone and
moves them to another, searches and filters the directory, reads the statistics by city, and
sends an alert from their city only after seeing how many it reaches on each channel."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Served
from tests.fake_provider import FakeProvider
from tests.test_alerts import person
from tests.test_console_browser import (  # noqa: F401
    LIVE_MS,
    SCREENS,
    browser,
    desk,
    fits,
    open_page,
    sign_in,
)
from tests.test_console_places import FILED, filed

WORDS = {
    "es": {
        "filed": "3 dic 14:05", "santiago_time": "3 dic 17:05", "zone": "Zona horaria",
        "save": "Guardar", "saved": "Preferencias guardadas.", "search": "Buscar",
        "nationality": "Nacionalidad", "city": "Ciudad",
        "due": "Solo entradas con revisión vencida",
        "one": "1 entradas", "guatemala": "Guatemala", "haiti": "Haití",
        "stats": "Observatorio consular", "other": "otros lugares", "duplicates": "1 duplicados",
        "alerts": "Alertas", "place": "Lugar", "text": "Texto en español",
        "check": "Ver destinatarios",
        "send": "Sí, enviarla a 3 personas", "any": "cualquiera", "nobody": "Nadie coincide",
        "language": "Idioma", "anyway": "Enviarla de todos modos",
        "untranslated": "Sin texto en inglés",
    },
    "en": {
        "filed": "3 Dec 14:05", "santiago_time": "3 Dec 17:05", "zone": "Time zone",
        "save": "Save", "saved": "Preferences saved.", "search": "Search",
        "nationality": "Nationality", "city": "City", "due": "Only entries due for review",
        "one": "1 entries", "guatemala": "Guatemala", "haiti": "Haiti",
        "stats": "Consular observatory", "other": "other places", "duplicates": "1 duplicates",
        "alerts": "Alerts", "place": "Place", "text": "Text in Spanish",
        "check": "Check recipients",
        "send": "Yes, send it to 3 people", "any": "any", "nobody": "Nobody matches",
        "language": "Language", "anyway": "Send it anyway",
        "untranslated": "No text in English",
    },
}  # fmt: skip


@pytest.mark.parametrize("screen", SCREENS)
def test_times_in_the_users_zone_and_the_directory_searched(
    desk: Served,  # noqa: F811
    open_page: Callable[..., Page],  # noqa: F811
    screen: str,
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    case = filed(desk, "5215550100001", "assistance", "houston")  # type: ignore[arg-type]
    page = open_page(**options)
    sign_in(page, desk, lang, role="consul", consulate="gt-houston")

    page.goto(f"/console/cases/{case.id}")
    filed_at = page.locator("time", has_text=words["filed"]).first  # Houston: UTC−6
    expect(filed_at).to_be_visible()
    expect(filed_at).to_have_attribute("title", "2026-12-03 20:05 UTC")  # UTC on hover
    expect(filed_at).to_have_attribute("datetime", FILED.isoformat())
    fits(page)

    page.get_by_role("link", name=f"{words['zone']}: America/Chicago").click()
    page.get_by_label(words["zone"], exact=True).select_option("America/Santiago")
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_role("status")).to_have_text(words["saved"])
    fits(page)
    page.goto(f"/console/cases/{case.id}")
    expect(page.locator("time", has_text=words["santiago_time"]).first).to_be_visible()

    # The directory: words, then filters, all answered by the server.
    page.goto("/console/directory")
    page.get_by_role("searchbox", name=words["search"]).fill("guatemala houston")
    page.get_by_role("button", name=words["search"]).click()
    expect(page.locator("#directory-count")).to_have_text(words["one"])
    expect(page.locator("#consulate-gt-houston")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=guatemala\+houston"))
    fits(page)

    page.get_by_role("searchbox", name=words["search"]).fill("")
    page.get_by_label(words["nationality"]).select_option(label=words["haiti"])
    page.get_by_label(words["city"]).select_option(label="Miami")
    page.get_by_role("button", name=words["search"]).click()
    expect(page.locator("#consulate-ht-miami")).to_be_visible()
    expect(page.locator("#crisis-HT")).to_be_visible()
    expect(page.locator("tr[id^=consulate-]")).to_have_count(1)

    page.goto("/console/directory")
    page.get_by_label(words["due"]).check()
    page.get_by_role("button", name=words["search"]).click()
    expect(page).to_have_url(re.compile(r"review=due"))
    expect(page.get_by_label(words["due"])).to_be_checked()
    stale = page.locator("tbody tr")
    assert stale.count() == page.locator("tbody tr.stale").count()  # only those due
    fits(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_statistics_by_city_and_an_alert_checked_before_it_goes(
    desk: Served,  # noqa: F811
    open_page: Callable[..., Page],  # noqa: F811
    provider: FakeProvider,
    screen: str,
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    filed(desk, "5215550100001", "distress", "houston")  # type: ignore[arg-type]
    filed(desk, "5215550100001", "distress", "houston")  # type: ignore[arg-type]
    filed(desk, "5215550100002", "assistance", "un rancho por la frontera")  # type: ignore[arg-type]
    service = desk.app.state.service
    service.casework.clock = lambda: FILED
    person(service.store, "sms", "+17135550001", "GT", "houston", "es")
    person(service.store, "whatsapp", "17135550002", "GT", "houston", "en")
    person(service.store, "sms", "+13055550003", "GT", "miami", "es")  # not their city

    page = open_page(**options)
    sign_in(page, desk, lang, role="consul", consulate="gt-houston")
    page.goto("/console/stats?days=7")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["stats"])
    expect(page.locator("#total")).to_have_text("2")
    expect(page.locator("#duplicates")).to_contain_text(words["duplicates"])
    expect(page.locator("figure", has=page.locator("#chart-place-title"))).to_contain_text(
        words["other"]
    )
    fits(page)

    page.get_by_role("link", name=words["alerts"]).click()
    expect(page.get_by_label(words["place"])).to_have_value("houston")  # their city to start
    page.get_by_label(words["text"]).fill("Inundación: suba a un piso alto.")
    page.get_by_role("button", name=words["check"]).click()
    preview = page.locator("#preview")
    expect(preview.locator("#preview-sms")).to_have_text("1")
    # the Houston case's conversation is a past contact of Houston too
    expect(preview.locator("#preview-whatsapp")).to_have_text("2")
    expect(preview.locator("#preview-total")).to_have_text("3")
    expect(preview.locator("#preview-place")).to_have_text("Houston")
    assert provider.sent("twilio") == [] and provider.sent("whatsapp") == []
    fits(page)

    page.get_by_label(words["language"], exact=True).select_option("fr")  # nobody writes in French
    page.get_by_role("button", name=words["check"]).click()
    expect(preview).to_contain_text(words["nobody"])
    expect(preview.get_by_role("button")).to_have_count(0)

    page.get_by_label(words["language"], exact=True).select_option("")
    page.get_by_role("button", name=words["check"]).click()
    # Only Spanish was written, and one of them writes in English: said, and sent anyway.
    expect(preview.locator("#alert-untranslated")).to_contain_text(words["untranslated"])
    page.get_by_label(words["anyway"]).check()
    page.get_by_role("button", name=words["send"]).click()
    expect(page).to_have_url(re.compile(r"/console/alerts/\d+$"))
    expect(page.locator("#alert-recipients")).to_have_text("3")
    expect(page.locator(".intro")).to_contain_text("Houston")
    expect(page.locator("#alert-sent")).to_have_text("2", timeout=LIVE_MS + 3000)
    # the case's conversation is outside WhatsApp's 24 hours and the alert has no template
    expect(page.locator("#alert-held")).to_have_text("1", timeout=LIVE_MS + 3000)
    assert [m.params["To"] for m in provider.sent("twilio")] == ["+17135550001"]
    fits(page)
