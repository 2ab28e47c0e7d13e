"""Live conversations: the takeover queue, takeover, replies, hand-back, and live events."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from api.deps import ServiceDep
from api.schemas import (
    ConversationDetail,
    ConversationOut,
    IdPath,
    IdQuery,
    MessageOut,
    QueueItemOut,
    ReplyIn,
)
from api.security import CurrentUser
from data.models import Conversation, Message

router = APIRouter(prefix="/api", tags=["conversations"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Not allowed"},
    404: {"description": "No such conversation (or not yours)"},
    409: {"description": "Held by another agent, or not held"},
}
KEEPALIVE_SECONDS = 15.0


@router.get("/takeover-queue", response_model=list[QueueItemOut], responses=_ERRORS)
def takeover_queue(
    user: CurrentUser,
    service: ServiceDep,
) -> list[QueueItemOut]:
    """Conversations waiting for a person (asked for one, or distress), most urgent first."""
    return [
        QueueItemOut.model_validate(item, from_attributes=True)
        for item in service.casework.takeover_queue(user)
    ]


@router.get(
    "/conversations/{conversation_id}", response_model=ConversationDetail, responses=_ERRORS
)
def conversation(
    user: CurrentUser,
    service: ServiceDep,
    conversation_id: IdPath,
) -> ConversationDetail:
    """A conversation and its transcript (the view is audited)."""
    conv, transcript = service.casework.conversation(user, conversation_id)
    return ConversationDetail.model_validate(
        {"conversation": conv, "transcript": transcript}, from_attributes=True
    )


@router.post(
    "/conversations/{conversation_id}/takeover", response_model=ConversationOut, responses=_ERRORS
)
def take_over(
    user: CurrentUser,
    service: ServiceDep,
    conversation_id: IdPath,
) -> Conversation:
    """Take the conversation over: the bot falls silent until it is handed back."""
    return service.casework.take_over(user, conversation_id)


@router.post(
    "/conversations/{conversation_id}/messages",
    response_model=MessageOut,
    status_code=201,
    responses=_ERRORS,
)
def reply(
    user: CurrentUser,
    service: ServiceDep,
    conversation_id: IdPath,
    message: ReplyIn,
) -> Message:
    """Write to the person through their channel (the conversation must be held by you)."""
    return service.casework.reply(user, conversation_id, message.text)


@router.post(
    "/conversations/{conversation_id}/handback", response_model=ConversationOut, responses=_ERRORS
)
def hand_back(
    user: CurrentUser,
    service: ServiceDep,
    conversation_id: IdPath,
) -> Conversation:
    """Give the conversation back to the bot."""
    return service.casework.hand_back(user, conversation_id)


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, 401: _ERRORS[401]},
)
async def events(
    _: CurrentUser,
    service: ServiceDep,
    request: Request,
    conversation_id: IdQuery = None,
) -> StreamingResponse:
    """Server-sent events: new messages, replies, cases filed or changed, takeovers. Events
    carry ids only; the console fetches what changed through the checked endpoints."""
    wanted = f'"conversation_id": {conversation_id}' if conversation_id is not None else None

    async def stream() -> AsyncIterator[str]:
        async with service.events.subscribe() as queue:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                event = None
                with contextlib.suppress(TimeoutError):
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                if event is None:
                    yield ": keep-alive\n\n"
                elif wanted is None or wanted in event:
                    yield f"data: {event}\n\n"

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )
