"""Shared fixtures: the NLU is trained once and cached across runs (retrained when intents/ or
the training code changes); every test gets its own SQLite database, a copy of one migrated
once per run."""

import functools
import ipaddress
import os
import shutil
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from amparo.adapters import build_adapters
from amparo.runtime.queue import InProcessQueue
from amparo.runtime.turns import Turn, TurnRunner
from amparo.service import Service
from amparo.settings import ROOT, Settings
from api.app import create_app
from bot.dialogue import Core
from bot.forms import Forms
from bot.nlu import NLU
from bot.responses import ResponseBook
from channels.messages import InboundMessage
from data.directory import Directory, load_directory
from data.lexicon import Lexicon, load_lexicon
from data.schema import upgrade
from data.store import Store
from tests import signing
from tests.fake_provider import FakeProvider

# The tests' NLU model, kept between runs (git-ignored): `make test` trains only when the
# training data or code changed. Subprocesses (`amparo serve`, workers) get it as MODEL_PATH.
MODEL_CACHE = ROOT / ".cache" / "models" / "nlu-model.pkl"
# Outside development the placeholder SECRET_KEY is refused: the tests, and the commands and
# servers they start, run with a key of their own.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

_connect = socket.socket.connect


def _loopback_only(sock: socket.socket, address: object) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0] if isinstance(address, tuple) else str(address)
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise ConnectionRefusedError(f"tests may only reach loopback, not {host}")
    return _connect(sock, address)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Network traffic in tests goes to loopback only: anything else fails the test loudly."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(scope="session")
def directory() -> Directory:
    return load_directory(ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def nlu(directory: Directory, lexicon: Lexicon) -> NLU:
    """Loaded from MODEL_CACHE when intents/ is unchanged, else trained and cached there."""
    return NLU.build(ROOT / "intents", directory, lexicon, MODEL_CACHE)


@pytest.fixture(scope="session")
def model_path(nlu: NLU) -> Path:
    """MODEL_PATH for processes a test starts: the cached model, up to date."""
    return MODEL_CACHE


@pytest.fixture(scope="session")
def responses() -> ResponseBook:
    return ResponseBook.from_domain(ROOT / "intents")


@functools.cache
def domain_forms() -> Forms:
    """The domain's forms, read once (~130 ms a read): the core never changes them."""
    return Forms.from_domain(ROOT / "intents")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'amparo.db'}",
        model_path=tmp_path / "model.pkl",
        secret_key="test-secret",
    )


Migrate = Callable[[str], None]


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database brought to the latest schema by Alembic, once per run."""
    path = tmp_path_factory.mktemp("template") / "amparo.db"
    upgrade(f"sqlite:///{path}")
    with closing(sqlite3.connect(path)) as db:  # everything in the one file, none in a WAL
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


@pytest.fixture(scope="session")
def migrate(migrated_template: Path) -> Migrate:
    """migrate(url): what data.schema.upgrade(url) does, for tests. A new SQLite file starts as
    a copy of the migrated template (well under a millisecond, against ~100 ms for Alembic);
    an existing database or another kind of URL goes through Alembic itself.
    tests/test_migrations.py always runs the real migrations."""

    def _migrate(url: str) -> None:
        target = sqlite_file(url)
        if target is None or target.exists():
            upgrade(url)
        else:
            shutil.copyfile(migrated_template, target)

    return _migrate


@pytest.fixture
def store(settings: Settings, migrate: Migrate) -> Store:
    migrate(settings.database_url)
    return Store(settings.database_url, settings.secret_key)


@pytest.fixture(scope="session")
def core(nlu: NLU, responses: ResponseBook, directory: Directory, lexicon: Lexicon) -> Core:
    """The pure core: no store, shared by every test."""
    return Core(nlu, responses, domain_forms(), directory, lexicon)


@pytest.fixture
def service(
    settings: Settings, store: Store, directory: Directory, nlu: NLU, core: Core
) -> Service:
    return Service(settings, store, directory, nlu, core)


@pytest.fixture
def runner(service: Service) -> TurnRunner:
    """The service's turn runner: the one writer of dialogue state."""
    return service.runner


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    with TestClient(create_app(service.settings, service)) as test_client:
        yield test_client


Say = Callable[..., Turn]


