"""WhatsApp Business Cloud API (Meta, direct).

Inbound: JSON webhooks signed with X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the
app secret); a GET handshake with the verify token. Users are keyed on Meta's per-business user
id (`contacts[].user_id`) where given, since the phone number may be omitted. Outbound: the
Graph API messages endpoint; free-form text only inside the 24-hour customer-service window.
"""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from channels.base import (
    ChannelAdapter,
    Outgoing,
    PayloadError,
    SendResult,
    SignatureError,
    WebhookRequest,
    json_body,
    same_secret,
)
from channels.http import client as http_client
from channels.http import json_or_empty, post
from channels.messages import DeliveryStatus, InboundMessage, Location, Media
from channels.sms import numbered

CHANNEL = "whatsapp"
SERVICE_WINDOW = timedelta(hours=24)
_OUTSIDE_WINDOW = {131047}  # "Re-engagement message": more than 24 hours since the user wrote
_RATE_LIMITED = {4, 80007, 130429, 131048, 131056}
_MEDIA_TYPES = ("image", "audio", "voice", "video", "document", "sticker")
HELD_OUTSIDE_WINDOW = (
    "held: more than 24 hours since the person wrote; only an approved template may go"
)


class WhatsAppAdapter:
    """Meta's WhatsApp Cloud API."""

    name = CHANNEL
    channels = (CHANNEL,)

    def __init__(
        self,
        *,
        app_secret: str,
        verify_token: str,
        access_token: str,
        phone_number_id: str,
        api_url: str = "https://graph.facebook.com",
        api_version: str = "v21.0",
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.app_secret = app_secret.encode()
        self.verify_token = verify_token
        self.headers = {"Authorization": f"Bearer {access_token}"}
        self.messages_url = httpx.URL(
            f"{api_url.rstrip('/')}/{api_version}/{phone_number_id}/messages"
        )
        self.client = client or http_client(10)

    def verify(self, request: WebhookRequest) -> None:
        if request.method == "GET":  # the subscription handshake
            mode, token = request.query.get("hub.mode"), request.query.get("hub.verify_token", "")
            if mode != "subscribe" or not same_secret(token, self.verify_token):
                raise SignatureError("hub.verify_token does not match")
            return
        header = request.header("X-Hub-Signature-256") or ""
        expected = "sha256=" + hmac.new(self.app_secret, request.body, hashlib.sha256).hexdigest()
        if not same_secret(header, expected):
            raise SignatureError("X-Hub-Signature-256 does not match")

    def parse(self, request: WebhookRequest) -> list[InboundMessage]:
        out = []
        for value in _values(request):
            contacts, messages = value.get("contacts") or [], value.get("messages") or []
            if not isinstance(contacts, list) or not isinstance(messages, list):
                raise PayloadError("contacts and messages must be lists")
            for message in messages:
                try:
                    parsed = _message(message, contacts)
                except PayloadError:
                    raise
                except (AttributeError, TypeError, ValueError) as exc:  # a field of a wrong type
                    raise PayloadError("a WhatsApp message has a malformed field") from exc
                if parsed:
                    out.append(parsed)
        return out

    def statuses(self, request: WebhookRequest) -> list[DeliveryStatus]:
        out = []
        for value in _values(request):
            statuses = value.get("statuses") or []
            if not isinstance(statuses, list):
                raise PayloadError("statuses must be a list")
            out += [_status(status) for status in statuses]
        return out

    async def send(self, message: Outgoing) -> SendResult:
        if message.template:
            body: dict[str, Any] = {
                "type": "template",
                "template": {"name": message.template, "language": {"code": message.language}},
            }
        elif not _in_window(message.last_inbound_at):
            return SendResult("held", error=HELD_OUTSIDE_WINDOW)
        else:
            body = _render(message.text, list(message.buttons))
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual"}
        payload |= {"to": message.recipient, **body}
        return await post(
            self.client, self.messages_url, _interpret, json=payload, headers=self.headers
        )


def _values(request: WebhookRequest) -> list[dict[str, Any]]:
    doc = json_body(request.body)
    if not isinstance(doc, dict) or doc.get("object") != "whatsapp_business_account":
        raise PayloadError("not a whatsapp_business_account notification")
    try:
        return [
            change["value"]
            for entry in doc.get("entry") or []
            for change in entry.get("changes") or []
            if change.get("field") == "messages" and isinstance(change.get("value"), dict)
        ]
    except (AttributeError, TypeError, KeyError) as exc:
        raise PayloadError("entry/changes are malformed") from exc


def _status(status: Any) -> DeliveryStatus:
    if not isinstance(status, dict) or not status.get("id") or not status.get("status"):
        raise PayloadError("a WhatsApp status needs id and status")
    errors = status.get("errors") or [{}]
    if not isinstance(errors, list) or not all(isinstance(e, dict) for e in errors):
        raise PayloadError("a WhatsApp status's errors must be a list of objects")
    code, title = errors[0].get("code"), errors[0].get("title")
    return DeliveryStatus(
        CHANNEL,
        str(status["id"]),
        str(status["status"]),
        str(code) if code else None,
        str(title) if title is not None else None,
    )


def _message(message: Any, contacts: list[Any]) -> InboundMessage | None:
    if not isinstance(message, dict) or not message.get("id"):
        raise PayloadError("a WhatsApp message needs an id")
    phone = message.get("from")
    contact = next(
        (c for c in contacts if isinstance(c, dict) and c.get("wa_id") == phone),
        contacts[0] if len(contacts) == 1 and isinstance(contacts[0], dict) else {},
    )
    sender = contact.get("user_id") or message.get("from_user_id") or phone
    if not sender:
        raise PayloadError("a WhatsApp message needs a sender (from or contacts[].user_id)")
    kind = message.get("type")
    text, location = "", None
    media: tuple[Media, ...] = ()
    if kind == "text":
        text = (message.get("text") or {}).get("body", "")
    elif kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        text = chosen.get("id") or chosen.get("title", "")
    elif kind == "button":  # a quick reply on a template
        text = (message.get("button") or {}).get("payload", "")
    elif kind == "location":
        loc = message.get("location") or {}
        try:
            location = Location(float(loc["latitude"]), float(loc["longitude"]), loc.get("name"))
        except (KeyError, TypeError, ValueError) as exc:
            raise PayloadError("a location needs latitude and longitude") from exc
    elif isinstance(kind, str) and kind in _MEDIA_TYPES:
        item = message.get(kind) or {}
        media = (Media(f"whatsapp-media:{item.get('id', '')}", item.get("mime_type", kind)),)
        text = item.get("caption", "")
    else:  # reactions, system notices, unsupported types: nothing a person asked
        return None
    if not isinstance(text, str):
        raise PayloadError(f"the text of a WhatsApp {kind} message is not a string")
    return InboundMessage(
        channel=CHANNEL,
        sender=str(sender),
        text=text,
        media=media,
        location=location,
        provider_message_id=str(message["id"]),
        sender_name=((contact.get("profile") or {}).get("name")) or None,
        sender_phone=f"+{phone}" if phone and str(phone).isdigit() else None,
    )


def _render(text: str, buttons: list[tuple[str, str]]) -> dict[str, Any]:
    """Reply buttons for up to three choices, a list for up to ten, numbered text beyond."""
    if not buttons or len(buttons) > 10:
        return {"type": "text", "text": {"body": numbered(text, buttons)[:4096]}}
    action: dict[str, Any]
    if len(buttons) <= 3:
        action = {
            "buttons": [
                {"type": "reply", "reply": {"id": payload, "title": title[:20]}}
                for title, payload in buttons
            ]
        }
    else:
        rows = [{"id": payload, "title": title[:24]} for title, payload in buttons]
        action = {"button": "Menu", "sections": [{"title": text[:24], "rows": rows}]}
    kind = "button" if len(buttons) <= 3 else "list"
    return {
        "type": "interactive",
        "interactive": {"type": kind, "body": {"text": text[:1024]}, "action": action},
    }


def _in_window(last_inbound_at: datetime | None) -> bool:
    if last_inbound_at is None:
        return False
    if last_inbound_at.tzinfo is None:
        last_inbound_at = last_inbound_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - last_inbound_at < SERVICE_WINDOW


def _interpret(response: httpx.Response) -> SendResult:
    body = json_or_empty(response)
    messages = body.get("messages") or []
    if response.is_success and messages:
        return SendResult("sent", provider_message_id=str(messages[0].get("id")))
    error = body.get("error") or {}
    code = error.get("code")
    text = f"HTTP {response.status_code} WhatsApp {code}: {error.get('message', '')}"
    if code in _OUTSIDE_WINDOW:
        return SendResult("held", error=HELD_OUTSIDE_WINDOW)
    if code in _RATE_LIMITED:
        return SendResult("retry", error=text)
    return SendResult("failed", error=text)


_protocol: type[ChannelAdapter] = WhatsAppAdapter  # mypy checks that it is a ChannelAdapter
