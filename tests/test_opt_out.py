"""Opt-out is absolute: after STOP (or its word in the person's language), on every channel,
nothing at all reaches the provider for that person — bot replies, alerts, case follow-ups,
agent replies — until they write START (or its equivalent), which restores everything."""

import itertools

import pytest
from sqlmodel import select

from data.models import Conversation
from tests import signing
from tests.conftest import settle
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD, add_user, login, service_of
from tests.test_channel_conversations import TWILIO_PATH

STOP = {"es": "BAJA", "en": "STOP", "fr": "ARRÊTE", "pt": "PARE", "ht": "SISPANN"}
START = {"es": "EMPEZAR", "en": "START", "fr": "COMMENCER", "pt": "COMEÇAR", "ht": "KÒMANSE"}
HELLO = {"es": "hola, buenas", "en": "hello there", "fr": "bonjour", "pt": "olá, bom dia",
         "ht": "bonjou"}  # fmt: skip
CHANNELS = ("sms", "twilio_whatsapp", "whatsapp", "telegram")
_ids = itertools.count(1)


def write(live, channel, index, text):
    """A message from person `index` on `channel`, accepted by the webhook and handled."""
    n = next(_ids)
    if channel in ("sms", "twilio_whatsapp"):
        number = f"+1713555{index:04d}"
        template = tw.SMS_TEXT if channel == "sms" else tw.WHATSAPP_TEXT
        sid = f"SM{n:032x}"
        params = {**template, "Body": text, "MessageSid": sid, "SmsSid": sid}
        params["From"] = number if channel == "sms" else f"whatsapp:{number}"
        assert live.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, params)).status_code == 200
    elif channel == "whatsapp":
        wa_id = f"52155501{index:05d}"
        doc = wa.incoming(f"wamid.stop{n}", "text", {"body": text}, sender=wa_id,
                          wa_id=wa_id, user_id=f"MX.{wa_id}")  # fmt: skip
        assert live.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
    else:
        chat = 700000 + index
        who = {**tg.USER, "id": chat}
        update = tg.update(
            30000 + n, text=text, chat={"id": chat, "type": "private"}, **{"from": who}
        )
        assert live.post("/webhooks/telegram", **signing.telegram(update)).status_code == 200
    settle(live)


def alert(live, headers, text):
    texts = {lang: f"{text} ({lang})" for lang in STOP}
    response = live.post("/api/alerts", json={"texts": texts}, headers=headers)
    assert response.status_code == 201, response.text
    settle(live)
    return response.json()


@pytest.mark.parametrize("channel", CHANNELS)
def test_nothing_reaches_someone_who_opted_out(live, provider, channel):
    service = service_of(live)
    add_user(live, "sofia", "supervisor")
    headers = login(live, "sofia")
    people = list(enumerate(STOP, start=1))
    for index, lang in people:
        write(live, channel, index, HELLO[lang])
        write(live, channel, index, STOP[lang])
    assert service.store.cases() == []  # greetings file no case
    with service.store.transaction() as session:
        conversations = session.exec(select(Conversation)).all()
    assert len(conversations) == 5
    assert all(service.store.is_opted_out(c.channel, c.sender) for c in conversations)
    before = len(provider.attempts)

    # Everything that could write to them now: the bot, an alert, follow-ups, an agent.
    sofia = service.accounts.authenticate("sofia", PASSWORD)
    for index, _ in people:
        write(live, channel, index, "ayuda por favor, necesito un abogado")
    assert alert(live, headers, "Hurricane")["recipients"] == 0  # not even queued
    for conv in conversations:
        case = service.store.create_case(kind="assistance", priority=3, conversation_id=conv.id,
                                         channel=conv.channel, language="es")  # fmt: skip
        service.casework.change_status(sofia, case.id, "in_progress", "called", "Le llamamos.")
        service.casework.take_over(sofia, conv.id)
        service.casework.reply(sofia, conv.id, "¿Sigue ahí?")
        service.casework.hand_back(sofia, conv.id)
    settle(live)
    assert provider.attempts[before:] == []  # nothing was even tried

    # START (in their language) restores them, alerts included.
    for index, lang in people:
        write(live, channel, index, START[lang])
    assert len(provider.attempts) > before
    assert alert(live, headers, "Flood")["recipients"] == 5
    flood = [c for c in provider.calls if "Flood (" in c.text]
    assert len(flood) == 5
