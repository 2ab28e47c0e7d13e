"""Live conversations: the takeover queue, takeover, replies, hand-back, and live events."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from amparo.casework.errors import NotFound
from amparo.service import Service
from api.deps import ServiceDep
from api.idempotency import OnceDep
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
from data.models import Conversation, Message, User

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
    once: OnceDep,
) -> Message:
    """Write to the person through their channel (the conversation must be held by you).
    With an `Idempotency-Key`, a retry sends nothing twice."""

    def again(message_id: int) -> Message:
        _, transcript = service.casework.conversation(user, conversation_id)
        found = next((m for m in transcript if m.id == message_id), None)
        if found is None:  # erased since
            raise NotFound(f"no message {message_id}")
        return found

    return once.run(lambda: service.casework.reply(user, conversation_id, message.text), again)


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


@router.post(
    "/conversations/{conversation_id}/release", response_model=ConversationOut, responses=_ERRORS
)
def release(
    user: CurrentUser,
    service: ServiceDep,
    conversation_id: IdPath,
) -> Conversation:
    """Supervisors and admins: take the conversation from the agent holding it and give it back
    to the bot (audited; the agent's console shows it at once)."""
    return service.casework.release(user, conversation_id)


def _for_user(service: Service, user: User, event: str, conversation_id: int | None) -> bool:
    """Whether this serialised event goes to this user's stream: the conversation asked for,
    by exact id, and only ids they could open; an event about none of those only to staff."""
    found: dict[str, Any] = json.loads(event)
    ids: dict[str, int] = {
        key: value
        for key in ("case_id", "conversation_id", "match_id", "alert_id")
        if isinstance(value := found.get(key), int)
    }
    if conversation_id is not None and ids.get("conversation_id") != conversation_id:
        return False
    if not ids:
        return user.role != "consul"
    try:
        if "match_id" in ids:
            service.tracing.match_view(user, ids["match_id"])
        if "alert_id" in ids:
            service.alerts.get(user, ids["alert_id"])
    except NotFound:
        return False
    return service.casework.sees(user, ids.get("case_id"), ids.get("conversation_id"))


@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, 401: _ERRORS[401]},
)
async def events(
    user: CurrentUser,
    service: ServiceDep,
    request: Request,
    conversation_id: IdQuery = None,
) -> StreamingResponse:
    """Server-sent events: new messages, replies, cases filed or changed, takeovers. Events
    carry ids only; the console fetches what changed through the checked endpoints. A user
    hears only of what they may see (a consul: their consulate's cases and conversations)."""

    async def stream() -> AsyncIterator[str]:
        async with service.events.subscribe() as queue:
            yield ": connected\n\n"
            while not await request.is_disconnected():
                event = None
                with contextlib.suppress(TimeoutError):
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                if event is None:
                    yield ": keep-alive\n\n"
                elif await asyncio.to_thread(_for_user, service, user, event, conversation_id):
                    yield f"data: {event}\n\n"

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )
