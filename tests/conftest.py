"""Shared fixtures: the NLU is trained once per run; every test gets its own SQLite database."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from amparo.service import Service
from amparo.settings import ROOT, Settings
from api.app import create_app
from bot.dialogue import Core, Turn
from bot.forms import Forms
from bot.nlu import NLU
from bot.responses import ResponseBook
from channels.messages import InboundMessage
from data.directory import Directory, load_directory
from data.lexicon import Lexicon, load_lexicon
from data.schema import upgrade
from data.store import Store


@pytest.fixture(scope="session")
def directory() -> Directory:
    return load_directory(ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def nlu(directory: Directory, lexicon: Lexicon) -> NLU:
    return NLU.build(ROOT / "intents", directory, lexicon)


@pytest.fixture(scope="session")
def responses() -> ResponseBook:
    return ResponseBook.from_domain(ROOT / "intents")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'amparo.db'}",
        model_path=tmp_path / "model.pkl",
        secret_key="test-secret",
    )


@pytest.fixture
def store(settings: Settings) -> Store:
    upgrade(settings.database_url)
    return Store(settings.database_url, settings.secret_key)


@pytest.fixture
def core(
    store: Store, nlu: NLU, responses: ResponseBook, directory: Directory, lexicon: Lexicon
) -> Core:
    return Core(store, nlu, responses, Forms.from_domain(ROOT / "intents"), directory, lexicon)


@pytest.fixture
def service(
    settings: Settings, store: Store, directory: Directory, nlu: NLU, core: Core
) -> Service:
    return Service(settings, store, directory, nlu, core)


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    with TestClient(create_app(service.settings, service)) as test_client:
        yield test_client


Say = Callable[..., Turn]


@pytest.fixture
def say(core: Core) -> Say:
    """say(text, sender=..., channel=...) -> Turn: one message from a migrant."""

    def _say(
        text: str | bytes, sender: str = "+15055550101", channel: str = "sms", **kw: object
    ) -> Turn:
        return core.handle(InboundMessage(channel=channel, sender=sender, text=text, **kw))  # type: ignore[arg-type]

    return _say
