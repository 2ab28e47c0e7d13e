"""The console in a real headless Chromium (Debian's, driven by Playwright; `make test` installs
it): an agent watches a WhatsApp case arrive, takes over, replies and hands back; a consul of
another consulate never sees the case; an unacknowledged distress case escalates on screen."""

import itertools
import re
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright import sync_api
from playwright.sync_api import Browser, Page, expect

from amparo.settings import Settings
from data.models import Case, utcnow
from tests import signing
from tests.conftest import Served, settle
from tests.fake_provider import FakeProvider
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD
from tests.test_console import with_canned_copy

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# This machine's closed network refuses Chromium's own background connections.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIVE_MS = 2000  # a live update shows within this
SCREENSHOTS = Path(__file__).parents[1] / "test-screenshots"  # of failed tests (git-ignored)
# Each new console feature runs on a laptop and on a 390 px phone, in Spanish and in English.
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SCREENS = {
    f"{name}-{lang}": ({**screen, "locale": locale}, lang)
    for name, screen in (("desktop", DESKTOP), ("phone", PHONE))
    for lang, locale in (("es", "es-ES"), ("en", "en-GB"))
}
_ids = itertools.count(1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # A missing browser fails loudly: `make test` installs Debian's chromium.
    assert shutil.which(CHROMIUM), "no chromium: run `make test`, which installs Debian's"
    with sync_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def channel_settings(channel_settings: Settings, tmp_path: Path) -> Settings:
    """The conftest's, with a copy of the canned replies that supervisors' edits rewrite."""
    return with_canned_copy(channel_settings, tmp_path)


@pytest.fixture
def desk(served: Served) -> Served:
    """The served app with an agent, a supervisor and two consuls of different consulates."""
    accounts = served.app.state.service.accounts
    accounts.create_user("ana", "Ana", PASSWORD, "agent")
    accounts.create_user("sofia", "Sofía", PASSWORD, "supervisor")
    accounts.create_user("gabriel", "Gabriel", PASSWORD, "consul", "gt-houston")
    accounts.create_user("marta", "Marta", PASSWORD, "consul", "mx-houston")
    return served


@pytest.fixture
def open_page(
    browser: Browser, desk: Served, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Page]]:
    """open_page(**context options) -> a page in a fresh browser context (its own cookies).
    A failed test leaves a screenshot of each of its pages in SCREENSHOTS."""
    contexts = []
    failed_before = request.session.testsfailed

    def _open(**options: object) -> Page:
        context = browser.new_context(base_url=desk.url, **{"locale": "es-ES", **options})
        context.set_default_timeout(5000)
        contexts.append(context)
        return context.new_page()

    yield _open
    # The call's report is counted before teardown: a rise means this test just failed.
    if request.session.testsfailed > failed_before:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for n, page in enumerate(p for context in contexts for p in context.pages):
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{n}.png"), full_page=True)
    for context in contexts:
        context.close()


def log_in(page: Page, username: str) -> None:
    page.goto("/console/login")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Cola en vivo", level=1)).to_be_visible()


def whatsapp(served: Served, text: str, wa_id: str = wa.WA_ID) -> None:
    """A migrant's WhatsApp message, signed as Meta signs it, handled before returning."""
    user_id = wa.USER_ID if wa_id == wa.WA_ID else f"MX.{wa_id}"
    doc = wa.incoming(
        f"wamid.browser{next(_ids)}", "text", {"body": text}, sender=wa_id, wa_id=wa_id,
        user_id=user_id,
    )  # fmt: skip
    with httpx.Client(base_url=served.url, timeout=10) as http:
        assert http.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
    settle(served)  # type: ignore[arg-type]


def cases(served: Served) -> list[Case]:
    return list(served.app.state.service.store.cases())


