"""One harness for every channel's webhook: what any adapter must pass, run over all of them —
bad or missing signature, malformed body, a provider's retry, secrets kept out of the logs."""

import json
import time
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import select

from data.models import InboxMessage
from tests import signing
from tests.conftest import settle
from tests.payloads import telegram as tg
from tests.payloads import twilio as tw
from tests.payloads import whatsapp as wa


@dataclass
class Spec:
    name: str
    path: str
    provider: str
    good: dict[str, Any]
    forged: dict[str, Any]
    unsigned: dict[str, Any]
    malformed: dict[str, Any]
    success: int = 200


TWILIO_PATH = "/webhooks/twilio/messaging"
SPECS = [
    Spec(
        "twilio-sms",
        TWILIO_PATH,
        "twilio",
        good=signing.twilio(TWILIO_PATH, tw.SMS_TEXT),
        forged=signing.twilio(TWILIO_PATH, tw.SMS_TEXT, token="not-the-token"),
        unsigned={"data": tw.SMS_TEXT},
        malformed=signing.twilio(TWILIO_PATH, {"Body": "hola", "From": "+17135550123"}),
    ),
    Spec(
        "twilio-whatsapp",
        TWILIO_PATH,
        "twilio",
        good=signing.twilio(TWILIO_PATH, tw.WHATSAPP_TEXT),
        forged={
            "data": tw.WHATSAPP_TEXT,
            "headers": {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        },
        unsigned={"data": tw.WHATSAPP_TEXT},
        malformed=signing.twilio(TWILIO_PATH, {**tw.WHATSAPP_TEXT, "NumMedia": "x"}),
    ),
    Spec(
        "whatsapp",
        "/webhooks/whatsapp",
        "whatsapp",
        good=signing.whatsapp(wa.TEXT),
        forged=signing.whatsapp(wa.TEXT, secret="wrong"),
        unsigned={
            "content": json.dumps(wa.TEXT).encode(),
            "headers": {"Content-Type": "application/json"},
        },
        malformed=signing.whatsapp(
            b'{"object": "whatsapp_business_account", "entry": [{"changes": 5}]}'
        ),
    ),
    Spec(
        "telegram",
        "/webhooks/telegram",
        "telegram",
        good=signing.telegram(tg.TEXT),
        forged=signing.telegram(tg.TEXT, secret="guess"),
        unsigned={
            "content": json.dumps(tg.TEXT).encode(),
            "headers": {"Content-Type": "application/json"},
        },
        malformed=signing.telegram(b"[1, 2, 3]"),
    ),
]
IDS = [s.name for s in SPECS]


def inbox_rows(live):
    with live.app.state.service.store.transaction() as session:
        return session.exec(select(InboxMessage)).all()


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_signed_message_is_stored_answered_and_replied(live, provider, spec):
    response = live.post(spec.path, **spec.good)
    assert response.status_code == spec.success, response.text
    assert len(inbox_rows(live)) == 1
    calls = provider.wait_for(1, spec.provider)
    assert calls[0].text


@pytest.mark.parametrize("kind", ["forged", "unsigned"])
@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_bad_or_missing_signature_is_403_and_changes_nothing(live, provider, spec, kind):
    response = live.post(spec.path, **getattr(spec, kind))
    assert response.status_code == 403
    assert "does not match" in response.json()["detail"]
    time.sleep(0.2)
    assert inbox_rows(live) == [] and provider.sent() == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_malformed_body_is_400_with_a_message(live, provider, spec):
    response = live.post(spec.path, **spec.malformed)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert inbox_rows(live) == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_a_provider_retry_is_handled_once(live, provider, spec):
    assert live.post(spec.path, **spec.good).status_code == spec.success
    settle(live)
    replies = len(provider.sent(spec.provider))
    assert replies >= 1
    assert live.post(spec.path, **spec.good).status_code == spec.success  # the retry
    settle(live)
    assert len(inbox_rows(live)) == 1
    assert len(provider.sent(spec.provider)) == replies


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_secrets_and_message_text_stay_out_of_the_logs(live, provider, spec, caplog):
    caplog.set_level("DEBUG")
    live.post(spec.path, **spec.good)
    live.post(spec.path, **spec.forged)
    provider.wait_for(1, spec.provider)
    time.sleep(0.2)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (
        signing.TWILIO_TOKEN,
        signing.WHATSAPP_SECRET,
        signing.TELEGRAM_TOKEN,
        signing.TELEGRAM_SECRET,
        "graph-token",
    ):
        assert secret not in logged
    loud = "\n".join(r.getMessage() for r in caplog.records if r.levelno > 10)
    for private in (
        "ayuda x favor",
        "abogado",
        "hermano",
        "bloke nan dlo",
        "+17135550123",
        "5219625550134",
    ):
        assert private not in loud


def test_every_provider_call_went_to_the_loopback_fake(live, provider):
    for spec in SPECS:
        live.post(spec.path, **spec.good)
    for name in ("twilio", "whatsapp", "telegram"):
        provider.wait_for(1, name)
    assert {c.provider for c in provider.attempts} == {"twilio", "whatsapp", "telegram"}


def test_unconfigured_channel_is_404(client):
    response = client.post("/webhooks/telegram", **signing.telegram(tg.TEXT))
    assert response.status_code == 404 and "not configured" in response.json()["detail"]


def test_whatsapp_subscription_handshake(live):
    ok = live.get(
        "/webhooks/whatsapp",
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": signing.WHATSAPP_VERIFY,
            "hub.challenge": "1158201444",
        },
    )
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = live.get(
        "/webhooks/whatsapp",
        params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"},
    )
    assert bad.status_code == 403


def test_twilio_answers_with_valid_empty_twiml(live):
    response = live.post(TWILIO_PATH, **signing.twilio(TWILIO_PATH, tw.SMS_TEXT))
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text.endswith("<Response />")


def test_oversized_body_is_413(live):
    response = live.post("/webhooks/telegram", **signing.telegram(b"x" * 1_000_001))
    assert response.status_code == 413
