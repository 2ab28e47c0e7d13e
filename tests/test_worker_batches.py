"""The worker's batches: a partition's waiting messages handled in one hop, in order, each on
its own; the sender's writes group-committed."""

import asyncio

from sqlalchemy.exc import OperationalError
from sqlmodel import select

from amparo.runtime import worker as worker_module
from amparo.runtime.batching import GroupCommit
from amparo.runtime.inbox import Inbox
from amparo.runtime.outbox import Outbox
from amparo.runtime.queue import InProcessQueue
from amparo.runtime.worker import Worker
from channels.base import SendResult
from channels.messages import InboundMessage, Reply
from data.models import InboxMessage, OutboxMessage

SENDER = "+17135550140"


def _accept(store, texts):
    inbox = Inbox(store)
    return [
        inbox.accept(InboundMessage("sms", SENDER, text, provider_message_id=f"SMb{n}"))
        for n, text in enumerate(texts)
    ]


def _run_until_handled(service, count):
    async def main():
        worker = Worker(service.store, service.runner, InProcessQueue(), {}, poll_seconds=0.05)
        await worker.start()  # puts the waiting inbox rows on the queue: one chunk
        for _ in range(400):
            if len(_handled(service.store)) >= count:
                break
            await asyncio.sleep(0.02)
        await worker.stop()

    asyncio.run(main())


def _handled(store):
    with store.transaction() as session:
        rows = session.exec(select(InboxMessage).where(InboxMessage.processed_at != None))  # noqa: E711
        return {row.id: row.error for row in rows}


def _replies(store):
    with store.transaction() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_failing_message_in_a_chunk_is_marked_and_the_others_handled_in_order(
    service, monkeypatch
):
    ids = _accept(service.store, ["hola", "perdi mi pasaporte", "x", "gracias", "adios"])
    handle, seen = service.runner.handle_inbox, []

    def flaky(inbox_id):
        seen.append(inbox_id)
        if inbox_id == ids[2]:
            raise ValueError("a bug in one message")
        return handle(inbox_id)

    monkeypatch.setattr(service.runner, "handle_inbox", flaky)
    _run_until_handled(service, 5)
    assert seen == ids  # one conversation: arrival order, each once
    assert _handled(service.store) == {i: "ValueError" if i == ids[2] else None for i in ids}
    assert _replies(service.store)  # the others were answered


def test_a_database_outage_mid_chunk_retries_the_rest_and_handles_nothing_twice(
    service, monkeypatch
):
    ids = _accept(service.store, ["hola", "perdi mi pasaporte", "gracias", "adios"])
    handle, seen, outage = service.runner.handle_inbox, [], [ids[2]]

    def unavailable_once(inbox_id):
        seen.append(inbox_id)
        if inbox_id in outage:
            outage.clear()
            raise OperationalError("select", {}, Exception("database is away"))
        return handle(inbox_id)

    monkeypatch.setattr(worker_module, "RETRY_SECONDS", 0.01)
    monkeypatch.setattr(service.runner, "handle_inbox", unavailable_once)
    _run_until_handled(service, 4)
    assert seen == [ids[0], ids[1], ids[2], ids[2], ids[3]]  # from where it stopped
    assert _handled(service.store) == dict.fromkeys(ids)


def test_outcomes_recorded_together_skip_a_row_erased_meanwhile(store):
    outbox = Outbox(store)
    rows = [outbox.enqueue("sms", f"+1713555020{n}", None, [Reply("hola")])[0] for n in range(3)]
    ids = [row.id for row in rows]
    begun = outbox.begin_sends([*ids, 10_000])
    assert begun[:3] == [(False, None)] * 3 and begun[3] is None
    recorded = outbox.record_many(
        [(ids[0], SendResult("sent", provider_message_id="SMa")), (10_000, SendResult("sent")),
         (ids[1], SendResult("retry", error="HTTP 503")), (ids[2], SendResult("failed"))]
    )  # fmt: skip
    assert recorded[1] is None
    assert [(r.status, r.attempts) for r in _replies(store)] == [
        ("sent", 1), ("queued", 1), ("failed", 1)
    ]  # fmt: skip


def test_group_commit_answers_each_caller_and_shares_a_failure():
    batches = []

    def write(items):
        batches.append(list(items))
        if "bad" in items:
            raise RuntimeError("the batch failed")
        return [item.upper() for item in items]

    async def main():
        commit = GroupCommit(write, "test")
        together = await asyncio.gather(*(commit.submit(w) for w in ["a", "b", "c"]))
        failed = await asyncio.gather(
            *(commit.submit(w) for w in ["d", "bad"]), return_exceptions=True
        )
        await commit.close()
        return together, failed

    together, failed = asyncio.run(main())
    assert together == ["A", "B", "C"]
    assert all(isinstance(e, RuntimeError) for e in failed)
    assert len(batches) <= 4  # concurrent callers share writes


def test_stop_ends_a_loop_that_swallowed_its_cancellation(service):
    """Python 3.11's asyncio.wait_for can swallow a cancellation that lands as its event is set;
    a loop that carries on after one cancel must not make stop() wait for ever."""
    swallowed: list[bool] = []

    async def stubborn():
        while True:
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed.append(True)  # the first cancel lost, as wait_for may lose it

    async def main():
        worker = Worker(service.store, service.runner, InProcessQueue(), {}, poll_seconds=0.05)
        await worker.start()
        worker.tasks.append(asyncio.create_task(stubborn()))
        await asyncio.sleep(0.05)
        loop = asyncio.get_running_loop()
        began = loop.time()
        # (a stop that waited for ever is cut at 5 s here, so that the test fails, not hangs)
        await asyncio.wait_for(worker.stop(), 5)
        return worker.tasks, loop.time() - began

    tasks, took = asyncio.run(main())
    assert tasks == [] and swallowed == [True]
    assert took < 4, f"stop() waited {took:.1f} s on a loop that lost its cancellation"