def within(seconds: float, check: Callable[[], bool]) -> bool:
    """Poll a condition outside the browser (the fake provider's log) for a short while."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_agent_watches_a_case_arrive_takes_over_replies_and_hands_back(
    desk: Served, open_page: Callable[..., Page], provider: FakeProvider
) -> None:
    page = open_page()
    log_in(page, "ana")
    queue = page.locator("#queue")
    expect(queue).to_contain_text("Nadie espera a una persona.")

    whatsapp(desk, "ayuda, nos están atacando")  # distress: a case, and a person is wanted
    waiting = queue.get_by_role("link", name=re.compile(r"Conversación \d+ · emergencia"))
    expect(waiting).to_be_visible(timeout=LIVE_MS)
    [case] = cases(desk)
    expect(queue.get_by_role("link", name=f"{case.ref} · Emergencia")).to_be_visible()
    timer = queue.get_by_role("timer").first
    expect(timer).to_have_text(re.compile(r"^quedan 0:1?\d:\d\d$"))  # ticking to the deadline

    waiting.click()
    page.get_by_role("button", name="Tomar la conversación").click()
    expect(page.get_by_role("status")).to_contain_text("Usted atiende la conversación")
    expect(page.locator("#holder")).to_have_text("Usted atiende esta conversación: el bot calla.")

    text = "Hola, soy Ana del consulado. ¿Están a salvo ahora?"
    page.get_by_label("Su respuesta").fill(text)
    before = len(provider.sent("whatsapp"))
    page.get_by_role("button", name="Enviar", exact=True).click()
    transcript = page.locator("#conversation .transcript")
    expect(transcript.locator(".msg-agent").last).to_contain_text(text)
    assert within(2, lambda: len(provider.sent("whatsapp")) > before), "the reply never left"
    assert provider.sent("whatsapp")[-1].text == text

    sent = len(provider.sent("whatsapp"))
    whatsapp(desk, "sí, estamos escondidos en la iglesia")
    expect(transcript.locator(".msg-in").last).to_contain_text("escondidos", timeout=LIVE_MS)
    assert len(provider.sent("whatsapp")) == sent  # the bot stays silent while Ana holds it

    page.get_by_role("button", name="Devolver al bot").click()
    expect(page.get_by_role("status")).to_have_text("La conversación volvió al bot.")
    expect(page.locator("#holder")).to_contain_text("La atiende el bot.")
    whatsapp(desk, "gracias")
    assert within(2, lambda: len(provider.sent("whatsapp")) > sent)  # the bot answers again


def test_a_consul_of_another_consulate_cannot_see_the_case(
    desk: Served, open_page: Callable[..., Page]
) -> None:
    gabriel, marta = open_page(), open_page()
    log_in(gabriel, "gabriel")  # gt-houston
    log_in(marta, "marta")  # mx-houston
    for text in ["perdí mi pasaporte, necesito documentos", "soy de Guatemala", "Houston", "este"]:
        whatsapp(desk, text)
    [case] = cases(desk)
    assert case.consulate_id == "gt-houston"
    expect(gabriel.locator("#queue")).to_contain_text(case.ref, timeout=LIVE_MS)

    marta.reload()
    expect(marta.locator("#queue")).to_contain_text("No hay casos abiertos.")
    expect(marta.locator("#queue")).not_to_contain_text(case.ref)
    marta.goto(f"/console/cases?q={case.ref}")
    expect(marta.get_by_role("status")).to_have_text("0 casos")
    marta.goto(f"/console/cases/{case.id}")
    expect(marta.get_by_role("heading", name="No encontrado")).to_be_visible()
    marta.goto(f"/console/conversations/{case.conversation_id}")
    expect(marta.get_by_role("heading", name="No encontrado")).to_be_visible()
    # The same browser session, on the API: the same answer.
    assert marta.request.get(f"/api/cases/{case.id}").status == 404
    assert marta.request.get("/api/cases").json() == []

    gabriel.get_by_role("link", name=f"{case.ref} · Asistencia").click()
    expect(gabriel.get_by_role("heading", level=1)).to_have_text(f"Caso {case.ref} · Asistencia")
    assert gabriel.request.get(f"/api/cases/{case.id}").status == 200


def test_an_unacknowledged_distress_case_escalates_on_its_timeline(
    desk: Served, open_page: Callable[..., Page], provider: FakeProvider
) -> None:
    whatsapp(desk, "ayuda, nos están atacando, somos guatemaltecos en Houston")
    [case] = cases(desk)
    assert case.kind == "distress" and case.consulate_id == "gt-houston"
    page = open_page()
    log_in(page, "sofia")
    page.goto(f"/console/cases/{case.id}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Registrado")
    expect(timeline).not_to_contain_text("Escalado")

    # Twenty minutes later, still nobody has acknowledged it: the clock is moved, not waited.
    escalator = desk.app.state.escalator
    done = escalator.check(now=utcnow() + timedelta(minutes=20))
    assert [(e.case_id, e.level) for e in done] == [(case.id, 1)]
    step = timeline.locator(".event-escalated")
    expect(step).to_contain_text("nivel 1: oficial de guardia del consulado", timeout=LIVE_MS)
    expect(step).to_contain_text("tras 20 min sin acuse de recibo")
    expect(page.locator(".escalation-1")).to_be_visible()
    assert within(2, lambda: any(case.ref in m.text for m in provider.sent("twilio")))

    # The supervisor takes it in hand; the follow-up draft follows the status chosen.
    page.get_by_label("Nuevo estado").select_option(label="en curso")
    expect(page.get_by_role("textbox", name="Mensaje a la persona")).to_have_value(
        f"Amparo: estamos trabajando en tu caso {case.ref}. Escribe aquí si algo cambia."
    )
    page.get_by_label("Motivo").fill("hablé con el oficial de guardia")
    sent = len(provider.sent("whatsapp"))
    page.get_by_role("button", name="Cambiar estado").click()
    expect(page.get_by_role("status")).to_have_text("Estado cambiado.")
    expect(timeline).to_contain_text("nuevo → en curso: hablé con el oficial de guardia")
    assert within(2, lambda: len(provider.sent("whatsapp")) > sent)
    assert case.ref in provider.sent("whatsapp")[-1].text
    assert escalator.check(now=utcnow() + timedelta(hours=2)) == []  # acknowledged: it stops


def test_keyboard_only_on_a_phone_screen(desk: Served, open_page: Callable[..., Page]) -> None:
    whatsapp(desk, "ayuda, nos están atacando")
    [case] = cases(desk)
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto("/console/directory")  # not logged in: the login form, then back here
    expect(page.get_by_label("Usuario")).to_be_focused()
    page.keyboard.type("ana")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Directorio consular", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Saltar al contenido")).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"

    page.goto("/console/queue")
    page.get_by_role("link", name=f"{case.ref} · Emergencia").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.ref)
    for url in [f"/console/cases/{case.id}", "/console/stats", "/console/directory"]:
        page.goto(url)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"{url} is {wide}px wide on a 390px phone"  # one column, no sideways

    page.goto("/console/stats")
    expect(page.get_by_role("img", name=re.compile("Casos por tipo"))).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consular observatory")


# issue 15: a console a call centre can run a crisis on

WORDS = {
    "es": {
        "user": "Usuario", "password": "Contraseña", "enter": "Entrar", "queue": "Cola en vivo",
        "injured": "personas heridas", "spanish": "español", "unread": "1 sin leer",
        "asked": "pidió hablar con una persona", "left": "quedan", "safe": "informó estar a salvo",
        "language": "Idioma", "english": "inglés", "filter": "Filtrar", "clear": "Mostrar todo",
        "empty": "No hay casos abiertos.", "held": "Usted atiende esta conversación",
        "reply": "Su respuesta", "canned": "Respuesta predefinida", "sent": "enviado",
        "delivered": "entregado", "keys": "Atajos de teclado", "bot": "La atiende el bot.",
        "replies": "Respuestas predefinidas", "save": "Guardar", "saved": "guardada",
        "directory": "Directorio consular", "sound": "Sonido", "urgent": "Nuevo caso urgente",
        "human": "Alguien pidió hablar con una persona", "escalated": "Un caso se escaló",
        "escalated_title": "Escalados a su consulado", "new_status": "Nuevo estado",
        "acknowledged": "recibido", "why": "Motivo", "change": "Cambiar estado",
        "step": "nuevo → recibido: leído", "take": "Tomar la conversación",
        "held_by_another": "Otra persona atiende esta conversación.",
        "reason": "leído",
    },
    "en": {
        "user": "Username", "password": "Password", "enter": "Log in", "queue": "Live queue",
        "injured": "injured", "spanish": "Spanish", "unread": "1 unread",
        "asked": "asked for a person", "left": "left", "safe": "reported safe",
        "language": "Language", "english": "English", "filter": "Filter",
        "clear": "Show everything", "empty": "No open cases.",
        "held": "You hold this conversation", "reply": "Your reply", "canned": "Canned reply",
        "sent": "sent", "delivered": "delivered", "keys": "Keyboard shortcuts",
        "bot": "The bot is answering.", "replies": "Canned replies", "save": "Save",
        "saved": "saved", "directory": "Consular directory", "sound": "Sound",
        "urgent": "New urgent case", "human": "Someone asked to talk to a person",
        "escalated": "A case escalated", "escalated_title": "Escalated to your consulate",
        "new_status": "New status", "acknowledged": "acknowledged", "why": "Reason",
        "change": "Change status", "step": "new → acknowledged: read",
        "take": "Take over", "held_by_another": "Another agent holds this conversation.",
        "reason": "read",
    },
}  # fmt: skip


def sign_in(
    page: Page, desk: Served, lang: str, role: str = "agent", consulate: str | None = None
) -> str:
    """A new user of this language logs in; their username."""
    username = f"{role}{next(_ids)}{lang}"
    accounts = desk.app.state.service.accounts
    accounts.create_user(username, username.title(), PASSWORD, role, consulate, language=lang)
    words = WORDS[lang]
    page.goto("/console/login")
    page.get_by_label(words["user"]).fill(username)
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.get_by_role("button", name=words["enter"]).click()
    expect(page.get_by_role("heading", name=words["queue"], level=1)).to_be_visible()
    # The heading shows before the deferred script has bound the keys; "load" comes after it.
    page.wait_for_load_state("load")
    return username


def fits(page: Page) -> None:
    """Nothing runs off the side of the screen."""
    width = page.viewport_size["width"] if page.viewport_size else 1280
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide}px wide on a {width}px screen"


@pytest.mark.parametrize("screen", SCREENS)
def test_triage_at_a_glance_live_with_filters_kept(
    desk: Served, open_page: Callable[..., Page], screen: str
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    page = open_page(**options)
    sign_in(page, desk, lang)
    queue = page.locator("#queue")

    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    [case] = cases(desk)
    row = queue.locator(".item", has=page.get_by_role("link", name=re.compile(case.ref))).last
    expect(row).to_contain_text(words["injured"], timeout=LIVE_MS)
    expect(row).to_contain_text(f"{words['spanish']} · WhatsApp · Houston")
    expect(row).to_contain_text(words["unread"])
    expect(row.locator(".last")).to_contain_text("«")
    expect(row.get_by_role("timer")).to_have_text(re.compile(words["left"]))

    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100007")
    asked = queue.locator(".item", has_text=words["asked"])
    expect(asked).to_be_visible(timeout=LIVE_MS)
    expect(asked.get_by_role("timer")).to_have_text(re.compile(r"0:0[89]:\d\d"))

    whatsapp(desk, "ya estamos a salvo, gracias")
    expect(row).to_contain_text(words["safe"], timeout=LIVE_MS)
    expect(row).to_have_class(re.compile("reported-safe"))
    fits(page)

    # The filters stay with the user, across reloads.
    page.get_by_label(words["language"], exact=True).select_option(label=words["english"])
    page.get_by_role("button", name=words["filter"]).click()
    expect(queue).to_contain_text(words["empty"])
    page.reload()
    expect(page.get_by_label(words["language"], exact=True)).to_have_value("en")
    expect(queue).not_to_contain_text(case.ref)
    page.get_by_role("button", name=words["clear"]).click()
    expect(queue).to_contain_text(case.ref)


@pytest.mark.parametrize("screen", SCREENS)
def test_reply_fast_and_right_by_keyboard(
    desk: Served, open_page: Callable[..., Page], provider: FakeProvider, screen: str
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    whatsapp(desk, "necesito ayuda")  # the bot answers with a menu
    whatsapp(desk, "quiero hablar con una persona")
    page = open_page(**options)
    sign_in(page, desk, lang)
    expect(page.locator("#waiting-title .count")).to_have_text("1")

    page.keyboard.press("j")  # the first item of the queue, then open it
    expect(page.locator("#queue .items .title").first).to_be_focused()
    page.keyboard.press("Enter")
    transcript = page.locator("#conversation .transcript")
    expect(transcript.locator(".options li").first).to_be_visible()  # what "3" answered
    page.wait_for_load_state("load")  # the page's keys are bound once its script has run
    page.keyboard.press("t")
    expect(page.locator("#holder")).to_contain_text(words["held"], timeout=LIVE_MS + 8000)
    page.keyboard.press("Escape")  # out of the reply box, where the page put the cursor
    page.keyboard.press("r")
    box = page.get_by_label(words["reply"])
    expect(box).to_be_focused()
    page.get_by_label(words["canned"]).select_option(index=1)
    expect(box).not_to_have_value("")
    box.press("End")
    page.keyboard.type(" ok")
    text = box.input_value()
    box.press("Control+Enter")
    mine = transcript.locator(".msg-agent").last
    expect(mine).to_contain_text(text.strip())
    expect(mine.locator(".delivery")).to_have_text(words["sent"], timeout=LIVE_MS)
    assert within(2, lambda: provider.sent("whatsapp")[-1].text == text.strip())

    # The provider reports it delivered: the agent sees it without reloading.
    conv = desk.app.state.service.store.conversation("whatsapp", wa.USER_ID)
    [row] = [r for r in desk.app.state.service.outbox.for_conversation(conv.id)
             if r.payload.get("author_id")]  # fmt: skip
    report = wa.status(str(row.provider_message_id), "delivered")
    with httpx.Client(base_url=desk.url, timeout=10) as http:
        assert http.post("/webhooks/whatsapp", **signing.whatsapp(report)).status_code == 200
    expect(mine.locator(".delivery")).to_have_text(words["delivered"], timeout=LIVE_MS)

    page.keyboard.press("Escape")
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name=words["keys"])
    expect(help_dialog).to_be_visible()
    expect(help_dialog.locator("kbd", has_text="h")).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()
    fits(page)
    page.keyboard.press("h")
    expect(page.locator("#holder")).to_contain_text(words["bot"])

    # A supervisor edits a canned reply; the file beside the bot's responses changes.
    boss = open_page(**options)
    sign_in(boss, desk, lang, role="supervisor")
    boss.get_by_role("link", name=words["replies"]).click()
    field = boss.locator("#reply-greeting-es")
    field.fill("Hola, soy {agent}. Te leo.")
    boss.locator("#reply-greeting").get_by_role("button", name=words["save"]).click()
    expect(boss.get_by_role("status")).to_contain_text(words["saved"])
    expect(boss.locator("#reply-greeting-es")).to_have_value("Hola, soy {agent}. Te leo.")
    assert "Hola, soy {agent}. Te leo." in desk.app.state.service.replies.path.read_text()
    fits(boss)


# Counts what the page hands to the browser's Notification and Web Audio: the real ones run.
WATCH_ARRIVALS = """
window.__notes = []; window.__beeps = 0;
const RealNotification = window.Notification;
window.Notification = function (title, options) {
  window.__notes.push(title);
  return new RealNotification(title, options);
};
Object.defineProperty(window.Notification, "permission", {
  get: () => RealNotification.permission,
});
window.Notification.requestPermission = RealNotification.requestPermission.bind(RealNotification);
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__beeps += 1;
  return createOscillator.call(this);
};
"""


@pytest.mark.parametrize("screen", SCREENS)
def test_never_miss_an_arrival_on_any_page(
    desk: Served, open_page: Callable[..., Page], screen: str
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    page = open_page(**options, permissions=["notifications"])
    page.add_init_script(WATCH_ARRIVALS)
    sign_in(page, desk, lang)
    page.goto("/console/directory")  # not the queue: arrivals reach every page
    expect(page).to_have_title(f"{words['directory']} · Amparo")
    page.get_by_label(words["sound"]).check()
    expect(page.locator("body")).to_have_attribute("data-stream", "open")  # listening now

    whatsapp(desk, "ayuda, nos están atacando, somos guatemaltecos en Houston")
    [case] = cases(desk)
    expect(page).to_have_title(f"(1) {words['directory']} · Amparo", timeout=LIVE_MS)
    banner = page.locator("#arrivals")
    expect(banner).to_contain_text(words["urgent"])
    page.wait_for_function("window.__beeps > 0")
    assert words["urgent"] in page.evaluate("window.__notes")

    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100009")
    expect(page).to_have_title(f"(2) {words['directory']} · Amparo", timeout=LIVE_MS)
    expect(banner).to_contain_text(words["human"])
    assert words["human"] in page.evaluate("window.__notes")
    fits(page)
    banner.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\d"))

    # The consul of the case's consulate sees its escalation first, and is told at once.
    consul = open_page(**options, permissions=["notifications"])
    consul.add_init_script(WATCH_ARRIVALS)
    sign_in(consul, desk, lang, role="consul", consulate="gt-houston")
    expect(consul).not_to_have_title(re.compile(r"^\(\d+\) "))  # nothing escalated yet
    expect(consul.locator("body")).to_have_attribute("data-stream", "open")
    desk.app.state.escalator.check(now=utcnow() + timedelta(minutes=20))
    expect(consul).to_have_title(re.compile(r"^\(1\) "), timeout=LIVE_MS)
    top = consul.locator("#queue section").first
    expect(top.get_by_role("heading", level=2)).to_contain_text(words["escalated_title"])
    expect(top).to_contain_text(case.ref, timeout=LIVE_MS)
    expect(consul.locator("#arrivals")).to_contain_text(words["escalated"], timeout=LIVE_MS)
    assert words["escalated"] in consul.evaluate("window.__notes")
    fits(consul)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_console_speaks_its_language_with_no_codes(
    desk: Served, open_page: Callable[..., Page], screen: str
) -> None:
    options, lang = SCREENS[screen]
    words = WORDS[lang]
    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    [case] = cases(desk)
    page = open_page(**options)
    sign_in(page, desk, lang)
    page.goto(f"/console/cases/{case.id}")
    page.get_by_label(words["new_status"]).select_option(label=words["acknowledged"])
    page.get_by_label(words["why"]).fill(words["reason"])
    page.get_by_role("button", name=words["change"]).click()
    expect(page.locator("#timeline")).to_contain_text(words["step"])
    for url in ["/console/queue", f"/console/cases/{case.id}", "/console/directory"]:
        page.goto(url)
        said = page.inner_text("main")
        assert not re.findall(r"\b[a-z]+_[a-z_]+\b|\b(True|False|None)\b", said), (url, said)
    fits(page)

    # Someone else holds the conversation: the refusal comes in the user's words.
    service = desk.app.state.service
    other = service.accounts.create_user(f"other{lang}", "Otra", PASSWORD, "agent")
    service.casework.take_over(other, case.conversation_id)
    page.goto(f"/console/conversations/{case.conversation_id}")
    page.get_by_role("button", name=words["take"]).click()
    expect(page.get_by_role("alert")).to_have_text(words["held_by_another"])


REST = {
    "es": {"priority": "Prioridad", "why": "Por qué (para la cronología)",
           "change": "Cambiar la prioridad", "changed": "prioridad: 1 → 3 (leyó mal)",
           "nationality": "Nacionalidad: — → Guatemala", "merge": "Fusionar en el caso elegido",
           "merged": "Se fusionó en este caso un caso duplicado", "cases": "Casos",
           "nationality_filter": "Nacionalidad", "alerts": "Alertas",
           "text": "Texto en español", "send": "Ver destinatarios",
           "confirm": "Sí, enviarla a 2 personas",
           "untranslated": "Sin texto en inglés, el idioma de 1 de los destinatarios.",
           "anyway": "Enviarla de todos modos", "audit": "Registro de auditoría",
           "action": "Acción", "logged_in": "inició sesión", "filter": "Filtrar"},
    "en": {"priority": "Priority", "why": "Why (for the timeline)",
           "change": "Change priority", "changed": "priority: 1 → 3 (leyó mal)",
           "nationality": "Nationality: — → Guatemala", "merge": "Merge into the chosen case",
           "merged": "A duplicate case was merged into this one", "cases": "Cases",
           "nationality_filter": "Nationality", "alerts": "Alerts",
           "text": "Text in Spanish", "send": "Check recipients",
           "confirm": "Yes, send it to 2 people",
           "untranslated": "No text in English, spoken by 1 of the recipients.",
           "anyway": "Send it anyway", "audit": "Audit log",
           "action": "Action", "logged_in": "logged in", "filter": "Filter"},
}  # fmt: skip


@pytest.mark.parametrize("screen", SCREENS)
def test_priority_by_hand_timeline_changes_merge_and_the_consuls_queue(
    desk: Served, open_page: Callable[..., Page], screen: str
) -> None:
    options, lang = SCREENS[screen]
    words = REST[lang]
    for text in ["ayuda, nos están atacando en Houston, mi hijo está herido", "somos de Guatemala",
                 "ya estamos a salvo, gracias", "busco a mi hermano José Pérez, de 8 años",
                 "Guatemala"]:  # fmt: skip
        whatsapp(desk, text)
    kinds = {c.kind: c for c in cases(desk)}
    keep, duplicate = kinds["distress"], kinds["missing_person"]
    page = open_page(**options)
    sign_in(page, desk, lang)
    page.goto(f"/console/cases/{keep.id}")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text(words["nationality"])
    page.get_by_label(words["priority"], exact=True).select_option("3")
    page.get_by_label(words["why"]).fill("leyó mal")
    page.get_by_role("button", name=words["change"]).click()
    expect(timeline).to_contain_text(words["changed"])
    fits(page)

    page.goto(f"/console/cases/{duplicate.id}")
    page.get_by_role("button", name=words["merge"]).click()
    expect(page).to_have_url(re.compile(f"/console/cases/{keep.id}$"))
    expect(timeline).to_contain_text(words["merged"])
    expect(timeline).to_contain_text(duplicate.ref)
    fits(page)

    consul = open_page(**options)
    sign_in(consul, desk, lang, role="consul", consulate="gt-houston")
    expect(consul.locator("#open-title")).to_be_visible()
    expect(consul.locator("#waiting-title")).to_have_count(0)
    fits(consul)
    consul.get_by_role("link", name=words["cases"], exact=True).click()
    nationalities = consul.get_by_label(words["nationality_filter"]).locator("option")
    expect(nationalities).to_have_count(2)  # any, and their own
    expect(nationalities.last).to_have_attribute("value", "GT")


@pytest.mark.parametrize("screen", SCREENS)
def test_an_alert_warns_of_a_language_without_text_and_the_audit_log_speaks(
    desk: Served, open_page: Callable[..., Page], screen: str
) -> None:
    options, lang = SCREENS[screen]
    words = REST[lang]
    whatsapp(desk, "necesito un pasaporte")
    whatsapp(desk, "help, I lost my passport", wa_id="5215550100031")
    page = open_page(**options)
    sign_in(page, desk, lang, role="supervisor")
    page.get_by_role("link", name=words["alerts"], exact=True).click()
    page.get_by_label(words["text"]).fill("Sismo: salga a la calle.")
    page.get_by_role("button", name=words["send"]).click()
    warning = page.get_by_role("alert").filter(has_text=words["untranslated"])
    expect(warning).to_be_visible()
    expect(page.get_by_label(words["text"])).to_have_value("Sismo: salga a la calle.")
    fits(page)
    page.get_by_label(words["anyway"]).check()
    page.get_by_role("button", name=words["confirm"]).click()
    expect(page).to_have_url(re.compile(r"/console/alerts/\d+$"))
    expect(page.locator("#alert-untranslated")).to_contain_text(words["untranslated"])

    page.get_by_role("link", name=words["audit"], exact=True).click()
    page.get_by_label(words["action"]).select_option(label=words["logged_in"])
    page.get_by_role("button", name=words["filter"]).click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(words["logged_in"])
    assert "login" not in page.inner_text("tbody")
    fits(page)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_console_in_french_says_no_code_and_no_english(
    desk: Served, open_page: Callable[..., Page], screen: str
) -> None:
    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    [case] = cases(desk)
    page = open_page(**{**(DESKTOP if screen == "desktop" else PHONE), "locale": "fr-FR"})
    desk.app.state.service.accounts.create_user("julie", "Julie", PASSWORD, "agent", language="fr")
    page.goto("/console/login")
    page.get_by_label("Identifiant").fill("julie")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="File en direct", level=1)).to_be_visible()
    for url in ["/console/queue", f"/console/cases/{case.id}", "/console/directory"]:
        page.goto(url)
        said = page.inner_text("main")
        assert not re.findall(r"\b[a-z]+_[a-z_]+\b|\b(True|False|None)\b", said), (url, said)
        for english in ("Live queue", "Timeline", "What the person said", "Change status"):
            assert english not in said, (url, english)
    expect(page.locator("main")).to_contain_text("Annuaire consulaire")
    fits(page)
