"""The family tracing screen in a real Chromium (issue 15, 4 and 9), on a laptop and on a 390 px
phone, in Spanish and in English: an agent searches, reads a match's score in its parts, is
refused telling the mother before her son agreed, asks him, sees his yes arrive live, tells
her; a partner's record answered "no" by hand, another rejected; a consul of another
consulate never sees the match. Everything lands in the audit log."""

import itertools
import re
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from data.models import AuditEntry, Match, Person, User
from tests import signing
from tests.conftest import Served, settle
from tests.fake_provider import FakeProvider
from tests.payloads import telegram as tg
from tests.test_console_browser import (  # noqa: F401 (fixtures)
    LIVE_MS,
    SCREENS,
    browser,
    channel_settings,
    fits,
    open_page,
    sign_in,
    whatsapp,
)
from tests.test_console_browser import desk as desk  # noqa: F401
from tests.test_tracing import MOTHER, SON

_ids = itertools.count(1)
WORDS = {
    "es": {
        "nav": "Búsqueda de familiares", "name": "Nombre", "age": "Edad", "search": "Buscar",
        "four": "4 personas", "score": "Puntuación", "proposed": "propuesta",
        "match": "Coincidencia", "tell": "Avisar a quien busca",
        "tell_first": "No se avisó: a quien busca solo se le avisa después de que la persona "
                      "encontrada acepte que la encuentren.",
        "ask": "Preguntar a la persona encontrada", "asked": "preguntada",
        "asked_notice": "Pregunta enviada", "agreed": "aceptada",
        "told": "Se avisó a quien busca dónde encontrar a la persona.",
        "told_status": "familia avisada", "refuse": "No acepta: no volver a preguntar",
        "record": "Registrar la respuesta", "recorded": "Respuesta registrada.",
        "refused": "negada", "reject": "No es la misma persona: descartar",
        "rejected": "descartada", "not_found": "No encontrado", "back": "Búsqueda de familiares",
    },
    "en": {
        "nav": "Family tracing", "name": "Name", "age": "Age", "search": "Search",
        "four": "4 people", "score": "Score", "proposed": "proposed", "match": "Match",
        "tell": "Tell the inquirer",
        "tell_first": "Not told: the inquirer is told only after the person found agreed to "
                      "be located.",
        "ask": "Ask the person found", "asked": "asked", "asked_notice": "Asked:",
        "agreed": "agreed", "told": "The inquirer was told where to find the person.",
        "told_status": "inquirer told", "refuse": "They refuse: never ask again",
        "record": "Record the answer", "recorded": "Answer recorded.", "refused": "refused",
        "reject": "Not the same person: reject", "rejected": "rejected",
        "not_found": "Not found", "back": "Family tracing",
    },
}  # fmt: skip


def telegram(served: Served, text: str) -> None:
    """The son, on Telegram, signed as Telegram signs it, handled before returning."""
    update = tg.update(41000 + next(_ids), text=text)
    with httpx.Client(base_url=served.url, timeout=10) as http:
        assert http.post("/webhooks/telegram", **signing.telegram(update)).status_code == 200
    settle(served)  # type: ignore[arg-type]


def matches(served: Served) -> dict[str, Match]:
    """Each match by the found person's source: amparo (the son), or a partner's domain."""
    with served.app.state.service.store.transaction() as session:
        found = {}
        for match in session.exec(select(Match)):
            source = session.get(Person, match.found_id).source
            found["son" if source == "amparo" else source] = match
        return found


