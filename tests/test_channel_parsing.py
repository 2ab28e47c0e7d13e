"""Each adapter's table of real payloads → the channel-neutral message it must produce."""

import json

import pytest

from channels.base import PayloadError, WebhookRequest
from channels.messages import Location, Media
from channels.telegram import TelegramAdapter, make_bot
from channels.twilio import TwilioAdapter
from channels.whatsapp import WhatsAppAdapter
from tests import signing
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import whatsapp as wa

TWILIO = TwilioAdapter(
    signing.TWILIO_SID, signing.TWILIO_TOKEN, sms_from="+15005550006", whatsapp_from="+14155238886"
)
WHATSAPP = WhatsAppAdapter(
    app_secret="s", verify_token="v", access_token="t", phone_number_id=wa.PHONE_ID
)
TELEGRAM = TelegramAdapter(make_bot(signing.TELEGRAM_TOKEN, "http://127.0.0.1:9"), "secret")


def form(params):
    return WebhookRequest("POST", "https://x/webhooks/twilio/messaging", {}, b"", form=params)


def body(doc):
    return WebhookRequest(
        "POST", "https://x/hook", {}, doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    )


PARSE_TABLE = [
    # adapter, request, expected fields of the single message
    (
        "twilio-sms",
        TWILIO,
        form(tw.SMS_TEXT),
        {
            "channel": "sms",
            "sender": "+17135550123",
            "text": tw.SMS_TEXT["Body"],
            "provider_message_id": tw.SMS_TEXT["MessageSid"],
            "sender_phone": "+17135550123",
        },
    ),
    (
        "twilio-mms",
        TWILIO,
        form(tw.SMS_MMS_PHOTO),
        {"media": (Media(tw.SMS_MMS_PHOTO["MediaUrl0"], "image/jpeg"),), "text": ""},
    ),
    (
        "twilio-whatsapp",
        TWILIO,
        form(tw.WHATSAPP_TEXT),
        {"channel": "twilio_whatsapp", "sender": "+5219625550134", "sender_name": "Marisol"},
    ),
    (
        "twilio-whatsapp-location",
        TWILIO,
        form(tw.WHATSAPP_LOCATION),
        {"location": Location(14.9056, -92.2633, "Parque Central")},
    ),
    (
        "twilio-whatsapp-voice",
        TWILIO,
        form(tw.WHATSAPP_VOICE_NOTE),
        {"media": (Media(tw.WHATSAPP_VOICE_NOTE["MediaUrl0"], "audio/ogg"),)},
    ),
    (
        "whatsapp-text",
        WHATSAPP,
        body(wa.TEXT),
        {
            "channel": "whatsapp",
            "sender": wa.USER_ID,
            "sender_phone": "+" + wa.WA_ID,
            "sender_name": "Rosa",
            "text": "busco a mi hermano, no se nada de el",
        },
    ),
    ("whatsapp-button", WHATSAPP, body(wa.BUTTON_REPLY), {"text": "/missing_person"}),
    ("whatsapp-list", WHATSAPP, body(wa.LIST_REPLY), {"text": "/human"}),
    (
        "whatsapp-location",
        WHATSAPP,
        body(wa.LOCATION),
        {"location": Location(29.7604, -95.3698, "Shelter")},
    ),
    (
        "whatsapp-image",
        WHATSAPP,
        body(wa.IMAGE),
        {
            "media": (Media("whatsapp-media:1266040004424012", "image/jpeg"),),
            "text": "asi quedo la casa",
        },
    ),
    (
        "whatsapp-audio",
        WHATSAPP,
        body(wa.AUDIO),
        {"media": (Media("whatsapp-media:1234567890", "audio/ogg; codecs=opus"),)},
    ),
    (
        "whatsapp-document",
        WHATSAPP,
        body(wa.DOCUMENT),
        {"media": (Media("whatsapp-media:555", "application/pdf"),)},
    ),
    (
        "whatsapp-username-only",
        WHATSAPP,
        body(wa.USERNAME_ONLY),
        {"sender": wa.USER_ID, "sender_phone": None},
    ),
    (
        "telegram-text",
        TELEGRAM,
        body(tg.TEXT),
        {
            "channel": "telegram",
            "sender": str(tg.CHAT),
            "text": "m bezwen èd tanpri, nou bloke nan dlo a",
            "language_hint": "fr",
            "provider_message_id": "10001",
            "sender_phone": None,
        },
    ),
    ("telegram-location", TELEGRAM, body(tg.LOCATION), {"location": Location(-33.4489, -70.6693)}),
    (
        "telegram-photo",
        TELEGRAM,
        body(tg.PHOTO),
        {"media": (Media("telegram-file:AgAC-large", "image/jpeg"),), "text": "lakay mwen"},
    ),
    (
        "telegram-voice",
        TELEGRAM,
        body(tg.VOICE),
        {"media": (Media("telegram-file:AwAC-voice", "audio/ogg"),)},
    ),
    ("telegram-button", TELEGRAM, body(tg.CALLBACK), {"text": "/distress", "sender": str(tg.CHAT)}),
]


