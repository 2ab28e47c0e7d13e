"""A supervisor sends a safety check from the console in a real Chromium and watches it go
out live: sent, then the answers as people reply."""

import re

import httpx
from playwright.sync_api import expect
from sqlmodel import select

from data.models import Alert
from tests import signing
from tests.payloads import twilio as tw
from tests.test_alerts import person
from tests.test_channel_conversations import TWILIO_PATH
from tests.test_console_browser import LIVE_MS, browser, log_in, open_page  # noqa: F401
from tests.test_console_browser import desk as desk  # noqa: F401


def test_send_an_alert_and_watch_it_live(open_page, desk, provider):  # noqa: F811
    service = desk.app.state.service
    person(service.store, "sms", "+17135550001", "GT", "houston", "es")
    person(service.store, "sms", "+17135550002", "GT", "houston", "en")
    person(service.store, "sms", "+17135550003", "HN", "houston", "es")
    page = open_page()
    log_in(page, "sofia")
    page.get_by_role("link", name="Alertas").click()
    expect(page.get_by_role("heading", name="Alertas de crisis")).to_be_visible()
    page.get_by_label("Tipo").select_option("safety_check")
    page.get_by_label("Nacionalidad").select_option("GT")
    page.get_by_label("Texto en español").fill("Sismo fuerte en Houston.")
    page.get_by_label("Texto en inglés").fill("Strong earthquake in Houston.")
    page.get_by_role("button", name="Ver destinatarios").click()
    expect(page.locator("#preview-sms")).to_have_text("2")  # nothing sent yet: a count
    assert provider.sent("twilio") == []
    page.get_by_role("button", name="Sí, enviarla a 2 personas").click()
    expect(page).to_have_url(re.compile(r"/console/alerts/\d+$"))
    expect(page.locator("#alert-recipients")).to_have_text("2")
    expect(page.locator("#alert-sent")).to_have_text("2", timeout=LIVE_MS + 3000)
    assert sorted(c.params["To"] for c in provider.sent("twilio")) == [
        "+17135550001",
        "+17135550002",
    ]
    # answers arrive: the page shows them without a reload
    with httpx.Client(base_url=desk.url, timeout=10) as http:
        for number, text in [("+17135550001", "1"), ("+17135550002", "2")]:
            sid = f"SMbrowser{number[-4:]}"
            params = {**tw.SMS_TEXT, "Body": text, "From": number, "MessageSid": sid}
            assert http.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, params)).status_code == 200
    expect(page.locator("#alert-safe")).to_have_text("1", timeout=LIVE_MS + 3000)
    expect(page.locator("#alert-need_help")).to_have_text("1", timeout=LIVE_MS + 3000)
    expect(page.locator("#alert-replied")).to_have_text("2", timeout=LIVE_MS + 3000)


# The confirmation's two submissions as a double click sends them: the same fields, at once.
TWICE = """() => {
  const form = document.querySelector('form[action="/console/alerts"]');
  const body = () => new URLSearchParams(new FormData(form));
  const post = () => fetch(form.action, {method: "POST", body: body()});
  return Promise.all([post(), post()]).then((answers) => answers.map((a) => a.url));
}"""


def test_a_form_sent_twice_at_once_sends_the_alert_once(open_page, desk, provider):  # noqa: F811
    """The form's one-time token: the second submission does nothing again, and lands on the
    same alert (issue 14, 7: every recipient once got the alert twice)."""
    service = desk.app.state.service
    person(service.store, "sms", "+17135550001", "GT", "houston", "es")
    page = open_page()
    log_in(page, "sofia")
    page.goto("/console/alerts")
    page.get_by_label("Nacionalidad").select_option("GT")
    page.get_by_label("Texto en español").fill("Inundación: suba a un piso alto.")
    page.get_by_role("button", name="Ver destinatarios").click()
    expect(page.locator("#preview-total")).to_have_text("1")
    first, second = page.evaluate(TWICE)  # the confirmation, sent twice
    assert first == second and re.search(r"/console/alerts/\d+$", first)
    page.goto(first)
    expect(page.locator("#alert-sent")).to_have_text("1", timeout=LIVE_MS + 3000)
    with service.store.transaction() as session:
        assert len(session.exec(select(Alert)).all()) == 1
    assert [c.params["To"] for c in provider.sent("twilio")] == ["+17135550001"]
