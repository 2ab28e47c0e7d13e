"""Replies leave through the outbox: retried on 429/5xx, never resent blindly after a timeout,
failures visible, order kept, WhatsApp's 24-hour window respected, statuses applied, and
nothing accepted is lost when the process dies after acknowledging."""

import itertools
import time
from datetime import timedelta

from amparo.runtime.inbox import Inbox
from amparo.runtime.outbox import Outbox
from channels.base import SendResult
from channels.messages import InboundMessage, Reply
from data.models import utcnow
from tests import signing
from tests.conftest import settle
from tests.fake_provider import Failure
from tests.payloads import twilio as tw
from tests.payloads import whatsapp as wa
from tests.people import add_user, login
from tests.test_console import sign_in

_ids = itertools.count(1)
PATH = "/webhooks/twilio/messaging"


def sms(live, text, sender="+17135550123", wait=True):
    sid = f"SMd{next(_ids):031x}"
    params = {**tw.SMS_TEXT, "Body": text, "From": sender, "MessageSid": sid, "SmsSid": sid}
    assert live.post(PATH, **signing.twilio(PATH, params)).status_code == 200
    if wait:
        settle(live)


def outbox_rows(live):
    service = live.app.state.service
    conv = service.store.conversation("sms", "+17135550123")
    return service.outbox.for_conversation(conv.id)


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.03)
    raise AssertionError("condition not reached")


def test_server_errors_are_retried_with_backoff_and_delivered_once(live, provider):
    provider.fail_next(2, 500, provider="twilio")
    sms(live, "gracias")
    wait_until(lambda: outbox_rows(live)[0].status == "sent")  # recorded after the answer
    rows = outbox_rows(live)
    assert rows[0].attempts == 3
    assert len(provider.attempts) == 3 and len(provider.sent("twilio")) == 1


def test_rate_limit_honours_retry_after(live, provider):
    provider.fail_next(
        1, 429, provider="twilio", headers={"Retry-After": "0.3"}, body={"code": 20429}
    )
    started = time.monotonic()
    sms(live, "gracias")
    wait_until(lambda: outbox_rows(live)[0].status == "sent")
    assert time.monotonic() - started >= 0.3
    assert outbox_rows(live)[0].attempts == 2


def test_timeout_after_sending_is_unknown_and_never_resent(live, provider):
    provider.fail_next(1, 201, provider="twilio", delay=1.5, body={"sid": "SMlate"})
    sms(live, "gracias", wait=False)
    wait_until(lambda: outbox_rows(live) and outbox_rows(live)[0].status == "unknown")
    time.sleep(1.0)
    row = outbox_rows(live)[0]
    assert row.attempts == 1 and "no answer" in row.error
    assert len(provider.attempts) == 1  # it may have been delivered: not sent again


def test_permanent_failure_is_visible_and_opted_out_recipient_gets_nothing_more(live, provider):
    provider.fail_next(
        1, 400, provider="twilio", body={"code": 21610, "message": "unsubscribed recipient"}
    )
    sms(live, "hola")
    wait_until(lambda: outbox_rows(live)[0].status == "failed")
    failed = outbox_rows(live)[0]
    assert "21610" in failed.error
    assert live.app.state.service.store.is_opted_out("sms", "+17135550123")
    before = len(provider.attempts)
    sms(live, "ayuda")
    time.sleep(0.3)
    assert len(provider.attempts) == before


def test_gives_up_when_the_retry_budget_is_spent_not_after_a_number_of_tries(store):
    outbox = Outbox(store, retry_budget=timedelta(seconds=0.5), backoff=0.01)
    [row] = outbox.enqueue("sms", "+17135550199", None, [Reply("hola")])
    for _ in range(20):  # many quick failures inside the budget: still waiting to be retried
        retried = outbox.record(row.id, SendResult("retry", error="HTTP 429", retry_after=0.0))
        assert retried.status == "queued" and retried.next_attempt_at > retried.updated_at
    time.sleep(0.6)
    last = outbox.record(row.id, SendResult("retry", error="HTTP 503"))
    assert last.status == "failed" and last.error == "gave up after 21 attempts in 0 min: HTTP 503"