def open_match(page: Page, words: dict[str, str], match: Match) -> None:
    page.locator("header nav").get_by_role("link", name=words["nav"]).click()
    page.get_by_role("link", name=re.compile(rf"^{words['match']} {match.id} · ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{words['match']} {match.id}")


def flash(page: Page):
    return page.locator("main .flash")


@pytest.mark.parametrize("screen", SCREENS)
def test_trace_a_family_from_search_to_telling_the_mother(
    desk: Served,  # noqa: F811
    open_page: Callable[..., Page],  # noqa: F811
    provider: FakeProvider,
    screen: str,
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    whatsapp(desk, MOTHER)  # a mother asks for her son, 17
    telegram(desk, SON)  # he checks in safe, as "Pepe Hernandes"
    tracing = desk.app.state.service.tracing
    for name, age, source in (("José Luis Hernández García", 17, "cruzroja.example.org"),
                              ("Jose Luis Hernandez", 18, "iom.example.org")):  # fmt: skip
        tracing.add_person(kind="imported", full_name=name, age=age, source=source)
    found = matches(desk)
    assert set(found) == {"son", "cruzroja.example.org", "iom.example.org"}, found
    page = open_page(**options)
    username = sign_in(page, desk, lang)

    # Search: the son first, each part of his score shown.
    page.locator("header nav").get_by_role("link", name=words["nav"]).click()
    expect(page.get_by_role("heading", name=words["nav"], level=1)).to_be_visible()
    page.get_by_label(words["name"], exact=True).fill("Pepe Hernandes")
    page.get_by_label(words["age"], exact=True).fill("17")
    page.get_by_role("button", name=words["search"], exact=True).click()
    expect(page.locator("#found-count")).to_have_text(words["four"])
    first = page.locator("#found .item").first
    expect(first).to_contain_text("Pepe Hernandes")
    expect(first.locator("dt")).to_have_text([words["score"], words["name"], words["age"],
                                              re.compile("."), re.compile(".")])  # fmt: skip
    expect(first.locator("meter")).to_have_count(4)
    fits(page)

    # The son's match: telling first is refused, with the reason.
    son = found["son"]
    open_match(page, words, son)
    expect(page.locator("#match-status")).to_have_text(words["proposed"])
    expect(page.locator("#match .parts meter")).to_have_count(4)
    page.get_by_role("button", name=words["tell"]).click()
    expect(page.get_by_role("alert")).to_have_text(words["tell_first"])
    assert "Buenas noticias" not in "".join(c.text for c in provider.sent("whatsapp"))
    fits(page)

    # Ask him; his yes arrives on the page without a reload; then she is told.
    page.get_by_role("button", name=words["ask"]).click()
    expect(flash(page)).to_contain_text(words["asked_notice"])
    expect(page.locator("#match-status")).to_have_text(words["asked"])
    settle(desk)  # type: ignore[arg-type]
    assert "Pepe Hernandes" in "".join(c.text for c in provider.sent("telegram"))
    telegram(desk, "sí")
    expect(page.locator("#match-status")).to_have_text(words["agreed"], timeout=LIVE_MS)
    page.get_by_role("button", name=words["tell"]).click()
    expect(flash(page)).to_have_text(words["told"])
    expect(page.locator("#match-status")).to_have_text(words["told_status"])
    settle(desk)  # type: ignore[arg-type]
    to_mother = "".join(c.text for c in provider.sent("whatsapp"))
    assert "Buenas noticias" in to_mother and "Pepe Hernandes" in to_mother

    # A partner's record: its person said no (through the partner), recorded by hand.
    open_match(page, words, found["cruzroja.example.org"])
    page.get_by_label(words["refuse"]).check()
    page.get_by_role("button", name=words["record"]).click()
    expect(flash(page)).to_have_text(words["recorded"])
    expect(page.locator("#match-status")).to_have_text(words["refused"])
    # Another is not him at all.
    open_match(page, words, found["iom.example.org"])
    page.get_by_role("button", name=words["reject"]).click()
    expect(page.locator("#match-status")).to_have_text(words["rejected"])
    fits(page)

    # A consul of another consulate (Mexico's; the people are not Mexican) never sees it.
    consul = open_page(**options)
    sign_in(consul, desk, lang, role="consul", consulate="mx-houston")
    consul.goto(f"/console/tracing/matches/{son.id}")
    expect(consul.get_by_role("heading", name=words["not_found"])).to_be_visible()
    consul.goto("/console/tracing")
    expect(consul.locator("main")).not_to_contain_text("Hernández")
    fits(consul)

    with desk.app.state.service.store.transaction() as session:
        user = session.exec(select(User).where(User.username == username)).one()
        done = {
            e.action for e in session.exec(select(AuditEntry).where(AuditEntry.user_id == user.id))
        }
    assert {"search_people", "list_matches", "view_match", "ask_consent", "tell_match",
            "record_consent", "reject_match"} <= done, done  # fmt: skip
