"""Webhook requests signed exactly as each provider signs them."""

import hashlib
import hmac
import json
from typing import Any

from twilio.request_validator import RequestValidator

PUBLIC_URL = "https://amparo.example"  # what providers call; the app sits behind a proxy
TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "twilio-auth-token-for-tests"
WHATSAPP_SECRET = "meta-app-secret-for-tests"
WHATSAPP_VERIFY = "verify-me"
TELEGRAM_TOKEN = "123456:TEST-token"
TELEGRAM_SECRET = "telegram-secret-for-tests"


def twilio(path: str, params: dict[str, str], token: str = TWILIO_TOKEN) -> dict[str, Any]:
    """Form body and X-Twilio-Signature over the public URL, as Twilio sends them."""
    signature = RequestValidator(token).compute_signature(PUBLIC_URL + path, params)
    return {"data": params, "headers": {"X-Twilio-Signature": signature}}


def whatsapp(payload: dict[str, Any] | bytes, secret: str = WHATSAPP_SECRET) -> dict[str, Any]:
    """Raw JSON body and X-Hub-Signature-256 over those exact bytes, as Meta sends them."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {
        "content": body,
        "headers": {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"},
    }


def telegram(update: dict[str, Any] | bytes, secret: str = TELEGRAM_SECRET) -> dict[str, Any]:
    """An Update with the secret token Telegram echoes back."""
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    return {
        "content": body,
        "headers": {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"},
    }
