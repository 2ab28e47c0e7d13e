"""Production mode: `amparo serve` and several `amparo worker` processes on real Redis and
PostgreSQL servers, driven over HTTP like providers drive them, and then broken: a worker
killed with SIGKILL mid-conversation, Redis restarted, PostgreSQL away for ten seconds, the
provider answering 500 and 429 for a minute. Afterwards every accepted message was handled
exactly once and every reply delivered exactly once, in order, checked message by message.

One PostgreSQL cluster serves the module; each test gets a database of its own, created from
a template that Alembic migrated once."""

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from data.schema import upgrade
from tests import signing
from tests.fake_provider import Failure, FakeProvider
from tests.payloads import whatsapp as wa
from tests.servers import PostgresServer, RedisServer, free_port

AMPARO = str(Path(sys.executable).parent / "amparo")
PEOPLE = [f"52155501{n:05d}" for n in range(6)]
SCRIPT = [  # one person's assistance request, message by message
    "hola",
    "necesito ayuda con mis documentos, perdí el pasaporte",
    "soy de Guatemala",
    "estoy en Houston",
    "este",
    "gracias",
]
_ids = itertools.count(1)


@pytest.fixture(scope="module")
def postgres_cluster() -> Iterator[PostgresServer]:
    """One cluster for the module, its `amparo` database migrated by Alembic once: the
    template of each test's database."""
    server = PostgresServer().start()
    upgrade(server.url)
    yield server
    server.remove()


@dataclass
class Database:
    """A test's own database; stop() and start() act on the whole cluster."""

    server: PostgresServer
    url: str

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server.start()


@pytest.fixture
def postgres(postgres_cluster: PostgresServer) -> Database:
    if not postgres_cluster.running():  # a test before this one failed while it was stopped
        postgres_cluster.start()
    return Database(postgres_cluster, postgres_cluster.database(f"test_{next(_ids)}"))


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


class Deployment:
    """One API process and some workers, as docker-compose.yml runs them."""

    def __init__(self, env: dict[str, str], root: Path) -> None:
        self.env = env
        self.root = root
        self.ports = [free_port()]
        self.workers: list[subprocess.Popen[bytes]] = []
        self.apis: list[subprocess.Popen[bytes]] = []

    @property
    def url(self) -> str:
        """The first API process's base URL."""
        return self.urls[0]

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.root / f"{args[0]}-{next(_ids)}.log", "wb")  # noqa: SIM115
        return subprocess.Popen([AMPARO, *args], env=self.env, stdout=log, stderr=log)

    def start(self, workers: int, apis: int = 1) -> "Deployment":
        subprocess.run([AMPARO, "migrate"], env=self.env, check=True, capture_output=True)
        self.ports += [free_port() for _ in range(apis - len(self.ports))]
        self.apis = [self._spawn("serve", "--port", str(port)) for port in self.ports]
        for _ in range(workers):
            self.add_worker()
        deadline = time.monotonic() + 90
        waiting = list(self.urls)
        while waiting and time.monotonic() < deadline:
            try:
                if httpx.get(f"{waiting[0]}/health", timeout=1).status_code == 200:
                    waiting.pop(0)
            except httpx.HTTPError:
                time.sleep(0.2)
        if waiting:
            raise AssertionError("the API did not start: " + self.logs())
        return self

    def add_worker(self) -> None:
        self.workers.append(self._spawn("worker"))

    def kill_worker(self, index: int = 0) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(10)

    def stop(self) -> None:
        for process in [*self.workers, *self.apis]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.workers, *self.apis]:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.root.glob("*.log"))

    def whatsapp(self, person: str, text: str, api: int = 0, message_id: str = "") -> int:
        """One signed WhatsApp message to API process `api`; the status code the provider
        would see."""
        doc = wa.incoming(
            message_id or f"wamid.prod{next(_ids)}", "text", {"body": text},
            sender=person, wa_id=person, user_id=f"MX.{person}",
        )  # fmt: skip
        try:
            response = httpx.post(
                f"{self.urls[api]}/webhooks/whatsapp", timeout=10, **signing.whatsapp(doc)
            )
        except httpx.HTTPError:
            return 0
        return response.status_code


@pytest.fixture
def deployment(
    postgres: Database,
    redis_server: RedisServer,
    provider: FakeProvider,
    model_path: Path,
    tmp_path: Path,
) -> Iterator[Deployment]:
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis_server.url,
        "MODEL_PATH": str(model_path),
        "SECRET_KEY": "production-test-secret",
        "PUBLIC_URL": signing.PUBLIC_URL,
        "WHATSAPP_VERIFY_TOKEN": signing.WHATSAPP_VERIFY,
        "WHATSAPP_APP_SECRET": signing.WHATSAPP_SECRET,
        "WHATSAPP_TOKEN": "graph-token",
        "WHATSAPP_PHONE_NUMBER_ID": wa.PHONE_ID,
        "WHATSAPP_API_URL": provider.url,
        "OUTBOX_BACKOFF_SECONDS": "0.5",
        "OUTBOX_MAX_BACKOFF_SECONDS": "4",
        "SEND_TIMEOUT_SECONDS": "2",
        "REDIS_PARTITIONS": "8",
        "LOG_LEVEL": "warning",
    }
    running = Deployment(env, tmp_path)
    yield running
    running.stop()


