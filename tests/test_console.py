"""The web console through HTTP, as a browser without JavaScript uses it: cookie login with
CSRF, lockout, logout, each role's pages, a consul fenced to their consulate, the audit log,
the directory's review flags and the observatory's charts, in Spanish and English."""

import ast
import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from gettext import GNUTranslations
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from amparo.settings import Settings
from api.console.i18n import LANGUAGES
from api.console.labels import ERRORS, LABELS
from api.security import COOKIE
from data.directory import STALE_AFTER
from data.models import utcnow
from tests import signing
from tests.conftest import settle
from tests.fake_provider import FakeProvider
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD, add_user, assistance_case, service_of, whatsapp

TEMPLATES = Path(__file__).parents[1] / "api" / "console" / "templates"
CANNED = Path(__file__).parents[1] / "intents" / "canned_replies.yml"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def channel_settings(channel_settings: Settings, tmp_path: Path) -> Settings:
    """The conftest's, with a copy of the canned replies that supervisors' edits rewrite."""
    return with_canned_copy(channel_settings, tmp_path)


def with_canned_copy(settings: Settings, folder: Path) -> Settings:
    canned = folder / "canned_replies.yml"
    canned.write_text(CANNED.read_text(encoding="utf-8"), encoding="utf-8")
    return settings.model_copy(update={"canned_replies_path": canned})


@pytest.fixture
def desk(live: TestClient) -> Iterator[TestClient]:
    """The live app with an admin, a supervisor, two agents and two consuls."""
    add_user(live, "alma", "admin")
    add_user(live, "sofia", "supervisor")
    add_user(live, "ana", "agent")
    add_user(live, "beto", "agent")
    add_user(live, "gabriel", "consul", "gt-houston")
    add_user(live, "marta", "consul", "mx-houston")
    yield live


def sign_in(client: TestClient, username: str, password: str = PASSWORD, **extra: str):
    """Log in through the form, as a browser does (a fresh cookie jar: one user at a time)."""
    client.cookies.clear()
    for name, value in extra.items():
        client.cookies.set(name, value)
    form = client.get("/console/login")
    token = _CSRF.search(form.text).group(1)
    return client.post(
        "/console/login",
        data={"username": username, "password": password, "csrf": token, "next": "/console/queue"},
        follow_redirects=False,
    )


def csrf_of(client: TestClient, username: str) -> str:
    """Logged in as this user; the session's CSRF token, as the pages carry it."""
    assert sign_in(client, username).status_code == 303
    return _CSRF.search(client.get("/console/queue").text).group(1)


def canned_file(client: TestClient) -> Path:
    return service_of(client).replies.path


def the_case(client: TestClient):
    [case] = service_of(client).store.cases()
    return case


# logging in and out


