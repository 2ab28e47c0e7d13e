"""Unacknowledged cases escalate to the consulate's duty officer, then to the crisis unit,
through the real outbox and channel adapters (fake provider, real SMTP server on 127.0.0.1);
the timeline shows each step and nothing about the person leaves in a notification."""

import asyncio
import itertools
import json
import logging
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from amparo.casework.escalation import Escalator
from amparo.casework.sla import Deadlines
from amparo.runtime.events import EventBus
from channels.base import Outgoing
from channels.email import EmailAdapter
from data.directory import Contact, CrisisUnit, Directory
from data.models import OutboxMessage, as_utc, utcnow
from data.store import Store
from tests import signing
from tests.conftest import settle
from tests.payloads import twilio as tw

PERSON = "+17135550123"
SITUATION = "nos quieren sacar a golpes del cuarto donde vivimos"
MISSING = "Kevin Alvarado"
WORDS = {"es": ("emergencia", "prioridad 1"), "en": ("distress", "priority 1")}
_ids = itertools.count(1)


# helpers


def at(case, minutes):
    """A moment `minutes` after the case was filed: the escalator's clock, moved forward."""
    return as_utc(case.created_at) + timedelta(minutes=minutes)


def officer(channel, address, language="es"):
    return Contact(
        name="DEMO duty officer, test", channel=channel, address=address, language=language
    )


def unit(country, channel, address, language="es"):
    return CrisisUnit(
        country=country,
        name=f"DEMO crisis unit, {country}",
        channel=channel,
        address=address,
        language=language,
        last_reviewed="2026-10-01",
    )


def rewire(directory: Directory, consulate_id=None, duty_officer=None, crisis_unit=None):
    """The demo directory with one consulate's duty officer and one crisis unit replaced."""
    consulates = [
        c.model_copy(update={"duty_officer": duty_officer}) if c.id == consulate_id else c
        for c in directory.consulates
    ]
    units = [
        u for u in directory.crisis_units if crisis_unit is None or u.country != crisis_unit.country
    ]
    units += [crisis_unit] if crisis_unit else []
    return directory.model_copy(update={"consulates": consulates, "crisis_units": units})


def escalator(client, directory=None, **kw) -> Escalator:
    service = client.app.state.service
    settings = service.settings
    return Escalator(
        service.store,
        directory or service.directory,
        Deadlines.parse(settings.ack_deadlines_minutes, settings.distress_ack_minutes),
        service.outbox,
        channels=service.adapters.keys(),
        **kw,
    )


def file_case(store: Store, kind="distress", priority=1, nationality="HN", consulate="hn-houston"):
    case = store.create_case(
        kind=kind,
        priority=priority,
        channel="sms",
        language="es",
        nationality=nationality,
        place="houston",
        consulate_id=consulate,
        contact=PERSON,
        details={"situation": SITUATION, "missing_name": MISSING, "contact": PERSON},
    )
    return store.case(case.id)


def outbox_row(client, row_id) -> OutboxMessage:
    with client.app.state.service.store.transaction() as session:
        return session.get(OutboxMessage, row_id)


def assert_nothing_personal(text):
    for personal in (PERSON, PERSON[1:], "555 0123", "5550123", SITUATION, "golpes", MISSING):
        assert personal not in text


class RecordingBus(EventBus):
    def __init__(self):
        super().__init__()
        self.published = []

    def publish(self, kind, **fields):
        self.published.append((kind, fields))
        super().publish(kind, **fields)


# the two levels, on each channel


