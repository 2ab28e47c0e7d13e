"""Webhook requests signed exactly as each provider signs them."""

import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

from twilio.request_validator import RequestValidator

if TYPE_CHECKING:
    from amparo.settings import Settings

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


def every_channel(database_url: str, provider_url: str, **extra: Any) -> "Settings":
    """Settings with every channel on, signed with these secrets, sending to `provider_url`."""
    from amparo.settings import Settings

    return Settings(
        database_url=database_url,
        twilio_account_sid=TWILIO_SID,
        twilio_auth_token=TWILIO_TOKEN,
        twilio_sms_from="+15005550006",
        twilio_whatsapp_from="+14155238886",
        twilio_api_url=provider_url,
        whatsapp_verify_token=WHATSAPP_VERIFY,
        whatsapp_app_secret=WHATSAPP_SECRET,
        whatsapp_token="graph-token",
        whatsapp_phone_number_id="106540352242922",
        whatsapp_api_url=provider_url,
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_webhook_secret=TELEGRAM_SECRET,
        telegram_api_url=provider_url,
        **extra,
    )
