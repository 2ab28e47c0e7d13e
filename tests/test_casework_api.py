"""The case API and takeover, through HTTP as agents, consuls and supervisors use them."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from amparo.settings import ROOT
from tests.conftest import settle
from tests.fake_provider import FakeProvider
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD, add_user, assistance_case, login, service_of, whatsapp


@pytest.fixture
def desk(live: TestClient) -> Iterator[TestClient]:
    """The live app with an agent, a second agent, a supervisor and two consuls."""
    add_user(live, "ana", "agent")
    add_user(live, "beto", "agent")
    add_user(live, "sofia", "supervisor")
    add_user(live, "gabriel", "consul", "gt-houston")
    add_user(live, "marta", "consul", "mx-houston")
    yield live


def the_case(client: TestClient, headers: dict[str, str]) -> dict:
    cases = client.get("/api/cases", headers=headers).json()
    assert len(cases) == 1, cases
    return cases[0]


# accounts


def test_login_logout_and_unauthenticated_requests(desk: TestClient) -> None:
    assert desk.get("/api/cases").status_code == 401
    assert desk.get("/api/cases", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    headers = login(desk, "ana")
    me = desk.get("/api/me", headers=headers).json()
    assert (me["username"], me["role"]) == ("ana", "agent")
    assert desk.post("/api/auth/logout", headers=headers).status_code == 204
    assert desk.get("/api/me", headers=headers).status_code == 401


def test_repeated_wrong_passwords_lock_the_account(desk: TestClient) -> None:
    for _ in range(5):
        bad = desk.post("/api/auth/token", data={"username": "ana", "password": "wrong guess!"})
        assert bad.status_code == 401 and bad.json()["detail"] == "wrong username or password"
    locked = desk.post("/api/auth/token", data={"username": "ana", "password": PASSWORD})
    # Locked, and said exactly as a wrong password is: a lockout does not reveal an account.
    assert locked.status_code == 401 and locked.json()["detail"] == "wrong username or password"
    actions = [e.action for e in service_of(desk).audit.entries(action="login_locked")]
    assert actions == ["login_locked"]
    unknown = desk.post("/api/auth/token", data={"username": "nobody", "password": PASSWORD})
    assert unknown.json()["detail"] == "wrong username or password"  # no hint who exists
    login(desk, "beto")  # others are not affected


def test_passwords_are_stored_as_argon2(desk: TestClient) -> None:
    users = service_of(desk).accounts.users()
    assert all(u.password_hash.startswith("$argon2id$") for u in users)
    assert not any(PASSWORD in u.password_hash for u in users)


def test_users_add_on_the_command_line(tmp_path) -> None:  # noqa: ANN001
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": os.environ["SECRET_KEY"],  # as production requires (tests/conftest.py)
    }
    cli = [str(Path(sys.executable).parent / "amparo"), "users"]
    done = subprocess.run(
        [*cli, "add", "lucia", "--role", "consul", "--consulate", "hn-houston", "--password-stdin"],
        input=f"{PASSWORD}\n", capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "created lucia (consul at hn-houston)" in done.stdout
    wrong = subprocess.run(
        [*cli, "add", "x", "--role", "consul", "--consulate", "zz-nowhere", "--password-stdin"],
        input=f"{PASSWORD}\n", capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert wrong.returncode == 2 and "no consulate zz-nowhere" in wrong.stderr
    short = subprocess.run(
        [*cli, "add", "y", "--role", "agent", "--password-stdin"],
        input="short\n", capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert short.returncode == 2 and "at least 10" in short.stderr
    listed = subprocess.run([*cli, "list"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert "lucia" in listed.stdout and "hn-houston" in listed.stdout


# who sees what


def test_a_consul_sees_only_their_consulates_cases(desk: TestClient) -> None:
    assistance_case(desk)
    agent = the_case(desk, login(desk, "ana"))
    assert agent["consulate_id"] == "gt-houston"
    gabriel, marta = login(desk, "gabriel"), login(desk, "marta")
    assert [c["id"] for c in desk.get("/api/cases", headers=gabriel).json()] == [agent["id"]]
    assert desk.get("/api/cases", headers=marta).json() == []
    assert desk.get(f"/api/cases/{agent['id']}", headers=marta).status_code == 404
    assert desk.get(f"/api/cases/{agent['id']}", headers=gabriel).status_code == 200
    other = desk.get(f"/api/conversations/{agent['conversation_id']}", headers=marta)
    assert other.status_code == 404
    bypass = desk.post(f"/api/cases/{agent['id']}/notes", json={"text": "mine now"}, headers=marta)
    assert bypass.status_code == 404
    assert desk.get("/api/stats", headers=marta).json()["total"] == 0


def test_every_view_and_change_is_audited_for_supervisors(desk: TestClient) -> None:
    assistance_case(desk)
    ana = login(desk, "ana")
    case = the_case(desk, ana)
    desk.get(f"/api/cases/{case['id']}", headers=ana)
    desk.post(f"/api/cases/{case['id']}/notes", json={"text": "called back"}, headers=ana)
    assert desk.get("/api/audit", headers=ana).status_code == 403
    entries = desk.get(f"/api/audit?case_id={case['id']}", headers=login(desk, "sofia")).json()
    actions = {e["action"] for e in entries}
    assert {"view_case", "add_note"} <= actions
    assert all(e["user_id"] is not None for e in entries)
    everything = str(desk.get("/api/audit", headers=login(desk, "sofia")).json())
    assert "pasaporte" not in everything and "called back" not in everything


# the case API


def test_filters_and_full_text_search(desk: TestClient) -> None:
    assistance_case(desk)
    for text in ["ayuda, nos atacan en la casa", "Tapachula", "somos 3", "no", "mexicanos", "este"]:
        whatsapp(desk, text, wa_id="5219625550199")
    ana = login(desk, "ana")

    def refs(query: str) -> set[str]:
        response = desk.get(f"/api/cases?{query}", headers=ana)
        assert response.status_code == 200, response.text
        return {c["kind"] for c in response.json()}

    assert refs("") == {"assistance", "distress"}
    assert refs("kind=distress") == {"distress"}
    assert refs("nationality=gt") == {"assistance"}
    assert refs("consulate_id=gt-houston") == {"assistance"}
    assert refs("channel=whatsapp&language=es") == {"assistance", "distress"}
    assert refs("priority=2") == {"distress"}
    assert refs("q=pasaporte") == {"assistance"}  # in the transcript
    assert refs("q=tapachula") == {"distress"}  # in the place
    assert refs("older_than_minutes=60") == set()
    assert refs("newer_than_minutes=60") == {"assistance", "distress"}
    assert desk.get("/api/cases?priority=9", headers=ana).status_code == 422
    assert desk.get("/api/cases?status=lost", headers=ana).status_code == 422


def test_case_detail_has_transcript_timeline_and_deadline(desk: TestClient) -> None:
    assistance_case(desk)
    ana = login(desk, "ana")
    case = the_case(desk, ana)
    detail = desk.get(f"/api/cases/{case['id']}", headers=ana).json()
    assert detail["case"]["ref"] == case["ref"]
    assert detail["transcript"][0]["text"] == "perdí mi pasaporte, necesito documentos"
    assert [e["kind"] for e in detail["events"]][0] == "filed"
    assert detail["due"] > detail["case"]["created_at"]
    assert all(d["channel"] == "whatsapp" for d in detail["deliveries"])
    assert desk.get("/api/cases/99999", headers=ana).status_code == 404


def test_status_changes_with_a_reason_and_a_follow_up_in_the_persons_language(
    desk: TestClient, provider: FakeProvider
) -> None:
    assistance_case(desk)
    ana = login(desk, "ana")
    case = the_case(desk, ana)
    url = f"/api/cases/{case['id']}"
    assert (
        desk.post(f"{url}/status", json={"status": "in_progress"}, headers=ana).status_code == 422
    )
    draft = desk.get(f"{url}/follow-up?status=acknowledged", headers=ana).json()["text"]
    assert case["ref"] in draft and "consulado" in draft  # Spanish, like the person
    edited = draft + " Te llamamos mañana a las 10."
    before = len(provider.sent("whatsapp"))
    changed = desk.post(
        f"{url}/status",
        json={"status": "acknowledged", "reason": "read the report", "follow_up": edited},
        headers=ana,
    )
    assert changed.status_code == 200 and changed.json()["acknowledged_at"]
    settle(desk)
    sent = provider.sent("whatsapp")[before:]
    assert [c.text for c in sent] == [edited]
    skip = desk.post(f"{url}/status", json={"status": "new", "reason": "oops"}, headers=ana)
    assert skip.status_code == 409
    for status in ("in_progress", "resolved", "closed"):
        ok = desk.post(f"{url}/status", json={"status": status, "reason": "done"}, headers=ana)
        assert ok.status_code == 200, ok.text
    detail = desk.get(url, headers=ana).json()
    moves = [
        (e["detail"]["from"], e["detail"]["to"]) for e in detail["events"] if e["kind"] == "status"
    ]
    assert moves == [
        ("new", "acknowledged"),
        ("acknowledged", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]
    assert any(e["kind"] == "follow_up_sent" for e in detail["events"])


def test_notes_assignment_and_referrals(desk: TestClient) -> None:
    assistance_case(desk)
    ana = login(desk, "ana")
    case = the_case(desk, ana)
    url = f"/api/cases/{case['id']}"
    ids = {u.username: u.id for u in service_of(desk).accounts.users()}
    assert (
        desk.post(f"{url}/assign", json={"user_id": ids["gabriel"]}, headers=ana).json()[
            "assigned_to"
        ]
        == ids["gabriel"]
    )
    wrong = desk.post(f"{url}/assign", json={"user_id": ids["marta"]}, headers=ana)
    assert wrong.status_code == 422  # a consul of another consulate
    note = desk.post(f"{url}/notes", json={"text": "spoke with the person"}, headers=ana)
    assert note.status_code == 201 and note.json()["detail"]["text"] == "spoke with the person"
    referred = desk.post(
        f"{url}/referrals", json={"organisation": "unhcr", "note": "asks for asylum"}, headers=ana
    )
    assert referred.status_code == 200 and referred.json()["status"] == "referred"
    shelter = service_of(desk).directory.shelters_in("houston")[0]
    to_shelter = desk.post(
        f"{url}/referrals", json={"organisation": "shelter", "shelter_id": shelter.id}, headers=ana
    )
    assert to_shelter.status_code == 200
    nowhere = desk.post(f"{url}/referrals", json={"organisation": "shelter"}, headers=ana)
    assert nowhere.status_code == 422
    assert (
        desk.post(f"{url}/referrals", json={"organisation": "fbi"}, headers=ana).status_code == 422
    )
    detail = desk.get(url, headers=login(desk, "gabriel")).json()
    names = [r["name"] for r in detail["details"]["referrals"]]
    assert names == ["UNHCR (refugees and asylum seekers)", shelter.name]
    draft = desk.get(f"{url}/follow-up?status=referred", headers=ana).json()["text"]
    assert shelter.name in draft


# takeover


def test_takeover_silences_the_bot_and_the_agent_writes_through_the_channel(
    desk: TestClient, provider: FakeProvider
) -> None:
    whatsapp(desk, "quiero hablar con una persona")
    ana, beto = login(desk, "ana"), login(desk, "beto")
    [waiting] = desk.get("/api/takeover-queue", headers=ana).json()
    assert waiting["reason"] == "human_requested"
    conv = waiting["conversation"]["id"]
    assert (
        desk.post(
            f"/api/conversations/{conv}/messages", json={"text": "hola"}, headers=ana
        ).status_code
        == 409
    )
    assert desk.post(f"/api/conversations/{conv}/takeover", headers=ana).status_code == 200
    assert desk.post(f"/api/conversations/{conv}/takeover", headers=beto).status_code == 409
    assert desk.get("/api/takeover-queue", headers=beto).json() == []
    sent = len(provider.sent("whatsapp"))
    whatsapp(desk, "mi esposo no regresó del trabajo")
    assert len(provider.sent("whatsapp")) == sent  # the bot is silent
    reply = desk.post(
        f"/api/conversations/{conv}/messages",
        json={"text": "Hola, soy Ana del consulado. ¿Desde cuándo?"},
        headers=ana,
    )
    assert reply.status_code == 201
    settle(desk)
    assert provider.sent("whatsapp")[-1].text == "Hola, soy Ana del consulado. ¿Desde cuándo?"
    assert provider.sent("whatsapp")[-1].params["to"] == wa.USER_ID  # the same person
    transcript = desk.get(f"/api/conversations/{conv}", headers=ana).json()["transcript"]
    assert [m["text"] for m in transcript[-2:]] == [
        "mi esposo no regresó del trabajo",
        "Hola, soy Ana del consulado. ¿Desde cuándo?",
    ]
    assert transcript[-1]["author_id"] is not None
    assert desk.post(f"/api/conversations/{conv}/handback", headers=beto).status_code == 409
    assert desk.post(f"/api/conversations/{conv}/handback", headers=ana).status_code == 200
    whatsapp(desk, "gracias")
    assert len(provider.sent("whatsapp")) > sent + 1  # the bot answers again


def test_distress_waits_first_in_the_takeover_queue(desk: TestClient) -> None:
    whatsapp(desk, "quiero hablar con una persona", wa_id="5215550100002")
    whatsapp(desk, "ayuda, nos están atacando", wa_id="5215550100003")
    queue = desk.get("/api/takeover-queue", headers=login(desk, "ana")).json()
    assert [item["reason"] for item in queue] == ["distress", "human_requested"]


def test_consuls_do_not_take_over_conversations(desk: TestClient) -> None:
    assistance_case(desk)
    gabriel = login(desk, "gabriel")
    conv = the_case(desk, gabriel)["conversation_id"]
    assert desk.post(f"/api/conversations/{conv}/takeover", headers=gabriel).status_code == 403


def test_stats_count_cases_and_time_to_acknowledge(desk: TestClient) -> None:
    assistance_case(desk)
    ana = login(desk, "ana")
    case = the_case(desk, ana)
    desk.post(
        f"/api/cases/{case['id']}/status",
        json={"status": "acknowledged", "reason": "seen"},
        headers=ana,
    )
    stats = desk.get("/api/stats?days=7", headers=ana).json()
    assert stats["total"] == 1 and stats["by_kind"] == {"assistance": 1}
    assert stats["by_nationality"] == {"GT": 1} and stats["by_channel"] == {"whatsapp": 1}
    assert stats["acknowledged"] == 1 and stats["minutes_to_acknowledge"]["median"] >= 0
