"""Each adapter's send against the fake provider: what goes out, and how each failure reads."""

import asyncio
import socket
import ssl
import subprocess
from datetime import timedelta

import pytest

from channels.base import Outgoing, SendResult
from channels.http import client, post
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
        client=client(0.5),
    )


@pytest.fixture
def whatsapp(provider):
    return WhatsAppAdapter(
        app_secret="s",
        verify_token="v",
        access_token="graph-token",
        phone_number_id="106540352242922",
        api_url=provider.url,
        client=client(0.5),
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
    result = run(post(client(1), f"http://127.0.0.1:{port}/x", lambda r: None))
    assert result.outcome == "retry" and "connection failed" in result.error


def test_set_webhook_registers_url_and_secret(provider):
    bot = make_bot(signing.TELEGRAM_TOKEN, provider.url)
    assert run(set_webhook(bot, "https://amparo.example/webhooks/telegram", "s3cret"))
    call = next(c for c in provider.sent("telegram") if c.path.endswith("/setWebhook"))
    assert call.params["url"] == "https://amparo.example/webhooks/telegram"
    assert call.params["secret_token"] == "s3cret"


def test_twilio_timeout_after_sending_is_unknown_never_resent(twilio, provider):
    provider.fail_next(1, 200, body={"sid": "SMlate"}, delay=1.5)
    result = run(twilio.send(Outgoing("sms", "+17135550123", "Hola")))
    assert result.outcome == "unknown" and "ReadTimeout" in result.error


def _http_server(answers: list[tuple[bytes, bool]], tls: ssl.SSLContext | None = None):
    """A keep-alive HTTP/1.1 server on 127.0.0.1 that answers each request with the next of
    `answers` (closing the connection after it when told); a list of connections accepted."""
    connections: list[int] = []

    async def serve(reader, writer):
        connections.append(1)
        while answers:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (int(line.split(b":")[1]) for line in head.split(b"\r\n")
                 if line.lower().startswith(b"content-length:")), 0)  # fmt: skip
            await reader.readexactly(length)
            answer, close = answers.pop(0)
            writer.write(answer)
            await writer.drain()
            if close:
                break
        writer.close()

    async def start():
        server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=tls)
        return server, server.sockets[0].getsockname()[1]

    return start, connections


OK = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
OK += b'{"sid":"SM1"}'


def test_client_keeps_connections_alive_and_notices_one_the_server_closed():
    """Sends reuse the provider's connection; one the server closed while it was idle is
    replaced, not written to (which would read as a failed send)."""
    start, connections = _http_server([(OK, False), (OK, True), (OK, False)])

    async def scenario():
        server, port = await start()
        http = client(2)
        url = f"http://127.0.0.1:{port}/x"
        statuses = [(await http.post(url, data={"n": "1"})).status_code]
        statuses.append((await http.post(url, data={"n": "2"})).status_code)
        await asyncio.sleep(0.1)  # the server closes the connection meanwhile
        statuses.append((await http.post(url, data={"n": "3"})).status_code)
        server.close()
        return statuses

    assert run(scenario()) == [201, 201, 201]
    assert len(connections) == 2


def test_client_over_tls(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    start, _ = _http_server([(OK, False)], tls=server_side)

    async def scenario():
        server, port = await start()
        url = f"https://localhost:{port}/2010-04-01/Accounts/AC1/Messages.json"
        trusted = client(2, verify=ssl.create_default_context(cafile=str(cert)))
        sent = await post(trusted, url, lambda r: SendResult("sent", r.json()["sid"]))
        refused = await post(client(2), url, lambda r: SendResult("sent"))  # not trusted
        server.close()
        return sent, refused

    sent, refused = run(scenario())
    assert (sent.outcome, sent.provider_message_id) == ("sent", "SM1")
    assert refused.outcome == "retry" and "ConnectError" in refused.error
