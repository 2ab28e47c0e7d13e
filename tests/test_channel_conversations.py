"""Whole conversations through each channel, with requests signed as the providers sign them,
ending with the case in the store and every reply recorded by the fake provider."""

import itertools

from tests import signing
from tests.conftest import settle
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import whatsapp as wa

_ids = itertools.count(1)
TWILIO_PATH = "/webhooks/twilio/messaging"


def sms(live, text, sender="+17135550123", template=tw.SMS_TEXT):
    sid = f"SM{next(_ids):032x}"
    params = {**template, "Body": text, "MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid}
    params["From"] = f"whatsapp:{sender}" if template is tw.WHATSAPP_TEXT else sender
    assert live.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, params)).status_code == 200
    settle(live)


def whatsapp(live, kind, body):
    doc = wa.incoming(f"wamid.conv{next(_ids)}", kind, body)
    assert live.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
    settle(live)


def telegram(live, text):
    assert (
        live.post(
            "/webhooks/telegram", **signing.telegram(tg.update(20000 + next(_ids), text=text))
        ).status_code
        == 200
    )
    settle(live)


def cases(live):
    return live.app.state.service.store.cases()


def test_distress_report_by_sms(live, provider):
    for text in [
        "ayuda nos quieren sacar a golpes del cuarto donde vivimos",
        "Houston, en la calle Airline",
        "somos 4",
        "mi hijo de 6 años",
        "hondureños",
        "este",
    ]:
        sms(live, text)
    [case] = cases(live)
    assert (case.kind, case.channel, case.nationality, case.place) == (
        "distress",
        "sms",
        "HN",
        "houston",
    )
    assert case.contact == "+17135550123" and case.priority == 1
    bodies = [c.params["Body"] for c in provider.sent("twilio")]
    assert all(
        c.params["To"] == "+17135550123" and c.params["From"] == "+15005550006"
        for c in provider.sent("twilio")
    )
    assert any("911" in b for b in bodies)
    assert case.ref in bodies[-2] or case.ref in bodies[-1]


def test_missing_person_query_by_whatsapp_cloud_with_buttons(live, provider):
    whatsapp(live, "text", {"body": "hola"})
    menu = provider.sent("whatsapp")[-1].params
    assert menu["type"] == "interactive" and menu["interactive"]["type"] == "list"  # six choices
    assert [r["id"] for r in menu["interactive"]["action"]["sections"][0]["rows"]][
        1
    ] == "/missing_person"
    whatsapp(
        live,
        "interactive",
        {"type": "list_reply", "list_reply": {"id": "/missing_person", "title": "Buscar"}},
    )
    for text in [
        "Se llama Kevin Alvarado",
        "17 años",
        "guatemalteco",
        "Tapachula",
        "el lunes",
        "soy su primo",
        "este",
    ]:
        whatsapp(live, "text", {"body": text})
    [case] = cases(live)
    assert case.kind == "missing_person" and case.channel == "whatsapp"
    assert case.details["missing_name"] == "Kevin Alvarado" and case.nationality == "GT"
    assert case.contact == "+" + wa.WA_ID  # "this number": the phone Meta gave with the user id
    assert all(c.params["to"] == wa.USER_ID for c in provider.sent("whatsapp"))


def test_assistance_request_by_telegram_with_inline_keyboard(live, provider):
    telegram(live, "bonjou")
    keyboard = provider.sent("telegram")[-1].params["reply_markup"]
    assert "/distress" in keyboard and "inline_keyboard" in keyboard
    for text in [
        "mwen pèdi paspò mwen nan inondasyon an",
        "ayisyen",
        "Santiago",
        "+56 9 5555 0123",
    ]:
        telegram(live, text)
    [case] = cases(live)
    assert (case.kind, case.channel, case.nationality, case.place) == (
        "assistance",
        "telegram",
        "HT",
        "santiago",
    )
    assert case.details["need"] == "documents" and case.contact == "+56955550123"
    assert case.language == "ht"
    assert all(c.params["chat_id"] == str(tg.CHAT) for c in provider.sent("telegram"))


def test_whatsapp_through_twilio(live, provider):
    sms(live, "perdi mi pasaporte", sender="+5219625550134", template=tw.WHATSAPP_TEXT)
    [case] = cases(live)
    assert case.channel == "twilio_whatsapp"
    sent = provider.sent("twilio")
    assert sent and all(c.params["To"] == "whatsapp:+5219625550134" for c in sent)
    assert all(c.params["From"] == "whatsapp:+14155238886" for c in sent)


def test_location_pin_and_photo_reach_the_case(live):
    whatsapp(live, "text", {"body": "auxilio hay balazos afuera, estamos escondidos"})
    whatsapp(live, "location", {"latitude": 29.7604, "longitude": -95.3698, "name": "Casa"})
    whatsapp(live, "image", {"mime_type": "image/jpeg", "sha256": "x", "id": "77"})
    [case] = cases(live)
    assert case.details["place"] == "Casa (29.76040,-95.36980)"  # the label and the point
    assert case.place == "houston"  # the metro the pin falls in routes the case
    assert {"url": "whatsapp-media:77", "content_type": "image/jpeg"} in case.details["attachments"]


def test_sms_replies_are_numbered_and_short(live, provider):
    sms(live, "hola")
    bodies = [c.params["Body"] for c in provider.sent("twilio")]
    assert any("\n1 " in b and "\n6 " in b for b in bodies)
    from channels.sms import segments

    assert all(segments(b) <= 3 for b in bodies)


def test_a_pressed_telegram_button_is_answered_in_the_webhook_response(live):
    from tests.payloads import telegram as tg_payloads

    response = live.post("/webhooks/telegram", **signing.telegram(tg_payloads.CALLBACK))
    assert response.status_code == 200
    assert response.json() == {
        "method": "answerCallbackQuery",
        "callback_query_id": tg_payloads.CALLBACK["callback_query"]["id"],
    }
    settle(live)
    [case] = cases(live)  # the button's payload went to the core all the same
    assert case.kind == "distress"
