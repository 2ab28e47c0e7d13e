"""Builds Amparo's parts from the settings: store, reference data, NLU and the core."""

import logging
from dataclasses import dataclass, field

from amparo.adapters import build_adapters
from amparo.calls import CallFlow
from amparo.inbox import Inbox, InboxWriter
from amparo.outbox import Outbox
from amparo.queue import InProcessQueue, MessageQueue, Traffic
from amparo.settings import Settings
from bot.dialogue import Core, Interpreter
from bot.forms import Forms
from bot.nlu import NLU, RasaNLU
from bot.responses import ResponseBook
from channels.base import ChannelAdapter
from channels.twilio_voice import TwilioVoice
from data.directory import Directory, load_directory
from data.lexicon import load_lexicon
from data.schema import upgrade
from data.store import Store
from data.voice import Recordings, load_voice_languages

log = logging.getLogger(__name__)


@dataclass
class Service:
    """Everything a process needs to answer messages."""

    settings: Settings
    store: Store
    directory: Directory
    nlu: Interpreter
    core: Core
    adapters: dict[str, ChannelAdapter] = field(default_factory=dict)
    queue: MessageQueue = field(default_factory=InProcessQueue)
    inbox: Inbox | None = None
    outbox: Outbox | None = None
    inbox_writer: InboxWriter | None = None
    traffic: Traffic = field(default_factory=Traffic)
    calls: CallFlow | None = None
    voice: TwilioVoice | None = None  # the phone line, on when Twilio is configured

    def __post_init__(self) -> None:
        self.inbox = self.inbox or Inbox(self.store)
        self.inbox_writer = self.inbox_writer or InboxWriter(self.inbox)
        self.outbox = self.outbox or Outbox(
            self.store,
            max_attempts=self.settings.outbox_max_attempts,
            backoff=self.settings.outbox_backoff_seconds,
        )
        if self.settings.twilio_auth_token and self.voice is None:
            self.voice, self.calls = build_phone_line(self.settings, self.store, self.core)


def build_phone_line(settings: Settings, store: Store, core: Core) -> tuple[TwilioVoice, CallFlow]:
    """The Twilio Voice adapter and the call flow around the core."""
    base_url = (settings.public_url or "").rstrip("/")
    numbers = tuple(n.strip() for n in (settings.voice_agent_numbers or "").split(",") if n.strip())
    voice = TwilioVoice(
        str(settings.twilio_auth_token),
        queue=settings.voice_queue,
        agent_numbers=numbers,
        gather_timeout=settings.voice_gather_timeout_seconds,
        record_max_seconds=settings.voice_record_max_seconds,
        hold_music_url=settings.voice_hold_music_url,
        base_url=base_url,
    )
    calls = CallFlow(
        store,
        core,
        core.responses,
        core.directory,
        load_voice_languages(settings.reference_dir),
        Recordings(settings.voice_recordings_dir, f"{base_url}/voice/recordings"),
        default_language=settings.default_language,
        default_host_country=settings.default_host_country,
        queue_timeout_seconds=settings.voice_queue_timeout_seconds,
    )
    return voice, calls


def build_service(settings: Settings, migrate: bool = True) -> Service:
    """Validate the reference data, migrate the database, load or train the NLU."""
    directory = load_directory(settings.reference_dir)
    lexicon = load_lexicon(settings.reference_dir)
    if migrate:
        upgrade(settings.database_url)
    store = Store(settings.database_url, settings.secret_key)
    builtin = NLU.build(
        settings.intents_dir, directory, lexicon, settings.model_path, settings.default_language
    )
    nlu: Interpreter = builtin
    if settings.rasa_url:
        nlu = RasaNLU(settings.rasa_url, builtin, settings.rasa_timeout)
        log.info("intents from the Rasa server, built-in NLU as fallback")
    core = Core(
        store,
        nlu,
        ResponseBook.from_domain(settings.intents_dir),
        Forms.from_domain(settings.intents_dir),
        directory,
        lexicon,
        default_language=settings.default_language,
        default_host_country=settings.default_host_country,
        max_message_chars=settings.max_message_chars,
    )
    return Service(
        settings,
        store,
        directory,
        nlu,
        core,
        adapters=build_adapters(settings),
        queue=InProcessQueue(settings.worker_partitions),
    )