@pytest.fixture
def say(runner: TurnRunner) -> Say:
    """say(text, sender=..., channel=...) -> Turn: one message from a migrant, through the
    turn runner and the store."""

    def _say(
        text: str | bytes, sender: str = "+15055550101", channel: str = "sms", **kw: object
    ) -> Turn:
        return runner.handle(InboundMessage(channel=channel, sender=sender, text=text, **kw))  # type: ignore[arg-type]

    return _say


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider().start()
    yield fake
    fake.stop()


@pytest.fixture
def channel_settings(tmp_path: Path, provider: FakeProvider) -> Settings:
    """Every channel on, pointed at the fake provider; the app behind a proxy at PUBLIC_URL."""
    return signing.every_channel(
        f"sqlite:///{tmp_path / 'amparo.db'}",
        provider.url,
        model_path=tmp_path / "model.pkl",
        secret_key="test-secret",
        public_url=signing.PUBLIC_URL,
        worker_partitions=2,
        outbox_backoff_seconds=0.05,
        send_timeout_seconds=1.0,
    )


def make_service(
    settings: Settings,
    nlu: NLU,
    responses: ResponseBook,
    directory: Directory,
    lexicon: Lexicon,
    migrate: Migrate = upgrade,
) -> Service:
    """The whole service on a fresh database (`migrate`: the fixture's copy of the template),
    sharing the session's trained NLU."""
    migrate(settings.database_url)
    store = Store(settings.database_url, settings.secret_key)
    core = Core(nlu, responses, domain_forms(), directory, lexicon)
    return Service(
        settings, store, directory, nlu, core,
        adapters=build_adapters(settings),
        queue=InProcessQueue(settings.worker_partitions),
    )  # fmt: skip


@pytest.fixture
def make_app(
    nlu: NLU, responses: ResponseBook, directory: Directory, lexicon: Lexicon, migrate: Migrate
) -> Callable[[Settings], TestClient]:
    """make_app(settings) -> a TestClient over the whole app; its worker runs inside `with`."""

    def _make(settings: Settings) -> TestClient:
        service = make_service(settings, nlu, responses, directory, lexicon, migrate)
        return TestClient(create_app(settings, service), base_url=signing.PUBLIC_URL)

    return _make


@pytest.fixture
def live(
    channel_settings: Settings, make_app: Callable[[Settings], TestClient]
) -> Iterator[TestClient]:
    """The whole app with its worker running, every channel wired to the fake provider."""
    with make_app(channel_settings) as test_client:
        yield test_client


@dataclass
class Served:
    """The app served by uvicorn on 127.0.0.1, for clients that need a real server."""

    url: str
    app: Any


@contextmanager
def serving(app: Any) -> Iterator[Served]:
    """An app served by uvicorn on 127.0.0.1 in a thread, until the block ends."""
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    service = getattr(app.state, "service", None)
    proxies = service.settings.proxy_options() if service else {}  # as `amparo serve` runs
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=2,
        **proxies,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture
def served(
    channel_settings: Settings, make_app: Callable[[Settings], TestClient]
) -> Iterator[Served]:
    """Like `live`, but over real HTTP (a browser, a streaming client); settle() works on it."""
    with serving(make_app(channel_settings).app) as found:
        yield found


def settle(
    test_client: TestClient, timeout: float = 10.0, pause: float = 0.05, poll: float = 0.02
) -> None:
    """Wait until every accepted message is handled and every due reply has left (then
    `pause`: a handled message's replies are committed with its handled mark, so the golden
    transcripts, which read only committed rows, need none)."""
    import time

    from sqlmodel import col, or_, select

    from data.models import InboxMessage, OutboxMessage, utcnow

    store = test_client.app.state.service.store  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with store.transaction() as session:
            unhandled = session.exec(
                select(InboxMessage.id).where(col(InboxMessage.processed_at).is_(None))
            ).first()
            due = session.exec(
                select(OutboxMessage.id).where(
                    or_(
                        col(OutboxMessage.status).in_(("claimed", "sending")),
                        (OutboxMessage.status == "queued")
                        & (col(OutboxMessage.next_attempt_at) <= utcnow()),
                    )
                )
            ).first()
        if unhandled is None and due is None:
            time.sleep(pause)
            return
        time.sleep(poll)
    raise AssertionError("the pipeline did not settle")
