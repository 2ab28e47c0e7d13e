"""Crisis alerts: who gets them (filters, languages, opt-outs), how (WhatsApp templates outside
the 24-hour window, channel rates, replies first), the safety check's answers, live stats."""

import time
from datetime import timedelta

import pytest
from sqlmodel import select

from amparo.casework.errors import Forbidden, Invalid
from amparo.runtime.limits import SendPace
from channels.messages import Reply
from data.models import AlertDelivery, Case, Message, OutboxMessage, Person, SafeCheckin, utcnow
from tests import signing
from tests.conftest import settle
from tests.payloads import twilio as tw
from tests.people import add_user, login, service_of
from tests.test_channel_conversations import TWILIO_PATH, sms, telegram, whatsapp

SUPERVISOR = "sofia"


def person(store, channel, sender, nationality, place, language, registrant=True, days=0):
    """A past contact (a conversation) and, if a registrant, their registration."""
    conv = store.conversation(channel, sender)
    conv.language = language
    conv.last_inbound_at = utcnow() - timedelta(days=days)
    conv.slots = {"nationality": nationality, "place": place}
    with store.transaction() as session:  # test data, written as a fixture
        session.add(conv)
    if registrant:
        with store.transaction() as session:
            session.add(
                Person(kind="registrant", full_name="", name_key="", conversation_id=conv.id,
                       nationality=nationality, place=place, language=language)
            )  # fmt: skip
    return conv


def user(service, username, role, consulate=None):
    return service.accounts.create_user(username, username.title(), "x" * 12, role, consulate)


def outbox(store):
    with store.transaction() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_filters_languages_and_opt_outs(service):
    store = service.store
    a = person(store, "sms", "+17135550001", "GT", "houston", "es")
    b = person(store, "telegram", "5001", "GT", "houston", "en", registrant=False)  # past contact
    person(store, "sms", "+17135550003", "HN", "houston", "es")  # another nationality
    person(store, "sms", "+13055550004", "GT", "miami", "es")  # another place
    person(store, "sms", "+17135550005", "GT", "houston", "es")
    store.opt_out("sms", "+17135550005")  # opted out: never even queued
    d = person(store, "whatsapp", "MX.77", "GT", "houston", "ht")  # no Creole text: default
    boss = user(service, SUPERVISOR, "supervisor")
    alert = service.alerts.create(
        boss, "warning", {"es": "Huracán: busque refugio.", "en": "Hurricane: find shelter."},
        nationality="GT", place="Houston",
    )  # fmt: skip
    assert alert.recipients == 3 and alert.place == "houston"
    rows = {r.conversation_id: r for r in outbox(store)}
    assert set(rows) == {a.id, b.id, d.id}
    assert rows[a.id].payload["text"].startswith("Huracan")  # GSM-7 on SMS
    assert rows[b.id].payload["text"] == "Hurricane: find shelter."
    assert rows[d.id].payload["language"] == "es"
    assert all(r.payload["priority"] == "bulk" for r in rows.values())
    assert [m.text for m in store.transcript(a.id)] == ["Huracán: busque refugio."]
    # language filter
    again = service.alerts.create(boss, "warning", {"en": "x"}, language="en")
    assert again.recipients == 1


def test_consuls_alert_their_nationality_only(service):
    store = service.store
    person(store, "sms", "+17135550001", "GT", "houston", "es")
    person(store, "sms", "+17135550002", "MX", "houston", "es")
    consul = user(service, "gabriel", "consul", "gt-houston")
    alert = service.alerts.create(consul, "warning", {"es": "aviso"})
    assert alert.nationality == "GT" and alert.recipients == 1
    with pytest.raises(Forbidden):
        service.alerts.create(consul, "warning", {"es": "aviso"}, nationality="MX")
    with pytest.raises(Forbidden):
        service.alerts.create(user(service, "ana", "agent"), "warning", {"es": "aviso"})
    with pytest.raises(Invalid):
        service.alerts.create(consul, "warning", {"xx": "aviso"})
    other = user(service, "marta", "consul", "mx-houston")
    assert service.alerts.list(other) == []
    assert [a.id for a in service.alerts.list(consul)] == [alert.id]


def test_whatsapp_template_outside_the_window(live, provider):
    whatsapp(live, "text", {"body": "hola"})  # inside the window
    store = service_of(live).store
    person(store, "whatsapp", "5215550109999", "MX", "houston", "es", days=3)
    add_user(live, SUPERVISOR, "supervisor")
    response = live.post(
        "/api/alerts",
        json={"texts": {"es": "Inundación en Houston"}, "template": "crisis_alert"},
        headers=login(live, SUPERVISOR),
    )
    assert response.status_code == 201, response.text
    settle(live)
    calls = [c.params for c in provider.sent("whatsapp")]
    templates = [p for p in calls if p.get("type") == "template"]
    assert [p["to"] for p in templates] == ["5215550109999"]
    assert templates[0]["template"] == {"name": "crisis_alert", "language": {"code": "es"}}
    assert any(p.get("text", {}).get("body") == "Inundación en Houston" for p in calls)
    stats = live.get(f"/api/alerts/{response.json()['id']}", headers=login(live, SUPERVISOR))
    assert stats.json()["stats"]["sent"] == 2 and stats.json()["status"] == "done"


