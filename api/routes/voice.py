"""The phone line's webhooks (Twilio Voice): every answer is TwiML the caller can hear.

Each request is verified like every Twilio webhook (403 for a forged one). After that, a
caller never meets an error page: a missing field, an unknown call or a bug is answered with
an apology and the way to a person, because Twilio would otherwise say "application error".
"""

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import FileResponse

from amparo.runtime.calls import CallFlow
from amparo.service import Service
from api.deps import get_service
from api.routes.webhooks import read_webhook
from channels.base import PayloadError, SignatureError
from channels.voice import CallEvent, Step
from data.reference_files import ReferenceDataError

log = logging.getLogger(__name__)
router = APIRouter(tags=["voice"])
_TWIML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/xml": {}}},
    403: {"description": "Missing or wrong signature"},
}

Handler = Callable[[CallFlow], Callable[[CallEvent], Step]]


async def _call(request: Request, service: Service, handler: Handler) -> Response:
    voice, calls = service.voice, service.calls
    if voice is None or calls is None:
        raise HTTPException(404, "the phone line is not configured (Twilio)")
    webhook = await read_webhook(request, service)
    try:
        voice.verify(webhook)
    except SignatureError as exc:
        log.warning("rejected voice webhook: %s", exc)
        raise HTTPException(403, str(exc)) from exc
    async with service.traffic.webhook():
        try:
            event = voice.parse(webhook)
            step = await asyncio.to_thread(calls.run, handler(calls), event)
        except PayloadError as exc:
            log.warning("voice webhook %s: %s", request.url.path, exc)
            step = await asyncio.to_thread(calls.sorry, None)
        except Exception:
            log.exception("voice webhook %s failed", request.url.path)
            step = await asyncio.to_thread(calls.sorry, None)
    return Response(voice.render(step), media_type="application/xml")


def _route(path: str, summary: str, doc: str, pick: Handler) -> None:
    async def endpoint(request: Request, service: Service = Depends(get_service)) -> Response:
        return await _call(request, service, pick)

    endpoint.__doc__ = doc
    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        summary=summary,
        response_class=Response,
        responses=_TWIML,
        name=f"voice_{path.rsplit('/', 1)[-1]}",
    )


_route(
    "/webhooks/twilio/voice/wait",
    "Twilio Voice: while queued",
    "The <Enqueue> waitUrl: what the caller hears while waiting for an agent.",
    lambda calls: calls.wait,
)
_route(
    "/webhooks/twilio/voice/handoff",
    "Twilio Voice: after the queue",
    "The <Enqueue>/<Dial> action: an agent answered, or the caller may leave a message.",
    lambda calls: calls.handoff_result,
)
_route(
    "/webhooks/twilio/voice/screen",
    "Twilio Voice: an agent dialled answers",
    "The <Number> url of each agent dialled: press 1 to accept the call.",
    lambda calls: calls.screen,
)
_route(
    "/webhooks/twilio/voice/screened",
    "Twilio Voice: the agent's answer",
    "1 connects the caller; anything else, or nothing (a voicemail), hangs up the agent's leg.",
    lambda calls: calls.screened,
)
_route(
    "/webhooks/twilio/voice/recording",
    "Twilio Voice: a voice message",
    "The <Record> action: the message goes on the case, and a callback is due.",
    lambda calls: calls.recording,
)
_route(
    "/webhooks/twilio/voice/transcription",
    "Twilio Voice: a transcription",
    "Twilio's transcribeCallback for a voice message.",
    lambda calls: calls.transcription,
)
_route(
    "/webhooks/twilio/voice/status",
    "Twilio Voice: call status",
    "The call's StatusCallback: a call that ended midway becomes a callback due.",
    lambda calls: calls.status,
)


@router.post(
    "/webhooks/twilio/voice",
    summary="Twilio Voice: a call, and each answer",
    response_class=Response,
    responses=_TWIML,
)
async def voice_call(request: Request, service: Service = Depends(get_service)) -> Response:
    """A new call (no `turn`), or the caller's answer to question `turn` (SpeechResult, Digits)."""
    has_turn = "turn" in request.query_params
    return await _call(request, service, lambda c: c.answer if has_turn else c.incoming)


@router.get(
    "/voice/recordings/{language}/{filename}",
    summary="A recorded prompt",
    response_class=FileResponse,
    responses={404: {"description": "No such recording"}},
)
async def recording_file(
    language: str, filename: str, service: Service = Depends(get_service)
) -> FileResponse:
    """Audio for <Play>, for languages without text-to-speech."""
    if service.calls is None:
        raise HTTPException(404, "the phone line is not configured (Twilio)")
    try:
        return FileResponse(service.calls.recordings.file(language, filename))
    except ReferenceDataError as exc:
        raise HTTPException(404, str(exc)) from exc
