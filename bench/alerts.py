"""Alert benchmark: 100,000 registrants in SQLite (a temporary directory), the time to select
and queue one alert to all of them, then delivery through the real sender at each channel's
configured rate (SEND_RATE_*) against the tests' fake provider for a bounded time.

Run by hand: `.venv/bin/python bench/alerts.py [--people 100000] [--seconds 20]`.
Prints Markdown tables for the README.
"""

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from amparo.adapters import build_adapters  # noqa: E402
from amparo.casework.alerts import Alerts  # noqa: E402
from amparo.casework.audit import Audit  # noqa: E402
from amparo.runtime.events import EventBus  # noqa: E402
from amparo.runtime.limits import SendPace  # noqa: E402
from amparo.runtime.outbox import Outbox  # noqa: E402
from amparo.runtime.queue import InProcessQueue  # noqa: E402
from amparo.runtime.turns import TurnRunner  # noqa: E402
from amparo.runtime.worker import Worker  # noqa: E402
from amparo.settings import Settings  # noqa: E402
from bot.dialogue import Core  # noqa: E402
from bot.forms import Forms  # noqa: E402
from bot.responses import ResponseBook  # noqa: E402
from data.directory import load_directory  # noqa: E402
from data.lexicon import load_lexicon  # noqa: E402
from data.models import Conversation, OutboxMessage, Person, User, utcnow  # noqa: E402
from data.schema import upgrade  # noqa: E402
from data.store import Store  # noqa: E402
from tests import signing  # noqa: E402
from tests.fake_provider import FakeProvider  # noqa: E402

CHANNELS = ("sms", "twilio_whatsapp", "whatsapp", "telegram")
LANGUAGES = ("es", "en", "fr", "pt", "ht")
CHUNK = 10_000


def settings_for(db: Path, provider: FakeProvider) -> Settings:
    return signing.every_channel(f"sqlite:///{db}", provider.url, secret_key="bench")


def populate(store: Store, people: int) -> None:
    """`people` registrants, a quarter per channel, five languages, half of the WhatsApp
    Cloud users outside the 24-hour window (they get the template)."""
    now = utcnow()
    for start in range(0, people, CHUNK):
        convs, persons = [], []
        for i in range(start, min(people, start + CHUNK)):
            channel = CHANNELS[i % len(CHANNELS)]
            sender = str(700_000_000 + i) if channel == "telegram" else f"+1713{i:07d}"
            old = channel == "whatsapp" and i % 8 == 2
            convs.append(
                {
                    "channel": channel,
                    "sender": sender,
                    "language": LANGUAGES[i % len(LANGUAGES)],
                    "slots": {},
                    "human_requested": False,
                    "last_inbound_at": now - timedelta(days=3 if old else 0),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        with store.transaction() as session:
            ids = session.execute(
                insert(Conversation).returning(Conversation.id, sort_by_parameter_order=True),
                convs,
            ).scalars()
            for conv_id, conv in zip(ids, convs, strict=True):
                persons.append(
                    {
                        "kind": "registrant",
                        "full_name": "",
                        "name_key": "",
                        "nationality": "GT",
                        "place": "houston",
                        "language": conv["language"],
                        "conversation_id": conv_id,
                        "source": "amparo",
                        "consent": "unknown",
                        "protected": False,
                        "details": {},
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            session.execute(insert(Person), persons)


async def drain(worker: Worker, seconds: float) -> float:
    started = time.perf_counter()
    await worker.start()
    await asyncio.sleep(seconds)
    await worker.stop()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="delivery run")
    args = parser.parse_args()

    provider = FakeProvider().start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings_for(Path(tmp) / "bench.db", provider)
        upgrade(settings.database_url)
        store = Store(settings.database_url, settings.secret_key)
        directory = load_directory(ROOT / "data" / "reference")
        core = Core(
            None,  # type: ignore[arg-type]  # the core never parses here
            ResponseBook.from_domain(ROOT / "intents"),
            Forms.from_domain(ROOT / "intents"),
            directory,
            load_lexicon(ROOT / "data" / "reference"),
        )
        runner = TurnRunner(store, core)
        alerts = Alerts(store, runner, core.responses, directory, Audit(store), EventBus())
        t0 = time.perf_counter()
        populate(store, args.people)
        populated = time.perf_counter() - t0
        with store.transaction() as session:
            boss = User(username="boss", name="Boss", password_hash="-", role="supervisor")
            session.add(boss)
        texts = {lang: f"Huracán: busque refugio ({lang})." for lang in LANGUAGES}
        t0 = time.perf_counter()
        selected = len(alerts.recipients("GT", "houston", None))
        selecting = time.perf_counter() - t0
        t0 = time.perf_counter()
        alert = alerts.create(boss, "safety_check", texts, nationality="GT", template="alerta")
        queueing = time.perf_counter() - t0
        with store.transaction() as session:
            rows = session.exec(select(func.count()).select_from(OutboxMessage)).one()

        print(f"{args.people:,} registrants inserted in {populated:.1f} s\n")
        print("| step | recipients | outbox rows | seconds |")
        print("|---|---:|---:|---:|")
        print(f"| select recipients | {selected:,} | – | {selecting:.1f} |")
        print(f"| select + queue (`Alerts.create`) | {alert.recipients:,} | {rows:,} | "
              f"{queueing:.1f} |\n")  # fmt: skip

        rates = settings.send_rates()
        worker = Worker(
            store,
            runner,
            InProcessQueue(1),
            build_adapters(settings),
            outbox=Outbox(store),
            pace=SendPace(rates),
        )
        elapsed = asyncio.run(drain(worker, args.seconds))
        with store.transaction() as session:
            statuses = Counter(
                dict(
                    session.exec(
                        select(OutboxMessage.channel, func.count())
                        .where(col(OutboxMessage.status) == "sent")
                        .group_by(col(OutboxMessage.channel))
                    ).all()
                )
            )
        print(f"delivery for {elapsed:.0f} s, all channels at once, one sender process:\n")
        print("| channel | configured rate (msg/s) | sent | measured (msg/s) |")
        print("|---|---:|---:|---:|")
        for channel in CHANNELS:
            sent = statuses.get(channel, 0)
            print(f"| {channel} | {rates.get(channel, 0):g} | {sent:,} | {sent / elapsed:.1f} |")
    provider.stop()


if __name__ == "__main__":
    main()
