"""Each adapter's send against the fake provider: what goes out, and how each failure reads."""

import asyncio
import socket
from datetime import timedelta

import httpx
import pytest

from channels.base import Outgoing
from channels.http import post
from channels.telegram import TelegramAdapter, make_bot, set_webhook
from channels.twilio import TwilioAdapter
from channels.whatsapp import WhatsAppAdapter
from data.models import utcnow
from tests import signing


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def twilio(provider):
    return TwilioAdapter(
        signing.TWILIO_SID,
        signing.TWILIO_TOKEN,
        sms_from="+15005550006",
        whatsapp_from="+14155238886",
        api_url=provider.url,
        status_callback="https://amparo.example/webhooks/twilio/status",
        client=httpx.AsyncClient(timeout=0.5),
    )


@pytest.fixture
def whatsapp(provider):
    return WhatsAppAdapter(
        app_secret="s",
        verify_token="v",
        access_token="graph-token",
        phone_number_id="106540352242922",
        api_url=provider.url,
        client=httpx.AsyncClient(timeout=0.5),
    )


@pytest.fixture
def telegram(provider):
    return TelegramAdapter(make_bot(signing.TELEGRAM_TOKEN, provider.url, timeout=0.5), "secret")


def test_twilio_send_is_an_authenticated_form_post(twilio, provider):
    result = run(twilio.send(Outgoing("sms", "+17135550123", "Hola")))
    assert result.outcome == "sent" and result.provider_message_id.startswith("SM")
    [call] = provider.sent("twilio")
    assert call.path == f"/2010-04-01/Accounts/{signing.TWILIO_SID}/Messages.json"
    assert call.params == {
        "To": "+17135550123", "From": "+15005550006", "Body": "Hola",
        "StatusCallback": "https://amparo.example/webhooks/twilio/status",
    }  # fmt: skip
    assert call.headers["Authorization"].startswith("Basic ")


def test_whatsapp_buttons_and_lists(whatsapp, provider):
    window = utcnow()
    three = Outgoing(
        "whatsapp",
        "5215550100001",
        "¿Estás a salvo?",
        (("Sí", "/affirm"), ("No", "/deny")),
        last_inbound_at=window,
    )
    assert run(whatsapp.send(three)).outcome == "sent"
    many = tuple((f"Opción {i}", f"/p{i}") for i in range(6))
    assert (
        run(
            whatsapp.send(
                Outgoing("whatsapp", "5215550100001", "Elige", many, last_inbound_at=window)
            )
        ).outcome
        == "sent"
    )
    buttons, listing = (c.params for c in provider.sent("whatsapp"))
    assert buttons["interactive"]["type"] == "button"
    assert [b["reply"]["id"] for b in buttons["interactive"]["action"]["buttons"]] == [
        "/affirm",
        "/deny",
    ]
    assert listing["interactive"]["type"] == "list"
    assert len(listing["interactive"]["action"]["sections"][0]["rows"]) == 6
    assert provider.sent("whatsapp")[0].headers["Authorization"] == "Bearer graph-token"


def test_whatsapp_outside_window_sends_only_templates(whatsapp, provider):
    old = utcnow() - timedelta(hours=30)
    held = run(whatsapp.send(Outgoing("whatsapp", "5215550100001", "hola", last_inbound_at=old)))
    assert held.outcome == "held" and provider.sent() == []
    template = Outgoing(
        "whatsapp",
        "5215550100001",
        "",
        template="amparo_check_in",
        language="es",
        last_inbound_at=old,
    )
    assert run(whatsapp.send(template)).outcome == "sent"
    assert provider.sent("whatsapp")[0].params["template"] == {
        "name": "amparo_check_in",
        "language": {"code": "es"},
    }


def test_whatsapp_131047_from_the_api_is_held(whatsapp, provider):
    provider.fail_next(1, 400, body={"error": {"code": 131047, "message": "Re-engagement message"}})
    result = run(
        whatsapp.send(Outgoing("whatsapp", "5215550100001", "hola", last_inbound_at=utcnow()))
    )
    assert result.outcome == "held" and "24 hours" in result.error


def test_telegram_send_with_inline_keyboard(telegram, provider):
    result = run(
        telegram.send(Outgoing("telegram", "1111111", "Chwazi", (("Danje", "/distress"),)))
    )
    assert result.outcome == "sent"
    [call] = provider.sent("telegram")
    assert call.path == f"/bot{signing.TELEGRAM_TOKEN}/sendMessage"
    assert (
        call.params["chat_id"] == "1111111"
        and '"callback_data": "/distress"' in call.params["reply_markup"]
    )


@pytest.mark.parametrize(
    ("status", "body", "delay", "outcome", "opted_out"),
    [
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            },
            0,
            "retry",
            False,
        ),
        (
            403,
            {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            },
            0,
            "failed",
            True,
        ),
        (
            400,
            {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
            0,
            "failed",
            False,
        ),
        (200, {"ok": True, "result": {}}, 1.5, "unknown", False),
    ],
    ids=["flood-control", "blocked", "bad-request", "timeout"],
)
def test_telegram_failures(telegram, provider, status, body, delay, outcome, opted_out):
    provider.fail_next(1, status, body=body, delay=delay)
    result = run(telegram.send(Outgoing("telegram", "1111111", "hola")))
    assert (result.outcome, result.opted_out) == (outcome, opted_out)
    if outcome == "retry":
        assert result.retry_after == 3


def test_connection_refused_is_retried_not_unknown():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    result = run(post(httpx.AsyncClient(timeout=1), f"http://127.0.0.1:{port}/x", lambda r: None))
    assert result.outcome == "retry" and "connection failed" in result.error


def test_set_webhook_registers_url_and_secret(provider):
    bot = make_bot(signing.TELEGRAM_TOKEN, provider.url)
    assert run(set_webhook(bot, "https://amparo.example/webhooks/telegram", "s3cret"))
    call = next(c for c in provider.sent("telegram") if c.path.endswith("/setWebhook"))
    assert call.params["url"] == "https://amparo.example/webhooks/telegram"
    assert call.params["secret_token"] == "s3cret"