def settle(url: str, timeout: float = 240) -> None:
    """Wait until every accepted message is handled and no reply is waiting to leave."""
    engine = sa.create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                with engine.connect() as db:
                    waiting = db.execute(
                        sa.text("SELECT count(*) FROM inboxmessage WHERE processed_at IS NULL")
                    ).scalar()
                    leaving = db.execute(
                        sa.text(
                            "SELECT count(*) FROM outboxmessage"
                            " WHERE status IN ('queued', 'claimed', 'sending')"
                        )
                    ).scalar()
                if waiting == 0 and leaving == 0:
                    return
            except sa.exc.OperationalError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"not settled: {waiting} unhandled, {leaving} leaving")
    finally:
        engine.dispose()


def check_exactly_once(url: str, provider: FakeProvider, accepted: int) -> dict[str, int]:
    """Message by message: handled once, replies delivered once and in order per person."""
    engine = sa.create_engine(url)
    with engine.connect() as db:
        inbox = db.execute(sa.text("SELECT id, error FROM inboxmessage")).all()
        transcript = db.execute(
            sa.text(
                "SELECT provider_message_id, count(*) FROM message"
                " WHERE direction = 'in' GROUP BY provider_message_id"
            )
        ).all()
        outbox = db.execute(
            sa.text(
                "SELECT id, recipient, status, provider_message_id, payload FROM outboxmessage"
                " ORDER BY id"
            )
        ).all()
    engine.dispose()
    assert len(inbox) == accepted and all(error is None for _, error in inbox)
    assert len(transcript) == accepted  # each accepted message is in one transcript …
    assert all(count == 1 for _, count in transcript)  # … exactly once
    calls = provider.sent("whatsapp")
    delivered = [c.answer["messages"][0]["id"] for c in calls]
    assert len(delivered) == len(set(delivered))
    statuses: dict[str, int] = {}
    for person in PEOPLE:
        rows = [r for r in outbox if r.recipient == f"MX.{person}"]
        got = [c.answer["messages"][0]["id"] for c in calls if c.params["to"] == f"MX.{person}"]
        expected = []
        for row in rows:
            statuses[row.status] = statuses.get(row.status, 0) + 1
            if row.status == "sent":
                expected.append(row.provider_message_id)
            else:  # only a send cut off by the SIGKILL may be unknown: at most once, then
                assert row.status == "unknown", (row.status, row.payload)
        assert [g for g in got if g in expected] == expected  # each once, in order
        assert len(got) - len(expected) <= statuses.get("unknown", 0)
    return statuses


def conversation(deployment: Deployment, steps: range) -> int:
    """Everyone writes the given steps of the script, in turns; how many were accepted."""
    accepted = 0
    for step in steps:
        for person in PEOPLE:
            assert deployment.whatsapp(person, SCRIPT[step]) == 200, deployment.logs()
            accepted += 1
    return accepted


def test_several_processes_handle_every_message_once(
    deployment: Deployment, postgres: Database, provider: FakeProvider
) -> None:
    deployment.start(workers=2)
    accepted = conversation(deployment, range(len(SCRIPT)))
    settle(postgres.url)
    statuses = check_exactly_once(postgres.url, provider, accepted)
    assert statuses == {"sent": statuses["sent"]} and statuses["sent"] >= accepted
    engine = sa.create_engine(postgres.url)
    with engine.connect() as db:
        cases = db.execute(sa.text('SELECT consulate_id, count(*) FROM "case" GROUP BY 1')).all()
    engine.dispose()
    assert cases == [("gt-houston", len(PEOPLE))]


def test_nothing_is_lost_or_doubled_under_faults(
    deployment: Deployment,
    postgres: Database,
    redis_server: RedisServer,
    provider: FakeProvider,
) -> None:
    deployment.start(workers=2)
    accepted = conversation(deployment, range(0, 2))

    deployment.kill_worker(0)  # SIGKILL mid-conversation: its partitions go to the other
    accepted += conversation(deployment, range(2, 3))
    deployment.add_worker()

    redis_server.stop()  # Redis restarted: webhooks still store and acknowledge
    accepted += conversation(deployment, range(3, 4))
    redis_server.start()

    postgres.stop()  # PostgreSQL away for ten seconds: webhooks cannot store, so they fail
    stopped = time.monotonic()
    refused = [deployment.whatsapp(PEOPLE[0], "¿siguen ahí?") for _ in range(2)]
    assert all(code >= 500 or code == 0 for code in refused)  # the provider will retry these
    time.sleep(max(0.0, 10 - (time.monotonic() - stopped)))
    postgres.start()

    provider.fail_for(60, Failure(500), Failure(429, headers={"Retry-After": "1"}))
    accepted += conversation(deployment, range(4, len(SCRIPT)))
    settle(postgres.url, timeout=300)
    statuses = check_exactly_once(postgres.url, provider, accepted)
    assert statuses.get("sent", 0) >= accepted - len(PEOPLE)


