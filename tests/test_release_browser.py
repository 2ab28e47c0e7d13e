"""A supervisor releases a conversation from the agent holding it, in a real Chromium: the
agent's open page says so at once and no longer offers to reply (issue 14, 4)."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.conftest import Served
from tests.test_console_browser import LIVE_MS, browser, cases, log_in, open_page, whatsapp  # noqa: F401
from tests.test_console_browser import desk as desk  # noqa: F401


def test_the_agent_sees_a_release_at_once(desk: Served, open_page: Callable[..., Page]) -> None:  # noqa: F811
    whatsapp(desk, "ayuda, nos están atacando")
    [case] = cases(desk)
    url = f"/console/conversations/{case.conversation_id}"
    ana, sofia = open_page(), open_page()
    log_in(ana, "ana")
    ana.goto(url)
    ana.get_by_role("button", name="Tomar la conversación").click()
    expect(ana.get_by_label("Su respuesta")).to_be_visible()

    log_in(sofia, "sofia")
    sofia.goto(url)
    expect(sofia.locator("#holder")).to_have_text("La atiende Ana.")
    expect(sofia.get_by_role("button", name="Devolver al bot")).to_have_count(0)
    sofia.get_by_role("button", name="Retirar al agente").click()
    expect(sofia.get_by_role("status")).to_have_text(
        "Conversación retirada: el bot responde de nuevo."
    )

    # Ana's page, untouched since: told at once, and nothing left to send with.
    expect(ana.get_by_role("status")).to_have_text(
        "Una supervisora o un supervisor le retiró esta conversación: el bot responde de nuevo.",
        timeout=LIVE_MS,
    )
    expect(ana.locator("#holder")).to_contain_text("La atiende el bot.")
    expect(ana.get_by_label("Su respuesta")).to_have_count(0)
    expect(ana.get_by_role("button", name="Devolver al bot")).to_have_count(0)