@pytest.mark.parametrize(
    ("duty_officer", "crisis_unit", "expect_officer", "expect_unit"),
    [
        (
            officer("sms", "+1 713 555 0109"),
            unit("HN", "telegram", "-1005555550196"),
            ("twilio", "To", "+17135550109"),
            ("telegram", "chat_id", "-1005555550196"),
        ),
        (
            officer("twilio_whatsapp", "+1 713 555 0106"),
            unit("HN", "sms", "+1 555 555 0196"),
            ("twilio", "To", "whatsapp:+17135550106"),
            ("twilio", "To", "+15555550196"),
        ),
        (
            officer("telegram", "-1007135550133", language="en"),
            unit("HN", "twilio_whatsapp", "+1 555 555 0195"),
            ("telegram", "chat_id", "-1007135550133"),
            ("twilio", "To", "whatsapp:+15555550195"),
        ),
    ],
    ids=["sms-then-telegram", "whatsapp-then-sms", "telegram-then-whatsapp"],
)
def test_unacknowledged_distress_goes_to_duty_officer_then_crisis_unit(
    live, provider, directory, duty_officer, crisis_unit, expect_officer, expect_unit
):
    store = live.app.state.service.store
    bus = RecordingBus()
    esc = escalator(live, rewire(directory, "hn-houston", duty_officer, crisis_unit), events=bus)
    case = file_case(store)

    assert esc.check(at(case, 14)) == []  # distress: 15 minutes by default
    [first] = esc.check(at(case, 16))
    assert (first.case_id, first.level, first.to) == (case.id, 1, "duty_officer:hn-houston")
    settle(live)
    provider_name, field, address = expect_officer
    [sent] = provider.sent(provider_name)
    assert sent.params[field] == address
    assert case.ref in sent.text and "16 min" in sent.text
    kind, priority = WORDS[duty_officer.language]  # in the official's language
    assert kind in sent.text and priority in sent.text
    assert_nothing_personal(sent.text)

    assert esc.check(at(case, 30)) == []  # another full period from the first escalation
    [second] = esc.check(at(case, 32))
    assert (second.level, second.to) == (2, "crisis_unit:HN")
    settle(live)
    provider_name, field, address = expect_unit
    alert = provider.sent(provider_name)[-1]
    assert alert.params[field] == address
    assert case.ref in alert.text and "32 min" in alert.text
    assert_nothing_personal(alert.text)
    assert esc.check(at(case, 60 * 24)) == []  # nobody above the crisis unit

    after = store.case(case.id)
    assert (after.escalation_level, after.status, after.acknowledged_at) == (2, "new", None)
    events = [e for e in store.case_events(case.id) if e.kind == "escalated"]
    assert [(e.detail["level"], e.detail["to"]) for e in events] == [
        (1, "duty_officer:hn-houston"),
        (2, "crisis_unit:HN"),
    ]
    assert [e.detail["channel"] for e in events] == [duty_officer.channel, crisis_unit.channel]
    for event in events:
        assert_nothing_personal(json.dumps(event.detail))
        assert duty_officer.recipient not in json.dumps(event.detail)
        assert crisis_unit.recipient not in json.dumps(event.detail)
    assert [f["level"] for k, f in bus.published if k == "case_escalated"] == [1, 2]


# when a case is due


@pytest.mark.parametrize(
    ("kind", "priority", "minutes", "escalates"),
    [
        ("distress", 1, 14, False),
        ("distress", 1, 16, True),
        ("distress", 3, 16, True),  # distress never waits longer than DISTRESS_ACK_MINUTES
        ("assistance", 2, 59, False),
        ("assistance", 2, 61, True),
        ("missing_person", 3, 239, False),
        ("missing_person", 3, 241, True),
        ("assistance", 4, 16, False),
        ("assistance", 4, 60 * 23, False),
        ("assistance", 4, 60 * 24 + 1, True),
    ],
)
def test_a_case_escalates_only_after_its_deadline(
    live, provider, kind, priority, minutes, escalates
):
    store = live.app.state.service.store
    case = file_case(store, kind=kind, priority=priority)
    done = escalator(live).check(at(case, minutes))
    assert [d.case_id for d in done] == ([case.id] if escalates else [])
    settle(live)
    assert len(provider.sent()) == (1 if escalates else 0)


def test_an_acknowledged_case_never_escalates(live, provider):
    store = live.app.state.service.store
    case = file_case(store)
    case.status, case.acknowledged_at = "acknowledged", utcnow()
    store.update_case(case, "status", {"from": "new", "to": "acknowledged"})
    esc = escalator(live)
    for minutes in (16, 32, 60 * 24 * 3):
        assert esc.check(at(case, minutes)) == []
    settle(live)
    assert provider.sent() == []
    assert store.case(case.id).escalation_level == 0


def test_acknowledging_after_the_duty_officer_stops_the_escalation(live, provider):
    store = live.app.state.service.store
    case = file_case(store)
    esc = escalator(live)
    assert len(esc.check(at(case, 16))) == 1
    case = store.case(case.id)
    case.status, case.acknowledged_at = "acknowledged", at(case, 20)
    store.update_case(case, "status", {"from": "new", "to": "acknowledged"})
    assert esc.check(at(case, 60)) == []
    settle(live)
    assert len(provider.sent()) == 1 and store.case(case.id).escalation_level == 1