def test_the_wait_is_at_least_the_backoff_and_at_least_retry_after(store):
    """A 429 with a short Retry-After on every try (issue 14, point 11) no longer makes the
    tries come every Retry-After seconds: the backoff still grows."""
    outbox = Outbox(store, backoff=1.0, max_backoff=60.0)
    [row] = outbox.enqueue("sms", "+17135550199", None, [Reply("hola")])
    waits = []
    for retry_after in (2.0, 2.0, 2.0, 2.0, 2.0, 300.0):
        recorded = outbox.record(row.id, SendResult("retry", error="429", retry_after=retry_after))
        waits.append(round((recorded.next_attempt_at - recorded.updated_at).total_seconds()))
    assert waits == [2, 2, 4, 8, 16, 300]


def test_a_reply_that_did_not_reach_the_person_is_shown_to_agents(
    channel_settings, make_app, provider
):
    """A reply failed for good or ended unknown puts the conversation in the agents' queue
    (API and console) until something reaches the person again (issue 14, point 11)."""
    settings = channel_settings.model_copy(update={"send_retry_budget_minutes": 0.01})
    with make_app(settings) as live:
        add_user(live, "alma", "agent")
        agent = login(live, "alma")
        provider.fail_for(30, Failure(500))
        sms(live, "hola", wait=False)
        wait_until(lambda: outbox_rows(live) and outbox_rows(live)[-1].status == "failed")
        conv_id = outbox_rows(live)[-1].conversation_id
        queue = live.get("/api/takeover-queue", headers=agent).json()
        assert [(i["conversation"]["id"], i["reason"]) for i in queue] == [
            (conv_id, "reply_undelivered")
        ]
        assert sign_in(live, "alma").status_code == 303
        assert "una respuesta no le llegó" in live.get("/console/queue").text  # her language
        provider.fail_for(0)
        provider.fail_next(1, 201, provider="twilio", delay=1.5, body={"sid": "SMlate"})
        sms(live, "gracias", wait=False)  # its reply times out after leaving: unknown
        wait_until(lambda: outbox_rows(live)[-1].status == "unknown")
        assert [i["reason"] for i in live.get("/api/takeover-queue", headers=agent).json()] == [
            "reply_undelivered"
        ]
        sms(live, "hola")  # its reply gets through: nobody is left waiting
        wait_until(lambda: outbox_rows(live)[-1].status == "sent")
        assert live.get("/api/takeover-queue", headers=agent).json() == []


def test_messages_of_one_conversation_are_handled_and_answered_in_order(live, provider):
    texts = ["hola", "necesito un albergue", "Houston", "guatemalteco", "no"]
    for text in texts:
        sms(live, text, wait=False)
    settle(live)
    service = live.app.state.service
    conv = service.store.conversation("sms", "+17135550123")
    inbound = [m.text for m in service.store.transcript(conv.id) if m.direction == "in"]
    assert inbound == texts
    rows = service.outbox.for_conversation(conv.id)
    wait_until(lambda: len(provider.sent("twilio")) >= len(rows))
    # Replies reached the provider in the order the core wrote them, one at a time.
    assert [c.params["Body"] for c in provider.sent("twilio")] == [r.payload["text"] for r in rows]


def test_whatsapp_reply_outside_the_24_hour_window_is_held_and_says_why(live, provider):
    service = live.app.state.service
    doc = wa.incoming("wamid.window1", "text", {"body": "hola"})
    live.post("/webhooks/whatsapp", **signing.whatsapp(doc))
    settle(live)
    conv = service.store.conversation("whatsapp", wa.USER_ID)
    conv.last_inbound_at = utcnow() - timedelta(hours=25)
    with service.store.transaction() as session:  # test data, written as a fixture
        session.add(conv)
    before = len(provider.attempts)
    service.outbox.enqueue("whatsapp", wa.USER_ID, conv.id, [Reply("¿Sigues a salvo?")])
    wait_until(lambda: service.outbox.for_conversation(conv.id)[-1].status == "held")
    held = service.outbox.for_conversation(conv.id)[-1]
    assert "24 hours" in held.error and "template" in held.error
    assert len(provider.attempts) == before


