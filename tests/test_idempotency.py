"""Requests done once (issue 14, 7): the same `Idempotency-Key` sent many times at once to a
real server, on SQLite and on PostgreSQL, does the thing once and answers every copy alike; a
console form posted many times at once (a double click, a resent page) likewise."""

import re
import uuid

import httpx
from sqlmodel import col, select

from data.models import Alert, AuditEntry, CaseEvent, Message
from tests import test_races
from tests.conftest import Served, settle
from tests.fake_provider import FakeProvider
from tests.people import PASSWORD
from tests.test_alerts import person
from tests.test_races import at_once

# The races' fixtures: the whole app over real HTTP, on SQLite and on PostgreSQL.
server, postgres_cluster = test_races.server, test_races.postgres_cluster

COPIES = 10
PERSON = "+15055550101"


def bearer(http: httpx.Client, username: str) -> dict[str, str]:
    form = {"username": username, "password": PASSWORD}
    token = http.post("/api/auth/token", data=form).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def same_answer(answers: list[httpx.Response], status: int) -> None:
    """Every copy got the first one's answer; all but the first say it was replayed."""
    assert {a.status_code for a in answers} == {status}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    replayed = sorted(str(a.headers.get("Idempotent-Replayed")) for a in answers)
    assert replayed == ["None"] + ["true"] * (len(answers) - 1)


def sent_texts(served: Served, provider: FakeProvider) -> list[str]:
    settle(served)  # type: ignore[arg-type]
    return [call.text for call in provider.sent()]


def test_parallel_replies_with_one_key_send_one_message(
    server: Served,
    provider: FakeProvider,
) -> None:
    service = server.app.state.service
    conv = service.store.conversation("sms", PERSON)
    service.accounts.create_user("ana", "Ana", PASSWORD, "agent")
    with httpx.Client(base_url=server.url, timeout=60) as http:
        ana = bearer(http, "ana")
        assert http.post(f"/api/conversations/{conv.id}/takeover", headers=ana).status_code == 200
        key = {**ana, "Idempotency-Key": str(uuid.uuid4())}

        def reply(n: int) -> httpx.Response:
            url = f"/api/conversations/{conv.id}/messages"
            return http.post(url, json={"text": "Ya la llamamos."}, headers=key)

        same_answer(at_once(COPIES, reply), 201)
    with service.store.transaction() as session:
        said = session.exec(select(Message).where(Message.text == "Ya la llamamos.")).all()
    assert len(said) == 1
    assert sent_texts(server, provider) == ["Ya la llamamos."]


def test_parallel_status_changes_with_one_key_change_and_tell_once(
    server: Served,
    provider: FakeProvider,
) -> None:
    service = server.app.state.service
    conv = service.store.conversation("sms", PERSON)
    case = service.store.create_case(
        kind="assistance", priority=3, conversation_id=conv.id, channel="sms", language="es"
    )
    service.accounts.create_user("ana", "Ana", PASSWORD, "agent")
    change = {"status": "in_progress", "reason": "llamada", "follow_up": "Le llamamos mañana."}
    with httpx.Client(base_url=server.url, timeout=60) as http:
        key = {**bearer(http, "ana"), "Idempotency-Key": "status-of-the-case-1"}

        def move(n: int) -> httpx.Response:
            return http.post(f"/api/cases/{case.id}/status", json=change, headers=key)

        answers = at_once(COPIES, move)  # without the key, all but one would be a 409
    same_answer(answers, 200)
    assert answers[0].json()["status"] == "in_progress"
    with service.store.transaction() as session:
        kinds = session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert sorted(kinds) == ["filed", "follow_up_sent", "status"]
    assert sent_texts(server, provider) == ["Le llamamos mañana."]


def test_parallel_alerts_with_one_key_go_out_once(
    server: Served,
    provider: FakeProvider,
) -> None:
    service = server.app.state.service
    person(service.store, "sms", "+17135550001", "GT", "houston", "es")
    person(service.store, "sms", "+17135550002", "GT", "houston", "es")
    service.accounts.create_user("sofia", "Sofía", PASSWORD, "supervisor")
    alert = {"kind": "warning", "texts": {"es": "Tormenta: busque refugio."}, "nationality": "GT"}
    with httpx.Client(base_url=server.url, timeout=60) as http:
        key = {**bearer(http, "sofia"), "Idempotency-Key": '"alert-hurricane-1"'}

        def send(n: int) -> httpx.Response:
            return http.post("/api/alerts", json=alert, headers=key)

        answers = at_once(COPIES, send)
    same_answer(answers, 201)
    assert {a.json()["recipients"] for a in answers} == {2}
    with service.store.transaction() as session:
        assert len(session.exec(select(Alert)).all()) == 1
    assert sorted(sent_texts(server, provider)) == ["Tormenta: busque refugio."] * 2


