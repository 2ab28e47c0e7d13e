"""The runtime pieces on their own: group-committed inbox, partitioned queue, webhook priority."""

import asyncio

from amparo.runtime.inbox import Inbox, InboxWriter, from_payload, to_payload
from amparo.runtime.queue import InProcessQueue, Traffic
from channels.messages import InboundMessage, Location, Media


def test_inbox_writer_stores_concurrent_messages_once_each(store):
    writer = InboxWriter(Inbox(store))

    async def main():
        messages = [
            InboundMessage("sms", f"+1505555{i:04d}", "hola", provider_message_id=f"SM{i}")
            for i in range(50)
        ]
        first = await asyncio.gather(*(writer.accept(m) for m in messages))
        again = await asyncio.gather(*(writer.accept(m) for m in messages[:10]))  # provider retries
        await writer.close()
        return first, again

    first, again = asyncio.run(main())
    assert len(set(first)) == 50 and None not in first
    assert again == [None] * 10
    assert len(Inbox(store).unprocessed()) == 50


def test_inbox_payload_round_trip():
    msg = InboundMessage(
        channel="whatsapp",
        sender="MX.1",
        text="hola",
        media=(Media("whatsapp-media:1", "image/jpeg"),),
        location=Location(1.5, -2.5, "x"),
        language_hint="es",
        provider_message_id="wamid.1",
        sender_name="Rosa",
        sender_phone="+5215550100001",
    )
    assert from_payload(to_payload(msg)) == msg
    assert from_payload(to_payload(InboundMessage("sms", "+1", b"\xffbytes"))).text == "\ufffdbytes"


def test_one_conversation_always_lands_in_the_same_partition():
    queue = InProcessQueue(4)
    assert len({queue.partition("sms:+15055550101") for _ in range(10)}) == 1
    assert len({queue.partition(f"sms:+1505555{i:04d}") for i in range(100)}) == 4


def test_worker_waits_while_a_webhook_is_answered_but_not_forever():
    async def main():
        traffic = Traffic(patience=0.3)
        order = []

        async def webhook():
            async with traffic.webhook():
                await asyncio.sleep(0.1)
                order.append("ack")

        async def worker():
            await asyncio.sleep(0.01)
            await traffic.quiet()
            order.append("handle")

        await asyncio.gather(webhook(), worker())
        loop = asyncio.get_running_loop()
        async with traffic.webhook():  # a flood that never ends: the worker goes anyway
            started = loop.time()
            await traffic.quiet()
            waited = loop.time() - started
        return order, waited

    order, waited = asyncio.run(main())
    assert order == ["ack", "handle"]
    assert 0.25 < waited < 1.0


def test_worker_rests_after_work_during_which_webhooks_came_in():
    async def main():
        traffic = Traffic(share=0.5)
        loop = asyncio.get_running_loop()

        async def piece(flood: bool) -> float:
            started = loop.time()
            async with traffic.work():
                if flood:
                    async with traffic.webhook():
                        pass
                await asyncio.sleep(0.2)  # the work
            return loop.time() - started

        return await piece(flood=False), await piece(flood=True)

    alone, during_flood = asyncio.run(main())
    assert alone < 0.35  # no webhooks: straight on
    assert during_flood >= 0.39  # as long again at rest: half the process for the webhooks