def test_delivery_statuses_update_the_outbox(live, provider):
    sms(live, "gracias")
    wait_until(lambda: outbox_rows(live)[0].status == "sent")
    sid = outbox_rows(live)[0].provider_message_id
    status = {**tw.STATUS_DELIVERED, "MessageSid": sid, "SmsSid": sid}
    path = "/webhooks/twilio/status"
    assert live.post(path, **signing.twilio(path, status)).status_code == 204
    assert outbox_rows(live)[0].status == "delivered"
    forged = live.post(path, data=status, headers={"X-Twilio-Signature": "x"})
    assert forged.status_code == 403


def test_whatsapp_failed_status_is_recorded(live, provider):
    doc = wa.incoming("wamid.st1", "text", {"body": "gracias"})
    live.post("/webhooks/whatsapp", **signing.whatsapp(doc))
    settle(live)
    service = live.app.state.service
    conv = service.store.conversation("whatsapp", wa.USER_ID)
    wait_until(lambda: service.outbox.for_conversation(conv.id)[0].status == "sent")
    wamid = service.outbox.for_conversation(conv.id)[0].provider_message_id
    failed = wa.notification(
        {
            "statuses": [
                {
                    "id": wamid,
                    "status": "failed",
                    "timestamp": "1",
                    "recipient_id": wa.WA_ID,
                    "errors": [{"code": 131026, "title": "Message undeliverable"}],
                }
            ]
        }
    )
    assert live.post("/webhooks/whatsapp", **signing.whatsapp(failed)).status_code == 200
    row = service.outbox.for_conversation(conv.id)[0]
    assert row.status == "failed" and "131026" in row.error


def test_accepted_before_a_crash_is_handled_at_the_next_start(
    channel_settings, make_app, provider, migrate
):
    from data.store import Store

    migrate(channel_settings.database_url)
    store = Store(channel_settings.database_url, channel_settings.secret_key)
    # The webhook stored it and answered 200, then the process died before handling it.
    Inbox(store).accept(
        InboundMessage("sms", "+17135550123", "socorro", provider_message_id="SMcrash")
    )
    with make_app(channel_settings) as live:
        settle(live)
        calls = provider.wait_for(1, "twilio")
        assert calls[0].params["To"] == "+17135550123"
        assert [c.kind for c in live.app.state.service.store.cases()] == ["distress"]


def test_two_senders_never_claim_the_same_message(store):
    first, second = Outbox(store), Outbox(store)  # two processes sharing one database
    for n in range(4):
        first.enqueue("sms", f"+1713555010{n}", None, [Reply("uno"), Reply("dos")])
    claims = [row.id for row in first.due()] + [row.id for row in second.due()]
    assert len(claims) == 4 and len(set(claims)) == 4  # one per recipient, each once
    assert second.due() == [] and first.due() == []  # the second messages wait their turn
    for row_id in claims:
        first.record(row_id, SendResult("sent", provider_message_id=f"SM{row_id}"))
    assert len(second.due()) == 4  # now the next message of each recipient


def test_a_claim_left_by_a_dead_process_is_retried_or_marked_unknown(store):
    outbox = Outbox(store, lease=0.05)
    outbox.enqueue("sms", "+17135550100", None, [Reply("uno"), Reply("dos")])
    [claimed] = outbox.due()
    time.sleep(0.1)  # died before the request left: the message goes back to the queue
    [again] = outbox.due()
    assert again.id == claimed.id and again.payload["text"] == "uno"
    outbox.begin_send(again.id)
    time.sleep(0.1)  # died while the request was out: it may have been delivered
    [following] = outbox.due()
    assert following.payload["text"] == "dos"
    [first, _] = _rows(store)
    assert first.status == "unknown" and "stopped during the send" in first.error  # never resent


def _rows(store):
    from sqlmodel import select

    from data.models import OutboxMessage

    with store.transaction() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))
