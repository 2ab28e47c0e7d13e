"""Provider webhooks: read the request, hand it to the intake (amparo/runtime/intake.py:
verify → parse → inbox → queue), answer as the provider expects."""

import logging
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse
from twilio.twiml.messaging_response import MessagingResponse

from amparo.runtime.intake import Malformed, Rejected
from amparo.service import Service
from api.deps import service_of
from channels.base import ChannelAdapter, SignatureError, WebhookRequest
from channels.telegram import TelegramAdapter

log = logging.getLogger(__name__)
EMPTY_TWIML = str(MessagingResponse())  # replies go through the outbox, not the webhook answer
router = APIRouter(prefix="/webhooks", tags=["webhooks"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Missing or wrong signature"},
    400: {"description": "Malformed"},
}


async def read_webhook(request: Request, service: Service) -> WebhookRequest:
    """The request as the provider sent it: raw body, form, and the public URL it called.
    (The body's size is limited as it streams in: api/middleware.py.)"""
    body = await request.body()
    form: dict[str, str] = {}
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        try:
            form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError as exc:
            raise HTTPException(400, "form body is not UTF-8") from exc
    query = request.scope["query_string"].decode("latin-1")
    if service.settings.public_url:  # behind a proxy: the URL the provider called
        url = service.settings.public_url.rstrip("/") + request.scope["path"]
        url += "?" + query if query else ""
    else:
        url = str(request.url)
    return WebhookRequest(
        method=request.method,
        url=url,
        headers=request.headers,
        body=body,
        form=form,
        query=dict(request.query_params) if query else {},
    )


def adapter_for(request: Request, channel: str) -> tuple[Service, ChannelAdapter]:
    """The service and the channel's adapter; 404 if the channel is not configured."""
    service = service_of(request)
    adapter = service.adapters.get(channel)
    if adapter is None:
        raise HTTPException(404, f"channel {channel} is not configured")
    return service, adapter


async def accept(
    service: Service,
    adapter: ChannelAdapter,
    webhook: WebhookRequest,
    *,
    messages: bool = True,
    statuses: bool = True,
) -> int:
    """The intake's answer as HTTP: 403 for a bad signature, 400 for a body it cannot read."""
    try:
        return await service.intake.accept(adapter, webhook, messages=messages, statuses=statuses)
    except Rejected as exc:
        raise HTTPException(403, str(exc)) from exc
    except Malformed as exc:
        raise HTTPException(400, str(exc)) from exc


@router.post(
    "/twilio/messaging",
    summary="Twilio SMS and WhatsApp messages",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}, **_ERRORS},
)
async def twilio_messaging(request: Request) -> Response:
    """An inbound SMS or WhatsApp message from Twilio, signed with X-Twilio-Signature.

    Answers with empty TwiML: replies leave through the outbox, not the webhook response.
    """
    service, adapter = adapter_for(request, "sms")
    await accept(service, adapter, await read_webhook(request, service), statuses=False)
    return Response(EMPTY_TWIML, media_type="application/xml")


@router.post(
    "/twilio/status", summary="Twilio delivery statuses", status_code=204, responses=_ERRORS
)
async def twilio_status(request: Request) -> Response:
    """Twilio's StatusCallback for a message Amparo sent."""
    service, adapter = adapter_for(request, "sms")
    await accept(service, adapter, await read_webhook(request, service), messages=False)
    return Response(status_code=204)


@router.get(
    "/whatsapp",
    summary="WhatsApp webhook verification",
    response_class=PlainTextResponse,
    responses={403: _ERRORS[403]},
)
async def whatsapp_verify(request: Request) -> PlainTextResponse:
    """Meta's subscription handshake: echo hub.challenge when hub.verify_token matches."""
    service, adapter = adapter_for(request, "whatsapp")
    webhook = await read_webhook(request, service)
    try:
        adapter.verify(webhook)
    except SignatureError as exc:
        raise HTTPException(403, str(exc)) from exc
    return PlainTextResponse(webhook.query.get("hub.challenge", ""))


@router.post("/whatsapp", summary="WhatsApp Cloud API messages and statuses", responses=_ERRORS)
async def whatsapp_messages(request: Request) -> dict[str, int]:
    """Messages and delivery statuses from Meta, signed with X-Hub-Signature-256."""
    service, adapter = adapter_for(request, "whatsapp")
    return {"accepted": await accept(service, adapter, await read_webhook(request, service))}


@router.post("/telegram", summary="Telegram updates", responses=_ERRORS)
async def telegram_updates(request: Request) -> dict[str, Any]:
    """An Update from Telegram, carrying X-Telegram-Bot-Api-Secret-Token. A pressed inline
    button is answered in the response itself (`answerCallbackQuery`)."""
    service, adapter = adapter_for(request, "telegram")
    webhook = await read_webhook(request, service)
    accepted = await accept(service, adapter, webhook, statuses=False)
    answer = adapter.acknowledgement(webhook) if isinstance(adapter, TelegramAdapter) else None
    return answer or {"accepted": accepted}
