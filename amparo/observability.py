"""Logs and metrics: JSON log lines carrying a request id and a conversation id, and the
Prometheus metrics behind /metrics.

Logs never carry what people wrote, their names or their numbers above debug level: log
calls name ids and outcomes only, and the JSON formatter adds nothing of its own.
"""

import contextlib
import json
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func
from sqlmodel import col, select

from data.models import Case, InboxMessage, OutboxMessage, as_utc, utcnow
from data.store import Store

if TYPE_CHECKING:  # the runtime logs through this module; it must not pull case work in
    from amparo.casework.sla import Deadlines

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
conversation_id: ContextVar[int | None] = ContextVar("conversation_id", default=None)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if (rid := request_id.get()) is not None:
            line["request_id"] = rid
        if (cid := conversation_id.get()) is not None:
            line["conversation_id"] = cid
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class ContextFilter(logging.Filter):
    """Plain-text logs get the same ids, at the end of the line."""

    def filter(self, record: logging.LogRecord) -> bool:
        ids = []
        if (rid := request_id.get()) is not None:
            ids.append(f"request_id={rid}")
        if (cid := conversation_id.get()) is not None:
            ids.append(f"conversation_id={cid}")
        record.ids = (" " + " ".join(ids)) if ids else ""
        return True


def configure_logging(level: str, fmt: str) -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.addFilter(ContextFilter())
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s%(ids)s")
        )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())


@contextlib.contextmanager
def about_conversation(conversation: int | None) -> Iterator[None]:
    token = conversation_id.set(conversation)
    try:
        yield
    finally:
        conversation_id.reset(token)


# metrics of this process

REGISTRY = CollectorRegistry(auto_describe=True)
PROCESSING = Histogram(
    "amparo_processing_seconds",
    "Time to handle one inbound message (core and outbox, one transaction).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    registry=REGISTRY,
)
WEBHOOKS = Counter(
    "amparo_webhook_messages_total",
    "Inbound messages accepted by webhooks, per channel.",
    ["channel"],
    registry=REGISTRY,
)
SENDS = Counter(
    "amparo_sends_total",
    "Send attempts per channel and outcome (sent, retry, failed, held, unknown).",
    ["channel", "outcome"],
    registry=REGISTRY,
)


@contextlib.contextmanager
def timed_processing() -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        PROCESSING.observe(time.perf_counter() - started)


class StoreCollector:
    """Gauges read from the database at scrape time, so every process reports the same
    numbers whatever it handled itself: queue depth, delivery failures, cases by priority,
    and cases past their acknowledgement deadline."""

    def __init__(self, store: Store, deadlines: "Deadlines") -> None:
        self.store = store
        self.deadlines = deadlines

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.store.transaction() as session:
            waiting = session.exec(
                select(func.count()).where(col(InboxMessage.processed_at).is_(None))
            ).one()
            leaving = session.exec(
                select(func.count()).where(
                    col(OutboxMessage.status).in_(("queued", "claimed", "sending"))
                )
            ).one()
            failed = session.exec(
                select(OutboxMessage.channel, func.count())
                .where(col(OutboxMessage.status).in_(("failed", "held", "unknown")))
                .group_by(col(OutboxMessage.channel))
            ).all()
            open_cases = session.exec(
                select(Case).where(col(Case.status).not_in(("resolved", "closed")))
            ).all()
        yield GaugeMetricFamily(
            "amparo_inbox_waiting", "Accepted messages not yet handled.", value=waiting
        )
        yield GaugeMetricFamily(
            "amparo_outbox_waiting", "Replies waiting to leave or leaving.", value=leaving
        )
        failures = GaugeMetricFamily(
            "amparo_delivery_failures",
            "Replies that failed, were held or may not have arrived, per channel.",
            labels=["channel"],
        )
        for channel, count in failed:
            failures.add_metric([channel], count)
        yield failures
        by_priority = GaugeMetricFamily(
            "amparo_open_cases", "Open cases per priority (1 urgent … 4 low).", labels=["priority"]
        )
        counts = {p: 0 for p in (1, 2, 3, 4)}
        breaches = 0
        now = utcnow()
        for case in open_cases:
            counts[case.priority] = counts.get(case.priority, 0) + 1
            acknowledged = as_utc(case.acknowledged_at) if case.acknowledged_at else now
            breaches += acknowledged > self.deadlines.due(case)
        for priority, count in sorted(counts.items()):
            by_priority.add_metric([str(priority)], count)
        yield by_priority
        yield GaugeMetricFamily(
            "amparo_sla_breaches",
            "Open cases acknowledged late or still unacknowledged past their deadline.",
            value=breaches,
        )


def render(collector: StoreCollector | None) -> bytes:
    """This process's metrics, and the store's gauges."""
    text = generate_latest(REGISTRY)
    if collector is not None:
        extra = CollectorRegistry(auto_describe=False)
        extra.register(collector)
        text += generate_latest(extra)
    return text
