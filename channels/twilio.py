"""Twilio Programmable Messaging: SMS, and WhatsApp through Twilio ("whatsapp:+…" addresses).

Inbound: form-encoded webhooks signed with X-Twilio-Signature (twilio's RequestValidator over
the public URL Twilio called). Outbound: the Messages REST resource. Statuses: the
StatusCallback webhook.
"""

import httpx
from twilio.request_validator import RequestValidator

from channels.base import (
    ChannelAdapter,
    Outgoing,
    PayloadError,
    SendResult,
    SignatureError,
    WebhookRequest,
)
from channels.http import client as http_client
from channels.http import json_or_empty, post
from channels.messages import DeliveryStatus, InboundMessage, Location, Media
from channels.sms import numbered

SMS, WHATSAPP = "sms", "twilio_whatsapp"
OPTED_OUT = "21610"  # "Attempt to send to unsubscribed recipient"


class TwilioAdapter:
    """SMS and WhatsApp-through-Twilio."""

    name = "twilio"
    channels = (SMS, WHATSAPP)

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        sms_from: str | None,
        whatsapp_from: str | None,
        api_url: str = "https://api.twilio.com",
        status_callback: str | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.account_sid = account_sid
        self.validator = RequestValidator(auth_token)
        # Built once, not on every send (httpx parses a str URL and wraps a tuple each time).
        self.auth = httpx.BasicAuth(account_sid, auth_token)
        self.sms_from = sms_from
        self.whatsapp_from = whatsapp_from
        self.messages_url = httpx.URL(
            f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        )
        self.status_callback = status_callback
        self.client = client or http_client(10)

    def verify(self, request: WebhookRequest) -> None:
        verify_signature(self.validator, request)

    def parse(self, request: WebhookRequest) -> list[InboundMessage]:
        form = request.form
        sid = form.get("MessageSid") or form.get("SmsSid")
        sender = form.get("From", "")
        if not sid or not sender:
            raise PayloadError("a Twilio message needs MessageSid and From")
        channel = WHATSAPP if sender.startswith("whatsapp:") else SMS
        phone = sender.removeprefix("whatsapp:")
        try:
            count = int(form.get("NumMedia") or 0)
        except ValueError as exc:
            raise PayloadError("NumMedia is not a number") from exc
        media = tuple(
            Media(
                form[f"MediaUrl{i}"], form.get(f"MediaContentType{i}", "application/octet-stream")
            )
            for i in range(count)
            if form.get(f"MediaUrl{i}")
        )
        location = None
        if form.get("Latitude") and form.get("Longitude"):
            try:
                location = Location(
                    float(form["Latitude"]),
                    float(form["Longitude"]),
                    form.get("Label") or form.get("Address") or None,
                )
            except ValueError as exc:
                raise PayloadError("Latitude/Longitude are not numbers") from exc
        return [
            InboundMessage(
                channel=channel,
                sender=phone,
                text=form.get("Body", ""),
                media=media,
                location=location,
                provider_message_id=sid,
                sender_name=form.get("ProfileName") or None,
                sender_phone=phone if phone.startswith("+") else None,
            )
        ]

    def statuses(self, request: WebhookRequest) -> list[DeliveryStatus]:
        form = request.form
        sid, status = form.get("MessageSid") or form.get("SmsSid"), form.get("MessageStatus")
        if not sid or not status:
            raise PayloadError("a Twilio status callback needs MessageSid and MessageStatus")
        code = form.get("ErrorCode") or None
        channel = WHATSAPP if form.get("To", "").startswith("whatsapp:") else SMS
        return [DeliveryStatus(channel, sid, status, code, form.get("ErrorMessage") or None)]

    async def send(self, message: Outgoing) -> SendResult:
        whatsapp = message.channel == WHATSAPP
        sender = self.whatsapp_from if whatsapp else self.sms_from
        if not sender:
            return SendResult("failed", error=f"no sender number configured for {message.channel}")
        body = numbered(message.text, list(message.buttons))
        data = {
            "To": f"whatsapp:{message.recipient}" if whatsapp else message.recipient,
            "From": f"whatsapp:{sender}"
            if whatsapp and not sender.startswith("whatsapp:")
            else sender,
            "Body": body,
        }
        if self.status_callback:
            data["StatusCallback"] = self.status_callback
        return await post(self.client, self.messages_url, _interpret, data=data, auth=self.auth)


class _Form(dict[str, str]):
    """The form as the validator reads a multidict (`getall`). Given a plain dict, it raises
    and catches two exceptions per field, twice per request: a webhook's largest cost."""

    def getall(self, name: str) -> list[str]:
        return [self[name]]


def verify_signature(validator: RequestValidator, request: WebhookRequest) -> None:
    """Twilio signs the public URL it called and the form it posted (messages and calls)."""
    signature = request.header("X-Twilio-Signature")
    if not signature or not validator.validate(request.url, _Form(request.form), signature):
        raise SignatureError("X-Twilio-Signature does not match")


def _interpret(response: httpx.Response) -> SendResult:
    body = json_or_empty(response)
    if response.status_code in (200, 201) and body.get("sid"):
        return SendResult("sent", provider_message_id=str(body["sid"]))
    code = str(body.get("code", ""))
    error = f"HTTP {response.status_code} Twilio {code}: {body.get('message', '')}".strip()
    return SendResult("failed", error=error, opted_out=code == OPTED_OUT)


_protocol: type[ChannelAdapter] = TwilioAdapter  # mypy checks that it is a ChannelAdapter