@pytest.mark.parametrize(
    ("name", "adapter", "request_", "expected"), PARSE_TABLE, ids=[r[0] for r in PARSE_TABLE]
)
def test_parse(name, adapter, request_, expected):
    [message] = adapter.parse(request_)
    for field, value in expected.items():
        assert getattr(message, field) == value, field


@pytest.mark.parametrize(
    ("adapter", "request_"),
    [
        (WHATSAPP, body(wa.REACTION)),
        (TELEGRAM, body(tg.MEMBER_UPDATE)),
        (WHATSAPP, body(wa.STATUS_READ)),
    ],
    ids=["whatsapp-reaction", "telegram-member-update", "whatsapp-status-only"],
)
def test_nothing_a_person_asked(adapter, request_):
    assert adapter.parse(request_) == []


MALFORMED = [
    ("twilio-no-sid", TWILIO, form({"From": "+17135550123", "Body": "hola"}), "MessageSid"),
    ("twilio-bad-media-count", TWILIO, form({**tw.SMS_TEXT, "NumMedia": "many"}), "NumMedia"),
    (
        "twilio-bad-latitude",
        TWILIO,
        form({**tw.WHATSAPP_LOCATION, "Latitude": "north"}),
        "Latitude",
    ),
    ("whatsapp-not-json", WHATSAPP, body(b"{nope"), "not JSON"),
    (
        "whatsapp-wrong-object",
        WHATSAPP,
        body({"object": "page", "entry": []}),
        "whatsapp_business_account",
    ),
    (
        "whatsapp-message-without-id",
        WHATSAPP,
        body(wa.notification({"messages": [{"from": wa.WA_ID, "type": "text"}]})),
        "id",
    ),
    (
        "whatsapp-bad-location",
        WHATSAPP,
        body(wa.incoming("wamid.l", "location", {"latitude": "x"})),
        "latitude",
    ),
    ("telegram-not-json", TELEGRAM, body(b"\xff\xfe"), "Telegram Update"),
    ("telegram-no-update-id", TELEGRAM, body({"message": {"text": "hi"}}), "Telegram Update"),
]


@pytest.mark.parametrize(
    ("name", "adapter", "request_", "why"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_malformed_payload_is_a_clear_error(name, adapter, request_, why):
    with pytest.raises(PayloadError, match=why):
        adapter.parse(request_)


STATUS_TABLE = [
    (TWILIO, form(tw.STATUS_DELIVERED), ("SMdeadbeef", "delivered", None)),
    (TWILIO, form(tw.STATUS_UNDELIVERED_OPTED_OUT), ("SMdeadbeef", "undelivered", "21610")),
    (WHATSAPP, body(wa.STATUS_READ), ("wamid.sent1", "read", None)),
    (WHATSAPP, body(wa.STATUS_FAILED), ("wamid.sent2", "failed", "131047")),
]


@pytest.mark.parametrize(("adapter", "request_", "expected"), STATUS_TABLE)
def test_statuses(adapter, request_, expected):
    [status] = adapter.statuses(request_)
    assert (status.provider_message_id, status.status, status.error_code) == expected