def test_send_pace_and_replies_before_bulk(store):
    from amparo.runtime.outbox import Outbox

    box = Outbox(store)
    for i in range(10):
        box.enqueue("sms", f"+1713555{i:04d}", None, [Reply("alert", language="es")], bulk=True)
    box.enqueue("sms", "+17135559999", None, [Reply("a reply", language="es")])
    claimed = box.due(budget={"sms": 2})
    assert [r.payload["text"] for r in claimed] == ["a reply", "alert", "alert"]
    assert len(box.due(budget={"sms": 0})) == 0  # no tokens: bulk waits
    assert len(box.due(budget={"telegram": 5})) == 8  # an unlimited channel is not paced

    now = [0.0]
    pace = SendPace({"sms": 2.0}, clock=lambda: now[0])
    assert pace.budget() == {"sms": 1}
    pace.spend("sms")
    assert pace.budget() == {"sms": 0} and pace.wait() == pytest.approx(0.5)
    now[0] = 10.0
    assert pace.budget() == {"sms": 2}  # a second's worth at most


def test_alert_drains_at_the_channel_rate(channel_settings, make_app, provider):
    settings = channel_settings.model_copy(update={"send_rate_sms_per_second": 4.0})
    with make_app(settings) as live:
        store = service_of(live).store
        for i in range(12):
            person(store, "sms", f"+1713555{i:04d}", "GT", "houston", "es")
        add_user(live, SUPERVISOR, "supervisor")
        started = time.monotonic()
        live.post("/api/alerts", json={"texts": {"es": "aviso"}}, headers=login(live, SUPERVISOR))
        params = {**tw.SMS_TEXT, "Body": "hola", "From": "+17135550999", "MessageSid": "SMx1"}
        assert live.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, params)).status_code == 200
        while not any(c.params["To"] == "+17135550999" for c in provider.sent("twilio")):
            assert time.monotonic() - started < 15, "the live reply was never sent"
            time.sleep(0.02)
        # The live reply went out while the alert was still draining, not behind it.
        assert len([c for c in provider.sent("twilio") if c.params["Body"] == "aviso"]) < 12
        settle(live, timeout=15)
        elapsed = time.monotonic() - started
        assert len([c for c in provider.sent("twilio") if c.params["Body"] == "aviso"]) == 12
        assert elapsed >= (12 - 4) / 4 - 0.5  # 4 a second after a one-second burst


def test_safety_check_answers_become_checkins_and_cases(live, provider):
    sms(live, "hola", sender="+17135550001")
    sms(live, "hello", sender="+17135550002")
    telegram(live, "bonjou")
    add_user(live, SUPERVISOR, "supervisor")
    headers = login(live, SUPERVISOR)
    created = live.post(
        "/api/alerts",
        json={"kind": "safety_check", "texts": {"es": "Sismo fuerte.", "en": "Strong quake.",
                                                "ht": "Gwo tranblemanntè."}},
        headers=headers,
    )  # fmt: skip
    settle(live)
    alert_id = created.json()["id"]
    bodies = [c.text for c in provider.calls]
    assert any("Sismo fuerte." in b and "Responde 1" in b for b in bodies)
    sms(live, "1", sender="+17135550001")
    sms(live, "2", sender="+17135550002")
    telegram(live, "mwen an sekirite")
    store = service_of(live).store
    with store.transaction() as session:
        checkins = session.exec(select(SafeCheckin)).all()
        [case] = session.exec(select(Case)).all()
        answers = sorted(a for a in session.exec(select(AlertDelivery.answer)).all())
    assert len(checkins) == 2 and answers == ["need_help", "safe", "safe"]
    assert case.kind == "distress" and case.details["alert_id"] == alert_id
    assert case.ref in provider.sent("twilio")[-2].params["Body"]
    assert "What is happening?" in provider.sent("twilio")[-1].params["Body"]
    sms(live, "the roof fell in, we are 3", sender="+17135550002")  # the distress form goes on
    assert store.case(case.id).details.get("situation") == "the roof fell in, we are 3"
    # the replies are in the conversations, after the alert
    conv = store.conversation("sms", "+17135550001")
    texts = [(m.direction, m.text) for m in store.transcript(conv.id)]
    assert ("in", "1") in texts and any("Sismo" in t for d, t in texts if d == "out")
    stats = live.get(f"/api/alerts/{alert_id}", headers=headers).json()["stats"]
    assert stats["sent"] == 3 and stats["safe"] == 2 and stats["need_help"] == 1
    assert stats["replied"] == 3 and stats["answered"] == 3


def test_an_unrelated_message_is_not_an_answer(live, provider):
    sms(live, "hola", sender="+17135550001")
    add_user(live, SUPERVISOR, "supervisor")
    live.post(
        "/api/alerts",
        json={"kind": "safety_check", "texts": {"es": "Sismo."}},
        headers=login(live, SUPERVISOR),
    )
    settle(live)
    sms(live, "donde queda el consulado de mexico en houston", sender="+17135550001")
    store = service_of(live).store
    assert store.checkins() == [] and store.cases() == []
    assert store.conversation("sms", "+17135550001").pending is None


def test_live_progress_events(live, provider):
    sms(live, "hola", sender="+17135550001")
    add_user(live, SUPERVISOR, "supervisor")
    bus = service_of(live).events
    seen = []
    bus.deliver = seen.append  # type: ignore[method-assign]
    live.post("/api/alerts", json={"texts": {"es": "aviso"}}, headers=login(live, SUPERVISOR))
    settle(live)
    assert sum('"type": "alert"' in e for e in seen) >= 2  # created, then sent
    with service_of(live).store.transaction() as session:
        assert session.exec(select(Message).where(Message.text == "aviso")).first()