# Order and replies through outages (issue 14, points 10 to 12).

CROWD = [f"52155502{n:05d}" for n in range(40)]
WORDS = ["hola", "necesito ayuda", "soy de Honduras", "estoy en Houston", "somos tres",
         "nadie herido", "mi número es este", "gracias"]  # fmt: skip


def _out_of_order(url: str, steps: int) -> dict[str, list[int]]:
    """The people whose messages were not handled exactly once each, in the order they were
    sent: what was handled, by step."""
    engine = sa.create_engine(url)
    with engine.connect() as db:
        rows = db.execute(
            sa.text(
                "SELECT provider_message_id FROM message"
                " WHERE direction = 'in' ORDER BY id"  # the order they were handled in
            )
        ).all()
    engine.dispose()
    handled: dict[str, list[int]] = {person: [] for person in CROWD}
    for (message_id,) in rows:
        _, person, step = message_id.split("-")
        handled[person].append(int(step))
    return {person: got for person, got in handled.items() if got != list(range(steps))}


def test_a_queue_outage_does_not_reorder_a_conversation(
    deployment: Deployment, postgres: Database, redis_server: RedisServer
) -> None:
    """Redis stopped in the middle of a stream of messages from 40 people to two API
    processes: the messages accepted meanwhile are queued when it is back, after newer ones
    (issue 14, point 10: before, one person in nine had a later message handled first)."""
    deployment.start(workers=2, apis=2)

    def write(step: int) -> None:
        def one(index: int) -> None:
            person = CROWD[index]
            status = deployment.whatsapp(
                person, WORDS[step], api=(index + step) % 2, message_id=f"wamid.o-{person}-{step}"
            )
            assert status == 200, deployment.logs()

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(one, range(len(CROWD))))

    for step in range(len(WORDS)):  # each person's next message once the last was acknowledged
        if step == 3:
            redis_server.stop()
        if step == 5:
            redis_server.start()
        write(step)
    settle(postgres.url)
    assert _out_of_order(postgres.url, len(WORDS)) == {}


def test_a_provider_outage_loses_no_reply(
    deployment: Deployment, postgres: Database, provider: FakeProvider
) -> None:
    """The provider answers 500 for 12 s, then 429 with `Retry-After: 1` for 12 s, while
    people write: every reply is delivered once and in order, none failed (issue 14, point 11:
    each 429 used up one of eight tries, and its short Retry-After replaced the backoff)."""
    deployment.start(workers=2)
    provider.fail_for(12, Failure(500))
    started = time.monotonic()
    accepted = conversation(deployment, range(0, 2))
    time.sleep(max(0.0, 12 - (time.monotonic() - started)))
    provider.fail_for(12, Failure(429, headers={"Retry-After": "1"}))
    accepted += conversation(deployment, range(2, 4))
    settle(postgres.url, timeout=300)
    statuses = check_exactly_once(postgres.url, provider, accepted)
    assert statuses == {"sent": statuses["sent"]}
    assert provider.outage_count > 0  # the outage was met


def test_a_worker_started_before_its_servers_waits_for_them(
    deployment: Deployment,
    postgres: Database,
    redis_server: RedisServer,
    provider: FakeProvider,
) -> None:
    """`amparo worker` started while PostgreSQL and Redis are down waits for them, saying so,
    then handles messages (issue 14, point 12: it exited at its migration, or at its first
    queue put)."""
    deployment.start(workers=0)
    assert deployment.whatsapp(PEOPLE[0], "hola") == 200  # accepted, waiting for a worker
    postgres.stop()
    redis_server.stop()
    deployment.add_worker()
    _wait_for_log(deployment, "waiting for the database (")
    postgres.start()
    _wait_for_log(deployment, "waiting for the database and the queue (")  # to queue "hola"
    assert deployment.workers[0].poll() is None, deployment.logs()
    redis_server.start()
    provider.wait_for(1, "whatsapp", timeout=60)
    assert deployment.whatsapp(PEOPLE[0], "necesito ayuda con mis documentos") == 200
    settle(postgres.url, timeout=60)
    check_exactly_once(postgres.url, provider, accepted=2)
    assert deployment.workers[0].poll() is None


def _wait_for_log(deployment: Deployment, line: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while line not in deployment.logs():
        assert time.monotonic() < deadline, f"no {line!r} in the logs: " + deployment.logs()
        time.sleep(0.2)