def test_a_key_is_one_users_for_one_request(served: Served) -> None:
    """Misuse gets a clear 4xx; a first request that failed leaves the key free; another
    user's key of the same name is theirs."""
    service = served.app.state.service
    conv = service.store.conversation("sms", PERSON)
    for name in ("ana", "beto"):
        service.accounts.create_user(name, name.title(), PASSWORD, "agent")
    url = f"/api/conversations/{conv.id}/messages"
    with httpx.Client(base_url=served.url, timeout=30) as http:
        ana, beto = bearer(http, "ana"), bearer(http, "beto")
        for bad in (b"", b"x" * 256, "clé".encode()):
            refused = http.post(url, json={"text": "Hola"}, headers={**ana, "Idempotency-Key": bad})
            assert refused.status_code == 400
            assert "Idempotency-Key must be 1 to 255" in refused.json()["detail"]
        key = {**ana, "Idempotency-Key": "k1"}
        early = http.post(url, json={"text": "Hola"}, headers=key)
        assert early.status_code == 409  # not held yet: nothing done, the key stays free
        assert http.post(f"/api/conversations/{conv.id}/takeover", headers=ana).status_code == 200
        first = http.post(url, json={"text": "Hola"}, headers=key)
        assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
        other = http.post(url, json={"text": "Adiós"}, headers=key)
        assert other.status_code == 422
        assert other.json() == {
            "detail": "this idempotency key was already used for another request"
        }
        theirs = http.post(url, json={"text": "Hola"}, headers={**beto, "Idempotency-Key": "k1"})
        assert theirs.status_code == 409  # beto's own request: he does not hold it
        again = http.post(url, json={"text": "Hola"}, headers=key)
        assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
        unkeyed = [http.post(url, json={"text": "Hola"}, headers=ana) for _ in range(2)]
        assert [r.status_code for r in unkeyed] == [201, 201]  # without a key, as before
    with service.store.transaction() as session:
        assert len(session.exec(select(Message).where(Message.text == "Hola")).all()) == 3
        replays = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "request_replayed")
        ).all()
    assert len(replays) == 1


# the console: every action form carries a one-time token

_FIELD = r'name="{}" value="([^"]+)"'


def console_session(http: httpx.Client, username: str) -> None:
    login = http.get("/console/login")
    token = re.search(_FIELD.format("csrf"), login.text).group(1)  # type: ignore[union-attr]
    form = {"username": username, "password": PASSWORD, "csrf": token, "next": "/console/queue"}
    assert http.post("/console/login", data=form).status_code == 303


def form_fields(
    page: str, action: str, names: tuple[str, ...] = ("csrf", "once")
) -> dict[str, str]:
    """The hidden fields of the form posting to `action`, as the page rendered them."""
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return {name: re.search(_FIELD.format(name), form).group(1) for name in names}  # type: ignore[union-attr]


def test_a_console_form_posted_many_times_at_once_acts_once(
    served: Served, provider: FakeProvider
) -> None:
    service = served.app.state.service
    person(service.store, "sms", "+17135550001", "GT", "houston", "es")
    conv = service.store.conversation("sms", PERSON)
    case = service.store.create_case(
        kind="assistance", priority=3, conversation_id=conv.id, channel="sms", language="es"
    )
    service.accounts.create_user("sofia", "Sofía", PASSWORD, "supervisor")
    with httpx.Client(base_url=served.url, timeout=60, follow_redirects=False) as http:
        console_session(http, "sofia")
        written = {"kind": "warning", "nationality": "GT", "text_es": "Sismo: salga a la calle."}
        check = form_fields(http.get("/console/alerts").text, "/console/alerts/preview", ("csrf",))
        preview = http.post("/console/alerts/preview", data=check | written).text
        alert = form_fields(preview, "/console/alerts") | written  # the confirmation's form
        sent = at_once(COPIES, lambda n: http.post("/console/alerts", data=alert))
        assert len({(a.status_code, a.headers["location"]) for a in sent}) == 1
        assert re.fullmatch(r"/console/alerts/\d+", sent[0].headers["location"])

        action = f"/console/cases/{case.id}/status"
        status = form_fields(http.get(f"/console/cases/{case.id}").text, action)
        status |= {"status": "in_progress", "reason": "llamada", "follow_up": "Le llamamos.",
                   "send": "1"}  # fmt: skip
        moved = at_once(COPIES, lambda n: http.post(action, data=status))
        assert {(a.status_code, a.headers["location"]) for a in moved} == {
            (303, f"/console/cases/{case.id}")
        }
        shown = http.get(f"/console/cases/{case.id}").text
        assert "Estado cambiado" in shown or "Status changed" in shown  # not a refusal
    with service.store.transaction() as session:
        assert len(session.exec(select(Alert)).all()) == 1
        kinds = session.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert sorted(kinds) == ["filed", "follow_up_sent", "status"]
    assert sorted(sent_texts(served, provider)) == ["Le llamamos.", "Sismo: salga a la calle."]