def test_checking_twice_or_at_once_notifies_once(live, provider):
    store = live.app.state.service.store
    case = file_case(store)
    now = at(case, 16)
    esc = escalator(live)
    assert len(esc.check(now)) == 1
    assert esc.check(now) == []
    # Two processes checking at the same moment: the case moves up one level, once.
    other = file_case(store)
    later = at(other, 16)
    checkers = [escalator(live) for _ in range(4)]
    with ThreadPoolExecutor(len(checkers)) as pool:
        results = list(pool.map(lambda e: e.check(later), checkers))
    assert sorted(len(r) for r in results) == [0, 0, 0, 1]
    settle(live)
    assert len(provider.sent("twilio")) == 2  # one per case
    events = [e for e in store.case_events(other.id) if e.kind == "escalated"]
    assert len(events) == 1 and store.case(other.id).escalation_level == 1


# when there is nobody at the first level, or at all


def test_a_case_without_consulate_or_duty_officer_goes_to_the_crisis_unit(
    live, provider, directory
):
    store = live.app.state.service.store
    no_consulate = file_case(store, consulate=None)
    no_officer = file_case(store, consulate="hn-houston")
    rewired = rewire(directory, "hn-houston", None, unit("HN", "sms", "+1 555 555 0196"))
    done = escalator(live, rewired).check(at(no_officer, 16))
    assert {(d.case_id, d.level, d.to) for d in done} == {
        (no_consulate.id, 2, "crisis_unit:HN"),
        (no_officer.id, 2, "crisis_unit:HN"),
    }
    settle(live)
    assert [c.params["To"] for c in provider.sent("twilio")] == ["+15555550196"] * 2


def test_a_duty_officer_on_a_channel_that_is_off_is_skipped(live, provider, directory):
    store = live.app.state.service.store
    case = file_case(store)
    rewired = rewire(
        directory,
        "hn-houston",
        officer("email", "duty.hn-houston@consulates.example"),  # no SMTP_HOST in these settings
        unit("HN", "sms", "+1 555 555 0196"),
    )
    [done] = escalator(live, rewired).check(at(case, 16))
    assert (done.level, done.to, done.channel) == (2, "crisis_unit:HN", "sms")


def test_nobody_to_notify_is_logged_and_on_the_timeline(live, provider, caplog):
    store = live.app.state.service.store
    case = file_case(store, nationality=None, consulate=None)
    esc = escalator(live)
    now = at(case, 16)
    with caplog.at_level(logging.WARNING, logger="amparo.casework.escalation"):
        [done] = esc.check(now)
    assert not done.notified and done.level == 2 and done.reason
    assert any(case.ref in r.getMessage() and "nobody" in r.getMessage() for r in caplog.records)
    assert all(PERSON not in r.getMessage() for r in caplog.records)
    [event] = [e for e in store.case_events(case.id) if e.kind == "escalation_failed"]
    assert event.detail["to"] is None and event.detail["reason"]
    assert esc.check(now + timedelta(hours=1)) == []  # said once, not every minute
    settle(live)
    assert provider.sent() == []


def test_whatsapp_cloud_officer_is_held_outside_the_service_window(live, provider, directory):
    """Meta lets free text reach only people who wrote in the last 24 hours: documented, and
    visible in the outbox rather than silently lost."""
    store = live.app.state.service.store
    case = file_case(store)
    rewired = rewire(directory, "hn-houston", officer("whatsapp", "+1 713 555 0109"))
    [done] = escalator(live, rewired).check(at(case, 16))
    settle(live)
    _wait(lambda: outbox_row(live, done.outbox_ids[0]).status != "queued")
    assert outbox_row(live, done.outbox_ids[0]).status == "held"


# the whole app


def test_a_distress_report_by_sms_reaches_the_real_directorys_duty_officer(live, provider):
    for text in [SITUATION, "Houston, en la calle Airline", "somos 4", "mi hijo de 6 años",
                 "hondureños", "este"]:  # fmt: skip
        sid = f"SMe{next(_ids):031x}"
        params = {**tw.SMS_TEXT, "Body": text, "From": PERSON, "MessageSid": sid, "SmsSid": sid}
        path = "/webhooks/twilio/messaging"
        assert live.post(path, **signing.twilio(path, params)).status_code == 200
        settle(live)
    [case] = live.app.state.service.store.cases()
    assert case.consulate_id == "hn-houston" and case.priority == 1
    before = len(provider.sent("twilio"))
    escalator_ = live.app.state.escalator  # the one the app runs every minute
    [done] = escalator_.check(at(case, 16))
    assert done.to == "duty_officer:hn-houston"
    settle(live)
    [alert] = provider.sent("twilio")[before:]
    assert alert.params["To"] == "+17135550109"  # data/reference/directory.yml
    assert case.ref in alert.text
    assert_nothing_personal(alert.text)
    assert "Airline" not in alert.text and "hijo" not in alert.text