def test_login_lands_on_the_page_asked_for_and_logout_ends_the_session(desk: TestClient) -> None:
    asked = desk.get("/console/cases", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/console/login?next=/console/cases"
    form = desk.get(asked.headers["location"])
    assert form.status_code == 200 and '<label for="password">' in form.text
    token = _CSRF.search(form.text).group(1)
    done = desk.post(
        "/console/login",
        data={"username": "ana", "password": PASSWORD, "csrf": token, "next": "/console/cases"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/console/cases"
    cookie = desk.cookies.get(COOKIE)
    assert cookie and "httponly" in done.headers["set-cookie"].lower()
    assert "samesite=lax" in done.headers["set-cookie"].lower()
    page = desk.get("/console/cases")
    assert page.status_code == 200 and "Ana · agente" in page.text
    csrf = _CSRF.search(page.text).group(1)
    out = desk.post("/console/logout", data={"csrf": csrf})
    assert out.url.path == "/console/login" and "Ha cerrado la sesión." in out.text
    desk.cookies.set(COOKIE, cookie)  # the old cookie, replayed
    assert desk.get("/console/queue", follow_redirects=False).status_code == 303
    assert desk.get("/api/me").status_code == 401


def test_wrong_passwords_say_nothing_then_lock_the_account(desk: TestClient) -> None:
    for _ in range(5):
        wrong = sign_in(desk, "ana", "not the password")
        assert wrong.status_code == 401 and "Usuario o contraseña incorrectos." in wrong.text
    locked = sign_in(desk, "ana")
    assert locked.status_code == 401 and "Usuario o contraseña incorrectos." in locked.text
    assert COOKIE not in desk.cookies
    unknown = sign_in(desk, "nobody", amparo_lang="en")
    assert unknown.status_code == 401 and "Wrong username or password." in unknown.text
    assert sign_in(desk, "beto").status_code == 303  # others may still log in


def test_a_form_post_without_the_csrf_token_is_refused(desk: TestClient) -> None:
    assistance_case(desk)
    case = the_case(desk)
    csrf = csrf_of(desk, "ana")
    url = f"/console/cases/{case.id}/notes"
    missing = desk.post(url, data={"text": "forged"})
    assert missing.status_code == 403 and "<h1>Acceso no permitido</h1>" in missing.text
    wrong = desk.post(url, data={"text": "forged", "csrf": csrf[::-1]})
    assert wrong.status_code == 403
    assert not any(e.kind == "note" for e in service_of(desk).store.case_events(case.id))
    ok = desk.post(url, data={"text": "called the shelter", "csrf": csrf})
    assert ok.status_code == 200 and "called the shelter" in ok.text
    desk.cookies.clear()
    no_token = desk.post("/console/login", data={"username": "ana", "password": PASSWORD})
    assert no_token.status_code == 403  # the login form has its own double-submit token


def test_login_never_sends_anyone_to_another_site(desk: TestClient) -> None:
    form = desk.get("/console/login?next=//evil.example/x")
    assert 'name="next" value="/console/queue"' in form.text
    token = _CSRF.search(form.text).group(1)
    done = desk.post(
        "/console/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf": token,
            "next": "https://evil.example",
        },
        follow_redirects=False,
    )
    assert done.headers["location"] == "/console/queue"


# who sees what


def test_every_role_gets_its_pages_and_only_supervisors_the_audit_log(desk: TestClient) -> None:
    assistance_case(desk)
    case = the_case(desk)
    pages = [
        "/console/queue",
        "/console/queue/live",
        "/console/cases",
        "/console/cases?kind=assistance&status=new&priority=3&nationality=gt&open_only=1",
        f"/console/cases/{case.id}",
        f"/console/cases/{case.id}/live",
        f"/console/conversations/{case.conversation_id}",
        f"/console/conversations/{case.conversation_id}/live",
        "/console/stats",
        "/console/stats?days=7",
        "/console/directory",
    ]
    for username, audit in [("alma", 200), ("sofia", 200), ("ana", 403), ("gabriel", 403)]:
        csrf_of(desk, username)
        for url in pages:
            page = desk.get(url)
            assert page.status_code == 200, (username, url, page.text[:500])
            assert "default-src 'self'" in page.headers["content-security-policy"]
        queue = desk.get("/console/queue").text
        assert case.ref in queue and 'aria-live="polite"' in queue
        assert ('href="/console/audit"' in queue) == (audit == 200)
        assert desk.get("/console/audit").status_code == audit
    consul = desk.get(f"/console/conversations/{case.conversation_id}").text
    assert "Tomar la conversación" not in consul and "la atienden agentes" in consul


def test_a_consul_sees_only_their_consulates_cases_in_the_console(desk: TestClient) -> None:
    assistance_case(desk)
    case = the_case(desk)
    csrf = csrf_of(desk, "marta")  # mx-houston; the case is gt-houston's
    assert case.ref not in desk.get("/console/queue").text
    assert case.ref not in desk.get("/console/cases").text
    assert ">0 casos<" in desk.post("/console/cases", data={"q": "pasaporte", "csrf": csrf}).text
    for url in [f"/console/cases/{case.id}", f"/console/cases/{case.id}/live"]:
        hidden = desk.get(url)
        assert hidden.status_code == 404 and case.ref not in hidden.text
    assert desk.get(f"/console/conversations/{case.conversation_id}").status_code == 404
    note = desk.post(f"/console/cases/{case.id}/notes", data={"text": "mine", "csrf": csrf})
    assert note.status_code == 404
    assert re.search(r'id="total">0<', desk.get("/console/stats").text)
    assert desk.get(f"/api/cases/{case.id}").status_code == 404  # the cookie, on the API
    gabriel = csrf_of(desk, "gabriel")
    assert case.ref in desk.get("/console/queue").text
    found = desk.post("/console/cases", data={"q": "pasaporte", "csrf": gabriel})
    assert ">1 caso<" in found.text and case.ref in found.text  # in the transcript
    assert desk.get(f"/console/cases/{case.id}").status_code == 200


def test_views_and_changes_in_the_console_reach_the_audit_log(desk: TestClient) -> None:
    assistance_case(desk)
    case = the_case(desk)
    csrf = csrf_of(desk, "ana")
    desk.get(f"/console/cases/{case.id}")
    desk.post(f"/console/cases/{case.id}/notes", data={"text": "llamé al albergue", "csrf": csrf})
    csrf_of(desk, "sofia")
    log = desk.get(f"/console/audit?case_id={case.id}").text
    assert "vio un caso" in log and "añadió una nota" in log and "Ana" in log
    everything = desk.get("/console/audit").text
    assert "inició sesión" in everything and "pasaporte" not in everything
    assert "llamé al albergue" not in everything


# working a case


def test_takeover_reply_conflict_and_hand_back_through_forms(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, "quiero hablar con una persona")
    [item] = service_of(desk).casework.takeover_queue(service_of(desk).accounts.users()[0])
    url = f"/console/conversations/{item.conversation.id}"
    csrf = csrf_of(desk, "ana")
    assert url in desk.get("/console/queue").text
    early = desk.post(f"{url}/reply", data={"text": "hola", "csrf": csrf})
    assert "Tome la conversación antes de responder." in early.text
    held = desk.post(f"{url}/takeover", data={"csrf": csrf})
    assert held.status_code == 200 and "Usted atiende esta conversación" in held.text
    assert '<textarea id="reply-text"' in held.text
    sent = desk.post(f"{url}/reply", data={"text": "Hola, soy Ana. ¿Dónde está?", "csrf": csrf})
    assert sent.status_code == 200 and "Respuesta enviada." in sent.text
    settle(desk)
    assert provider.sent("whatsapp")[-1].text == "Hola, soy Ana. ¿Dónde está?"
    beto = csrf_of(desk, "beto")
    taken = desk.post(f"{url}/takeover", data={"csrf": beto})
    assert taken.status_code == 200 and "Otra persona atiende esta conversación." in taken.text
    assert "La atiende Ana." in taken.text
    csrf = csrf_of(desk, "ana")
    back = desk.post(f"{url}/handback", data={"csrf": csrf})
    assert "La conversación volvió al bot." in back.text and "La atiende el bot." in back.text


def test_case_page_drafts_the_follow_up_and_records_notes_referrals_assignment(
    desk: TestClient, provider: FakeProvider
) -> None:
    assistance_case(desk)
    case = the_case(desk)
    url = f"/console/cases/{case.id}"
    csrf = csrf_of(desk, "ana")
    page = desk.get(url).text
    draft = re.search(r'<textarea id="follow-up"[^>]*>([^<]*)</textarea>', page).group(1)
    assert case.ref in draft and "consulado" in draft  # acknowledged, in the person's Spanish
    assert "perdí mi pasaporte, necesito documentos" in page  # the transcript
    assert "Registrado" in page  # the timeline's first event
    refused = desk.post(
        f"{url}/status", data={"status": "acknowledged", "reason": "", "csrf": csrf}
    )
    assert "Un cambio de estado necesita un motivo." in refused.text
    edited = draft.replace("&#39;", "'") + " Le llamamos mañana."
    before = len(provider.sent("whatsapp"))
    changed = desk.post(
        f"{url}/status",
        data={"status": "acknowledged", "reason": "leído", "follow_up": edited, "send": "1",
              "csrf": csrf},
    )  # fmt: skip
    assert "Estado cambiado." in changed.text and "nuevo → recibido: leído" in changed.text
    settle(desk)
    assert [m.text for m in provider.sent("whatsapp")[before:]] == [edited]
    shelter = service_of(desk).directory.shelters_in("houston")[0]
    desk.post(f"{url}/notes", data={"text": "pide cita", "csrf": csrf})
    desk.post(
        f"{url}/referrals",
        data={"organisation": "shelter", "shelter_id": shelter.id, "note": "", "csrf": csrf},
    )
    gabriel = next(u.id for u in service_of(desk).accounts.users() if u.username == "gabriel")
    marta = next(u.id for u in service_of(desk).accounts.users() if u.username == "marta")
    wrong = desk.post(f"{url}/assign", data={"user_id": str(marta), "csrf": csrf})
    assert "Ese cónsul atiende casos de otro consulado." in wrong.text
    done = desk.post(f"{url}/assign", data={"user_id": str(gabriel), "csrf": csrf}).text
    timeline = done[done.index('id="timeline"') :]
    assert "pide cita" in timeline and shelter.name in timeline and "→ Gabriel" in timeline
    assert f'<option value="{marta}"' not in done  # only gt-houston's consuls are offered
    conflict = desk.post(f"{url}/status", data={"status": "new", "reason": "x", "csrf": csrf})
    assert conflict.status_code == 200 and 'role="alert"' in conflict.text


# reference and oversight


def test_directory_flags_entries_not_reviewed_for_six_months(desk: TestClient) -> None:
    today = datetime(2026, 11, 23, 12, tzinfo=UTC)
    service_of(desk).casework.clock = lambda: today
    csrf_of(desk, "ana")
    page = desk.get("/console/directory").text
    consulates = service_of(desk).directory.consulates
    for consulate in consulates:
        row = re.search(rf'<tr id="consulate-{consulate.id}"( class="stale")?>', page)
        stale = today.date() - consulate.last_reviewed > STALE_AFTER
        assert row and bool(row.group(1)) == stale, consulate.id
    assert STALE_AFTER == timedelta(days=182)
    assert "Revisión vencida" in page and "Oficial de guardia" in page


def test_the_observatory_charts_cases_and_time_to_acknowledge(desk: TestClient) -> None:
    assistance_case(desk)
    whatsapp(desk, "ayuda, nos están atacando", wa_id="5215550100003")
    service = service_of(desk)
    ana = next(u for u in service.accounts.users() if u.username == "ana")
    service.casework.acknowledge(ana, the_case_of_kind(desk, "assistance").id)
    csrf_of(desk, "ana")
    page = desk.get("/console/stats?days=7").text
    assert "Observatorio consular" in page and re.search(r'id="total">2<', page)
    for chart in ("kind", "nationality", "place", "channel", "status", "day"):
        assert f'id="chart-{chart}-title"' in page
    assert "Asistencia: 1" in page and "Emergencia: 1" in page and "Guatemala: 1" in page
    assert page.count('class="bar"') >= 8 and "<script" not in page.split("</head>")[1]
    assert re.search(r'id="median">\d+(\.\d)? min<', page)


def the_case_of_kind(client: TestClient, kind: str):
    return next(c for c in service_of(client).store.cases() if c.kind == kind)


# languages


def test_spanish_by_default_english_for_english_users_and_a_switch_link(desk: TestClient) -> None:
    service_of(desk).accounts.create_user("emma", "Emma", PASSWORD, "agent", language="en")
    csrf_of(desk, "ana")
    assert "Cola en vivo" in desk.get("/console/queue").text
    switched = desk.get("/console/language/en?next=/console/stats")
    assert switched.url.path == "/console/stats" and "Consular observatory" in switched.text
    assert '<html lang="en">' in switched.text and 'href="/console/language/es' in switched.text
    csrf_of(desk, "emma")
    assert "Live queue" in desk.get("/console/queue").text
    assert desk.get("/console/language/xx?next=https://evil.example").url.path == "/console/queue"


def test_the_console_loads_nothing_from_outside() -> None:
    for path in TEMPLATES.parent.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text()
            assert not re.search(r'(src|href)="(https?:)?//', text), path
            assert "@import" not in text and "url(http" not in text, path


# triage at a glance (issue 15, point 1)


def _row(page: str, marker: str) -> str:
    """The queue row (an <li>) holding this text."""
    rows = re.findall(r'<li class="item[^"]*"[^>]*>.*?</li>', page, re.S)
    [found] = [row for row in rows if marker in row]
    return found


def test_a_queue_row_says_priority_why_language_place_last_message_and_unread(
    desk: TestClient,
) -> None:
    whatsapp(desk, "ayuda, nos están atacando en Houston, mi hijo está herido")
    [case] = service_of(desk).store.cases()
    csrf_of(desk, "ana")
    page = desk.get("/console/queue").text
    row = _row(page, f"{case.ref} · Emergencia")
    assert "1 · urgente" in row and "(personas heridas, en peligro)" in row, row
    assert "· español · WhatsApp · Houston<" in row and "la atiende el bot" in row
    assert "Ana" not in row and "escalated" not in row and "reported-safe" not in row
    # The person wrote, the bot answered last: the row shows its latest words, short.
    assert re.search(r"Bot: «[^»]{1,90}»", row), row
    assert "1 sin leer" in row  # one message from the person, nobody has read it
    # Seen by Ana once she opens the conversation; still unread for Beto.
    desk.get(f"/console/conversations/{case.conversation_id}")
    assert "sin leer" not in _row(desk.get("/console/queue").text, f"{case.ref} · Emergencia")
    csrf_of(desk, "beto")
    assert "1 sin leer" in _row(desk.get("/console/queue").text, f"{case.ref} · Emergencia")
    log = service_of(desk).audit.entries(action="view_conversation", limit=5)
    assert any(e.conversation_id == case.conversation_id for e in log)


def test_talk_to_a_person_has_its_own_deadline_and_a_safe_report_drops_in_urgency(
    desk: TestClient,
) -> None:
    whatsapp(desk, "ayuda, nos están atacando, mi hijo está herido")
    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100005")
    assistance_case(desk, wa_id="5215550100006")
    distress = the_case_of_kind(desk, "distress")
    other = the_case_of_kind(desk, "assistance")
    csrf_of(desk, "ana")
    page = desk.get("/console/queue").text
    waiting, cases = page.split('id="open-title"')
    asked = _row(waiting, "pidió hablar con una persona")
    # HUMAN_REQUEST_MINUTES (10 by default): the request ticks against its own deadline,
    # and the nearest deadline comes first (the distress case has 15 minutes).
    assert re.search(r'role="timer"[^>]*>quedan 0:0[89]:\d\d<', asked), asked
    assert waiting.index("pidió hablar") < waiting.index(distress.ref)
    assert cases.index(distress.ref) < cases.index(other.ref)  # priority 1 before 3
    whatsapp(desk, "ya estamos a salvo, gracias")
    events = [e.kind for e in service_of(desk).store.case_events(distress.id)]
    assert "reported_safe" in events, events
    waiting, cases = desk.get("/console/queue").text.split('id="open-title"')
    for section in (waiting, cases):
        safe = _row(section, distress.ref)
        assert "reported-safe" in safe and "informó estar a salvo" in safe
    assert cases.index(other.ref) < cases.index(distress.ref)  # safe now: it goes last
    case_page = desk.get(f"/console/cases/{distress.id}").text
    assert "La persona informó estar a salvo" in case_page


def test_a_new_danger_after_the_safe_report_puts_the_case_back_among_the_urgent(
    desk: TestClient,
) -> None:
    whatsapp(desk, "ayuda, nos están atacando, mi hijo está herido")
    assistance_case(desk, wa_id="5215550100006")
    distress = the_case_of_kind(desk, "distress")
    other = the_case_of_kind(desk, "assistance")
    csrf_of(desk, "ana")
    whatsapp(desk, "ya estamos a salvo, gracias")
    cases = desk.get("/console/queue").text.split('id="open-title"')[1]
    assert cases.index(other.ref) < cases.index(distress.ref)  # safe: it went last
    whatsapp(desk, "pero a mi hijo le sigue sangrando mucho la pierna")
    events = [e.kind for e in service_of(desk).store.case_events(distress.id)]
    assert events[-1] == "danger_again", events
    cases = desk.get("/console/queue").text.split('id="open-title"')[1]
    assert "reported-safe" not in _row(cases, distress.ref)
    assert cases.index(distress.ref) < cases.index(other.ref)  # in danger again: first
    case_page = desk.get(f"/console/cases/{distress.id}").text
    assert "La persona informó un nuevo peligro después de estar a salvo" in case_page


def test_queue_filters_are_kept_per_user(desk: TestClient) -> None:
    assistance_case(desk)  # Spanish, Houston, WhatsApp, assistance
    case = the_case(desk)
    csrf = csrf_of(desk, "ana")
    assert case.ref in desk.get("/console/queue").text
    english = {"language": "en", "channel": "", "place": "", "kind": "", "csrf": csrf}
    done = desk.post("/console/queue/filters", data=english)
    assert done.url.path == "/console/queue" and case.ref not in done.text
    assert 'value="en" selected' in done.text
    csrf = csrf_of(desk, "ana")  # a new session: the filters stay
    assert case.ref not in desk.get("/console/queue/live").text
    houston = {"place": "houston", "kind": "assistance", "channel": "whatsapp", "csrf": csrf}
    assert case.ref in desk.post("/console/queue/filters", data=houston).text
    mine = desk.post("/console/queue/filters", data={"mine": "1", "csrf": csrf}).text
    assert case.ref not in mine and 'id="q-mine" name="mine" value="1" checked' in mine
    ana = next(u.id for u in service_of(desk).accounts.users() if u.username == "ana")
    desk.post(f"/console/cases/{case.id}/assign", data={"user_id": str(ana), "csrf": csrf})
    row = _row(desk.get("/console/queue").text, case.ref)
    assert "asignado a Ana" in row
    csrf_of(desk, "beto")  # someone else's queue is their own
    assert case.ref in desk.get("/console/queue").text
    csrf = csrf_of(desk, "ana")
    cleared = desk.post("/console/queue/filters", data={"clear": "1", "mine": "1", "csrf": csrf})
    assert case.ref in cleared.text and "checked" not in cleared.text.split('id="queue"')[0]


# replying fast and right (issue 15, point 2)


def test_the_transcript_shows_every_option_the_bot_sent(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, "necesito ayuda")
    conv_id = service_of(desk).store.conversation("whatsapp", wa.USER_ID).id
    offered = [m for m in service_of(desk).store.transcript(conv_id) if m.buttons]
    assert offered, "the bot sent no choices"
    interactive = [c.params["interactive"] for c in provider.sent("whatsapp")
                   if c.params.get("type") == "interactive"]  # fmt: skip
    assert interactive and all(title in json.dumps(interactive, ensure_ascii=False)
                               for title in offered[-1].buttons)  # fmt: skip
    csrf_of(desk, "ana")
    page = desk.get(f"/console/conversations/{conv_id}").text
    options = re.findall(r'<ol class="options"[^>]*>(.*?)</ol>', page, re.S)
    assert len(options) == len(offered)
    shown = re.findall(r"<li>([^<]*)</li>", options[-1])
    assert [html.unescape(s) for s in shown] == offered[-1].buttons


def test_canned_replies_filled_for_the_case_and_edited_by_supervisors(
    desk: TestClient, provider: FakeProvider
) -> None:
    assistance_case(desk)
    case = the_case(desk)
    consulate = service_of(desk).directory.consulate(case.consulate_id)
    url = f"/console/conversations/{case.conversation_id}"
    csrf = csrf_of(desk, "ana")
    assert 'id="canned"' not in desk.get(url).text  # offered to whoever holds it
    held = desk.post(f"{url}/takeover", data={"csrf": csrf}).text
    offered = [html.unescape(v) for v in re.findall(r'<option value="([^"]+)">', held)]
    phone = next(o for o in offered if consulate.phone in o)
    assert case.ref in phone and consulate.name in phone and "{" not in phone
    assert any(o.startswith("Hola, soy Ana, del centro de atención") for o in offered)
    assert desk.get("/console/replies").status_code == 403  # agents use them, not edit them

    csrf = csrf_of(desk, "sofia")
    page = desk.get("/console/replies").text
    assert 'id="reply-consulate_phone-es"' in page and "{consulate_phone}" in page
    texts = {f"text_{lang}": "" for lang in ("es", "en", "fr", "pt", "ht")}
    wrong = desk.post(
        "/console/replies",
        data={**texts, "id": "shelter", "text_es": "Vaya a {shelter}", "csrf": csrf},
    )
    assert 'role="alert"' in wrong.text and "shelter" not in canned_file(desk).read_text()
    saved = desk.post(
        "/console/replies",
        data={**texts, "id": "shelter", "csrf": csrf, "text_en": "Case {case_ref}.",
              "text_es": "Caso {case_ref}: el albergue abre a las 8."},
    )  # fmt: skip
    assert "Respuesta predefinida guardada." in saved.text
    on_disk = yaml.safe_load(canned_file(desk).read_text(encoding="utf-8"))["replies"]
    assert on_disk["shelter"] == {"es": "Caso {case_ref}: el albergue abre a las 8.",
                                  "en": "Case {case_ref}."}  # fmt: skip
    assert canned_file(desk).read_text().startswith("# Canned replies")  # the notes stay
    entries = service_of(desk).audit.entries(action="edit_canned_reply", limit=5)
    assert entries and entries[0].detail == {"reply": "shelter", "languages": ["en", "es"]}

    csrf_of(desk, "ana")
    held = desk.get(url).text
    assert f"Caso {case.ref}: el albergue abre a las 8." in html.unescape(held)


def test_an_agents_reply_shows_its_delivery_status(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, "quiero hablar con una persona")
    conv = service_of(desk).store.conversation("whatsapp", wa.USER_ID)
    url = f"/console/conversations/{conv.id}"
    csrf = csrf_of(desk, "ana")
    desk.post(f"{url}/takeover", data={"csrf": csrf})
    desk.post(f"{url}/reply", data={"text": "Hola, soy Ana.", "csrf": csrf})
    settle(desk)
    [mine] = [m for m in service_of(desk).store.transcript(conv.id) if m.author_id]
    assert re.search(r'class="delivery delivery-sent">enviado<', desk.get(url).text)
    sends = service_of(desk).outbox.for_conversation(conv.id)
    [row] = [r for r in sends if r.id in mine.outbox_ids]
    for status, shown in [("delivered", "entregado"), ("read", "leído")]:
        report = wa.status(str(row.provider_message_id), status)
        assert desk.post("/webhooks/whatsapp", **signing.whatsapp(report)).status_code == 200
        assert f'class="delivery delivery-{status}">{shown}<' in desk.get(f"{url}/live").text
    bot_replies = desk.get(f"{url}/live").text.count('class="delivery ')
    assert bot_replies == 1  # the bot's own replies carry no status line


# never miss an arrival (issue 15, point 3)


def test_the_title_count_and_a_consuls_escalations_at_the_top(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, "ayuda, nos están atacando, somos guatemaltecos en Houston")
    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100008")
    [case] = service_of(desk).store.cases()
    assert case.consulate_id == "gt-houston"
    csrf_of(desk, "ana")
    logged = len(service_of(desk).audit.entries(limit=1000))
    assert desk.get("/console/attention").json() == {"count": 2}
    assert len(service_of(desk).audit.entries(limit=1000)) == logged  # a count shows no case
    csrf_of(desk, "gabriel")  # gt-houston: the distress case is theirs, the other person not
    # A consul takes over nobody: their count is their escalations, none yet (issue 15, 8).
    assert desk.get("/console/attention").json() == {"count": 0}
    assert "Escalados a su consulado" in desk.get("/console/queue").text

    escalator = desk.app.state.escalator
    [done] = escalator.check(now=utcnow() + timedelta(minutes=20))
    assert done.case_id == case.id and done.level == 1
    page = desk.get("/console/queue").text
    assert 'id="waiting-title"' not in page  # a consul takes over nobody (issue 15, 8)
    top = page[page.index('id="escalated-title"') : page.index('id="open-title"')]
    assert case.ref in _row(top, case.ref) and "nivel 1" in _row(top, case.ref)
    assert desk.get("/console/attention").json() == {"count": 1}  # the same case, once
    csrf_of(desk, "marta")  # mx-houston: not theirs
    page = desk.get("/console/queue").text
    assert case.ref not in page and "Ningún caso escalado a su consulado le espera." in page
    assert desk.get("/console/attention").json() == {"count": 0}
    csrf_of(desk, "ana")
    assert "escalated-title" not in desk.get("/console/queue").text  # consuls' section only


def test_the_escalation_message_links_to_the_case(desk: TestClient, provider: FakeProvider) -> None:
    whatsapp(desk, "ayuda, nos están atacando, somos guatemaltecos en Houston")
    [case] = service_of(desk).store.cases()
    desk.app.state.escalator.check(now=utcnow() + timedelta(minutes=20))
    settle(desk)
    link = f"{signing.PUBLIC_URL}/console/cases/{case.id}"
    [alert] = [m for m in provider.sent() if case.ref in m.text and "ALERTA" in m.text]
    assert alert.text.endswith(link), alert.text
    desk.cookies.clear()
    opened = desk.get(link.removeprefix(signing.PUBLIC_URL), follow_redirects=False)
    assert opened.headers["location"] == f"/console/login?next=/console/cases/{case.id}"


# proper translations (issue 15, point 5)

ROOT = Path(__file__).parents[1]
LOCALE = ROOT / "api" / "console" / "locale"


def console_messages() -> set[str]:
    """Every message the console's templates and code mark, as `make messages` extracts them."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    method_map = [("api/console/**.py", "python"), ("api/console/templates/**.html", "jinja2")]
    found = extract_from_dir(str(ROOT), method_map, keywords=keywords)
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_console_message_is_in_every_catalogue_and_compiled() -> None:
    used = console_messages()
    assert len(used) > 250 and "Live queue" in used and "New urgent case" in used
    for lang in LANGUAGES:
        if lang == "en":
            continue  # the msgids are the English
        po = LOCALE / lang / "LC_MESSAGES" / "console.po"
        catalogue = read_po(po.open("rb"))
        missing = sorted(m for m in used if m not in catalogue or not catalogue[m].string)
        assert not missing, f"{po} lacks {missing}: run `make messages` and translate them"
        assert not [m.id for m in catalogue if m.id and m.fuzzy], f"{po} has fuzzy entries"
        assert not list(catalogue.check()), "a translation's %(placeholders)s differ"
        # The committed .mo (or the one `make compile-messages` made) says what the .po says.
        with (po.parent / "console.mo").open("rb") as compiled:
            mo = GNUTranslations(compiled)
        stale = [m.id for m in catalogue if m.id and mo.gettext(m.id) != m.string]
        assert not stale, f"{po.parent / 'console.mo'} is stale: `make compile-messages`"


def test_refusals_carry_codes_the_console_can_say() -> None:
    """Every refusal raised with a code has its words; the console never parses a sentence."""
    refusals = {"Refusal", "Invalid", "Conflict", "Forbidden", "NotFound"}
    codes = set()
    for path in [*ROOT.glob("amparo/**/*.py"), *ROOT.glob("api/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in refusals and len(node.args) > 1):  # fmt: skip
                code = node.args[1]
                assert isinstance(code, ast.Constant), f"{path}:{node.lineno}: a literal code"
                codes.add(code.value)
    assert codes and codes <= ERRORS.keys(), codes - ERRORS.keys()
    assert "wrong_login" in ERRORS and "csrf" in ERRORS and "not_found" in ERRORS
    assert not (ROOT / "api" / "console" / "i18n.py").read_text().count("re.compile")


_TAG = re.compile(r"<(script|style|textarea)\b.*?</\1>|<[^>]+>", re.S)  # a field's text: data
_SILENT = re.compile(r'<(\w+)[^>]*\blang="zxx"[^>]*>.*?</\1>', re.S)  # data, not words


def words_on(page: str) -> str:
    """What a reader sees: the body's text, without tags, attributes and marked data."""
    assert "<body" in page, page[:300]
    body = page.split("<body", 1)[1]
    return html.unescape(_TAG.sub(" ", _SILENT.sub(" ", body)))


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_every_page_in_spanish_or_french_says_no_code_and_no_english(
    desk: TestClient, provider: FakeProvider, lang: str
) -> None:
    # A console in the middle of a crisis: each kind of case, a safe report, an escalation,
    # an erased conversation, a declined answer, notes, referrals, an alert.
    whatsapp(desk, "ayuda, nos están atacando, mi hijo está herido y estoy embarazada")
    whatsapp(desk, "ya estamos a salvo, gracias")
    assistance_case(desk, wa_id="5215550100011")
    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100011")
    for text in ["busco a mi hermano José Pérez, de 8 años", "Guatemala", "prefiero no decir"]:
        whatsapp(desk, text, wa_id="5215550100012")
    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100013")
    whatsapp(desk, "ayuda, hay un incendio en Houston", wa_id="5215550100014")
    whatsapp(desk, "BORRAR", wa_id="5215550100014")
    whatsapp(desk, "sí", wa_id="5215550100014")
    desk.app.state.escalator.check(now=utcnow() + timedelta(minutes=20))
    service = service_of(desk)
    every_case = list(service.store.cases())
    events = {e.kind for c in every_case for e in service.store.case_events(c.id)}
    assert {"reported_safe", "escalated", "erased", "human_requested"} <= events, events
    said = json.dumps([c.details for c in every_case])
    assert '"erased": true' in said and '"facts"' in said and '"vulnerable"' in said, said
    csrf = csrf_of(desk, "sofia")
    desk.post("/console/alerts", data={"kind": "safety_check", "text_es": "¿Está a salvo?",
                                       "csrf": csrf})  # fmt: skip
    first = every_case[0]
    desk.post(f"/console/cases/{first.id}/notes", data={"text": "llamé", "csrf": csrf})
    desk.post(f"/console/cases/{first.id}/referrals",
              data={"organisation": "red_cross", "note": "", "csrf": csrf})  # fmt: skip
    settle(desk)
    codes_said = {"declined", "acknowledged", *LABELS["why"], *LABELS["need"]} - {"legal"}
    if lang == "fr":
        codes_said -= {"documents", "psychosocial"}  # French words too
    stored = "|".join(sorted(codes_said))  # "legal": a Spanish word too
    theirs = read_po((LOCALE / lang / "LC_MESSAGES" / "console.po").open("rb"))
    english = [  # the console's English phrases that this language says otherwise
        re.compile(rf"(?<!\w){re.escape(m)}(?!\w)")
        for m in console_messages()
        if len(m.split()) > 1 and "%" not in m and theirs[m].string != m
    ]
    pages = ["/console/queue", "/console/cases", "/console/stats", "/console/directory",
             "/console/audit", "/console/alerts", "/console/replies", "/console/alerts/1",
             "/console/cases/999999"]  # fmt: skip
    # A partner's record that answers the brother's query: a match to show.
    service.tracing.add_person(kind="imported", full_name="José Pérez", age=8, nationality="GT",
                               source="cruzroja.example.org")  # fmt: skip
    matches = service.tracing.matches(service.accounts.users()[0])
    assert matches, "the brother's query found nobody"
    pages += ["/console/tracing", "/console/tracing?status=proposed"]
    pages += [f"/console/tracing/matches/{v.match.id}" for v in matches]
    pages += [f"/console/cases/{c.id}" for c in every_case]
    pages += [f"/console/conversations/{c.conversation_id}" for c in every_case
              if c.conversation_id]  # fmt: skip
    for username in ("sofia", "gabriel"):
        csrf_of(desk, username)
        desk.cookies.set("amparo_lang", lang)  # the switch link's choice
        assert f'<html lang="{lang}">' in desk.get("/console/queue").text
        for url in pages:
            text = words_on(desk.get(url).text)
            codes = re.findall(rf"\b[a-z]+_[a-z_]+\b|\b(?:True|False|None|{stored})\b", text)
            assert not codes, (username, url, codes)
            left = [m.pattern for m in english if m.search(text)]
            assert not left, (username, url, left)
        searched = desk.post("/console/tracing", data={"csrf": csrf_of(desk, username),
                                                       "name": "José Pérez"})  # fmt: skip
        text = words_on(searched.text)
        assert "José Pérez" in text, text
        assert not re.findall(rf"\b[a-z]+_[a-z_]+\b|\b(?:{stored})\b", text), (username, text)
        assert not [m.pattern for m in english if m.search(text)], (username, "search")
