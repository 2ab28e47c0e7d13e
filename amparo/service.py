"""Builds Amparo's parts from the settings: store, reference data, NLU and the core."""

import gc
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from amparo.adapters import build_adapters
from amparo.casework.accounts import Accounts
from amparo.casework.alerts import Alerts
from amparo.casework.audit import Audit
from amparo.casework.cases import Casework
from amparo.casework.idempotency import Idempotency
from amparo.casework.replies import CannedReplies
from amparo.casework.sla import Deadlines
from amparo.casework.triage import Triage
from amparo.runtime.calls import CallFlow
from amparo.runtime.events import EventBus
from amparo.runtime.inbox import Inbox, InboxWriter
from amparo.runtime.intake import Intake
from amparo.runtime.limits import Limiter, MemoryLimiter, RedisLimiter
from amparo.runtime.outbox import Outbox
from amparo.runtime.queue import InProcessQueue, MessageQueue, Traffic
from amparo.runtime.turns import TurnRunner
from amparo.settings import Settings, secret
from amparo.tracing.registry import Tracing
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
    events: EventBus = field(default_factory=EventBus)
    audit: Audit = field(init=False)
    accounts: Accounts = field(init=False)
    casework: Casework = field(init=False)
    triage: Triage = field(init=False)
    replies: CannedReplies = field(init=False)
    tracing: Tracing = field(init=False)
    alerts: Alerts = field(init=False)
    idempotency: Idempotency = field(init=False)
    calls: CallFlow | None = None
    runner: TurnRunner = field(init=False)
    intake: Intake = field(init=False)
    limiter: Limiter = field(default_factory=MemoryLimiter)
    voice: TwilioVoice | None = None  # the phone line, on when Twilio is configured

    def __post_init__(self) -> None:
        # The one writer of dialogue state; the rooms below ask it for every change.
        self.runner = TurnRunner(self.store, self.core)
        self.inbox = self.inbox or Inbox(self.store)
        self.inbox_writer = self.inbox_writer or InboxWriter(self.inbox)
        self.outbox = self.outbox or Outbox(
            self.store,
            retry_budget=timedelta(minutes=self.settings.send_retry_budget_minutes),
            backoff=self.settings.outbox_backoff_seconds,
            max_backoff=self.settings.outbox_max_backoff_seconds,
        )
        self.runner.outbox = self.outbox
        self.outbox.on_agent_reply = lambda conv: self.events.publish(
            "delivery", conversation_id=conv
        )
        settings = self.settings
        self.audit = Audit(self.store)
        self.accounts = Accounts(
            self.store,
            self.audit,
            max_failures=settings.login_max_failures,
            lockout=timedelta(minutes=settings.login_lockout_minutes),
            session_hours=settings.session_hours,
        )
        self.casework = Casework(
            self.store,
            self.audit,
            self.outbox,
            self.core.responses,
            self.directory,
            Deadlines.parse(
                settings.ack_deadlines_minutes,
                settings.distress_ack_minutes,
                settings.human_request_minutes,
            ),
            self.events,
            self.runner,
        )
        self.idempotency = Idempotency(self.store, self.audit)
        self.triage = Triage(self.store, self.casework)
        self.replies = CannedReplies(settings.canned_replies_path, self.audit)
        self.alerts = Alerts(self.store, self.runner, self.core.responses, self.directory,
                             self.audit, self.events, settings.default_language)  # fmt: skip
        # Family tracing: people from the conversations, and the found person's consent.
        self.tracing = Tracing(
            self.store, self.audit, self.outbox, self.core.responses, self.directory, self.events,
            self.runner,
        )  # fmt: skip
        self.intake = Intake(
            self.inbox_writer, self.queue, self.outbox, self.limiter, self.traffic,
            settings.sender_limit_per_minute,
        )  # fmt: skip
        if self.settings.twilio_auth_token and self.voice is None:
            self.voice, self.calls = build_phone_line(self.settings, self.runner)


def build_phone_line(settings: Settings, runner: TurnRunner) -> tuple[TwilioVoice, CallFlow]:
    """The Twilio Voice adapter and the call flow around the core."""
    base_url = (settings.public_url or "").rstrip("/")
    numbers = tuple(n.strip() for n in (settings.voice_agent_numbers or "").split(",") if n.strip())
    voice = TwilioVoice(
        secret(settings.twilio_auth_token),
        queue=settings.voice_queue,
        agent_numbers=numbers,
        gather_timeout=settings.voice_gather_timeout_seconds,
        record_max_seconds=settings.voice_record_max_seconds,
        hold_music_url=settings.voice_hold_music_url,
        base_url=base_url,
    )
    calls = CallFlow(
        runner,
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
        queue=build_queue(settings),
        events=build_events(settings),
        limiter=RedisLimiter(settings.redis_url) if settings.redis_url else MemoryLimiter(),
    )


def settle() -> None:
    """Put what start-up loaded (the NLU model, reference data) out of the garbage collector's
    reach: a full collection walked all of it and stopped the process for ~170 ms, while
    webhooks waited. For long-running processes, once their parts are built."""
    gc.collect()
    gc.freeze()


def build_queue(settings: Settings) -> MessageQueue:
    """Redis Streams shared by every process when REDIS_URL is set; else in process."""
    if settings.redis_url:
        from amparo.runtime.redis_queue import RedisStreamQueue

        return RedisStreamQueue(settings.redis_url, settings.redis_partitions)
    return InProcessQueue(settings.worker_partitions)


def build_events(settings: Settings) -> EventBus:
    if settings.redis_url:
        from amparo.runtime.events import RedisEventBus

        return RedisEventBus(settings.redis_url)
    return EventBus()
