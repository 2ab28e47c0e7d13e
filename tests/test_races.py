"""Races under load (issue 14): many requests at once against a real uvicorn server, on
SQLite and on PostgreSQL, must leave exactly the outcome one request at a time would."""

import itertools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from amparo.casework.triage import QueueFilters
from amparo.settings import Settings
from data.models import AuditEntry, Conversation, ConversationRead
from data.schema import upgrade
from tests.conftest import Served, serving
from tests.people import PASSWORD
from tests.servers import PostgresServer

_ids = itertools.count(1)
T = TypeVar("T")


@pytest.fixture(scope="module")
def postgres_cluster() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    upgrade(server.url)
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest,
    channel_settings: Settings,
    make_app: Callable[[Settings], TestClient],
) -> Iterator[Served]:
    """The whole app over real HTTP, on SQLite or on a PostgreSQL database of its own."""
    settings = channel_settings
    if request.param == "postgresql":
        cluster: PostgresServer = request.getfixturevalue("postgres_cluster")
        url = cluster.database(f"races_{next(_ids)}")
        settings = channel_settings.model_copy(update={"database_url": url})
    with serving(make_app(settings).app) as found:
        yield found


def at_once(count: int, call: Callable[[int], T]) -> list[T]:
    """`count` calls released together (a barrier), each on its own thread."""
    start = threading.Barrier(count)

    def one(n: int) -> httpx.Response:
        start.wait()
        return call(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_parallel_wrong_passwords_cannot_outrun_the_lockout(server: Served, tmp_path: Path):
    service = server.app.state.service
    user = service.accounts.create_user("ana", "Ana", PASSWORD, "agent")
    limit = service.settings.login_max_failures
    with httpx.Client(base_url=server.url, timeout=60) as http:

        def guess(n: int, username: str = "ana") -> httpx.Response:
            form = {"username": username, "password": f"wrong guess {n}"}
            return http.post("/api/auth/token", data=form)

        answers = at_once(40, guess)
        assert {(a.status_code, a.text) for a in answers} == {
            (401, '{"detail":"wrong username or password"}')
        }
        with service.store.transaction() as session:
            checked = session.exec(
                select(AuditEntry).where(
                    AuditEntry.action == "login_failed", AuditEntry.user_id == user.id
                )
            ).all()
        assert len(checked) <= limit  # the rest were refused without trying the password
        # Locked: the right password now gets exactly what a wrong one (or nobody) gets.
        right = http.post("/api/auth/token", data={"username": "ana", "password": PASSWORD})
        nobody = guess(0, "nobody")
        assert (right.status_code, right.text) == (nobody.status_code, nobody.text)
        assert right.status_code == 401


def test_of_parallel_takeovers_exactly_one_wins(server: Served) -> None:
    service = server.app.state.service
    conv = service.store.conversation("sms", "+15055550101")
    agents = [
        service.accounts.create_user(f"agent{n}", f"A{n}", PASSWORD, "agent") for n in range(12)
    ]
    with httpx.Client(base_url=server.url, timeout=60) as http:
        tokens = [
            http.post(
                "/api/auth/token", data={"username": a.username, "password": PASSWORD}
            ).json()["access_token"]
            for a in agents
        ]

        def take(n: int) -> httpx.Response:
            headers = {"Authorization": f"Bearer {tokens[n]}"}
            return http.post(f"/api/conversations/{conv.id}/takeover", headers=headers)

        answers = at_once(len(agents), take)
    assert sorted(a.status_code for a in answers) == [200] + [409] * (len(agents) - 1)
    [winner] = [n for n, a in enumerate(answers) if a.status_code == 200]
    with service.store.transaction() as session:
        assert session.get(Conversation, conv.id).held_by == agents[winner].id
        taken = session.exec(select(AuditEntry).where(AuditEntry.action == "take_over")).all()
    assert [e.user_id for e in taken] == [agents[winner].id]


def test_the_queues_unread_count_and_read_marks_under_parallel_views(server: Served) -> None:
    """The console's triage queries and read marks (an upsert) on both databases: one user's
    page and its live refreshes reading at once leave one mark, at the last message."""
    service = server.app.state.service
    agent = service.accounts.create_user("reader", "R", PASSWORD, "agent")
    conv = service.store.conversation("sms", "+15055550102")
    with service.store.transaction() as session:
        found = session.get(Conversation, conv.id)
        found.human_requested = True
        session.add(found)
    for text in ["hola", "quiero hablar con una persona", "por favor"]:
        service.store.add_message(conv.id, "in", text, intent="human")
    [row] = service.triage.queue(agent, QueueFilters()).waiting
    assert (row.conversation.id, row.unread, row.reason) == (conv.id, 3, "human_requested")
    assert row.snippet == "por favor" and row.due is not None

    at_once(8, lambda n: service.casework.conversation(agent, conv.id))
    with service.store.transaction() as session:
        marks = session.exec(select(ConversationRead)).all()
    last = service.store.transcript(conv.id)[-1].id
    assert [(m.user_id, m.message_id) for m in marks] == [(agent.id, last)]
    [row] = service.triage.queue(agent, QueueFilters()).waiting
    assert row.unread == 0