def test_the_app_escalates_overdue_cases_on_its_own(channel_settings, make_app, provider, migrate):
    """Started with a case already overdue, the app's escalation loop notifies at once."""
    migrate(channel_settings.database_url)
    store = Store(channel_settings.database_url, channel_settings.secret_key)
    case = file_case(store)
    case.created_at = utcnow() - timedelta(minutes=20)
    store.update_case(case, "backdated", {})
    with make_app(channel_settings) as client:
        assert isinstance(client.app.state.escalator, Escalator)
        [alert] = provider.wait_for(1, "twilio")
        assert alert.params["To"] == "+17135550109" and case.ref in alert.text
    assert store.case(case.id).escalation_level == 1


def test_run_forever_keeps_checking(live, provider):
    store = live.app.state.service.store
    case = file_case(store)
    clock_minutes = [0]
    esc = escalator(live, clock=lambda: at(case, clock_minutes[0]))

    async def run():
        task = asyncio.create_task(esc.run_forever(0.01))
        await asyncio.sleep(0.1)
        assert store.case(case.id).escalation_level == 0
        clock_minutes[0] = 16
        for _ in range(200):
            if store.case(case.id).escalation_level:
                break
            await asyncio.sleep(0.01)
        task.cancel()

    asyncio.run(run())
    assert store.case(case.id).escalation_level == 1


# e-mail


class Mailbox:
    """What an SMTP server on 127.0.0.1 received; can refuse recipients with a given code."""

    def __init__(self):
        self.messages = []
        self.refuse = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret"
        logins.append((auth_data.login, ok))
        return AuthResult(success=ok, handled=False)  # let the server answer 535

    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=authenticate,
        auth_require_tls=False,  # loopback only, in tests
    )
    controller.start()
    mailbox.port = controller.port
    mailbox.logins = logins
    yield mailbox
    controller.stop()


def test_an_email_duty_officer_gets_an_email(channel_settings, make_app, provider, directory, smtp):
    settings = channel_settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_from": "Amparo <alerts@amparo.example>",
            "smtp_starttls": False,
        }
    )
    with make_app(settings) as client:
        assert "email" in client.app.state.service.adapters
        store = client.app.state.service.store
        case = file_case(store, nationality="CO", consulate="co-houston")
        esc = client.app.state.escalator  # co-houston's duty officer is on e-mail in the demo
        [done] = esc.check(at(case, 16))
        assert (done.to, done.channel) == ("duty_officer:co-houston", "email")
        settle(client)
        _wait(lambda: smtp.messages)
        _wait(lambda: outbox_row(client, done.outbox_ids[0]).status == "sent")
        row = outbox_row(client, done.outbox_ids[0])
    [(mail_from, rcpt_tos, message)] = smtp.messages
    assert mail_from == "alerts@amparo.example"
    assert rcpt_tos == ["duty.co-houston@consulates.example"]
    assert case.ref in message["Subject"] and case.ref in message.get_content()
    assert row.provider_message_id == message["Message-ID"]
    assert_nothing_personal(message.as_string())
    assert provider.sent() == []  # nothing went to the chat providers


def run(coro):
    return asyncio.run(coro)


def test_email_adapter_logs_in_and_reports_refusals(smtp):
    def adapter(**kw):
        return EmailAdapter(
            "127.0.0.1", "alerts@amparo.example", port=smtp.port, starttls=False, **kw
        )

    message = Outgoing(channel="email", recipient="crisis.mx@mfa.example", text="AMPARO ALERT x")
    result = run(adapter(username="amparo", password="s3cret").send(message))
    assert result.outcome == "sent" and smtp.logins == [(b"amparo", True)]
    assert run(adapter(username="amparo", password="wrong").send(message)).outcome == "failed"
    smtp.refuse = "550 5.1.1 no such mailbox"
    assert run(adapter().send(message)).outcome == "failed"
    smtp.refuse = "451 4.3.0 try again later"
    assert run(adapter().send(message)).outcome == "retry"
    assert len(smtp.messages) == 1


def test_email_adapter_retries_when_the_server_is_down():
    down = EmailAdapter("127.0.0.1", "alerts@amparo.example", port=_free_port(), starttls=False)
    message = Outgoing(channel="email", recipient="crisis.mx@mfa.example", text="AMPARO ALERT x")
    assert run(down.send(message)).outcome == "retry"


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached")


def test_email_settings_must_be_complete():
    from amparo.settings import Settings

    with pytest.raises(ValueError, match="SMTP_FROM"):
        Settings(smtp_host="smtp.example")
    with pytest.raises(ValueError, match="SMTP_PASSWORD"):
        Settings(smtp_host="smtp.example", smtp_from="a@b.example", smtp_username="amparo")
