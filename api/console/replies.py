"""The canned replies' page: supervisors and admins edit what agents insert in a reply, per
language, with placeholders (amparo/casework/replies.py keeps them in intents/)."""

import asyncio

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from amparo.casework.errors import Forbidden, Invalid
from amparo.casework.replies import EDITORS, PLACEHOLDERS
from api.console.labels import N_
from api.console.web import ConsoleRoute, Desk, desk
from bot.training import LANGUAGES

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


def _editor(at: Desk) -> None:
    refusal = Forbidden("only supervisors and admins edit canned replies", "reply_editors_only")
    at.require(EDITORS, refusal)


@router.get("/replies")
def replies(at: Desk = Depends(desk)) -> HTMLResponse:
    _editor(at)
    return at.page(
        "replies.html",
        active="replies",
        replies=at.service.replies.all(),
        languages=LANGUAGES,
        placeholders=PLACEHOLDERS,
    )


@router.post("/replies")
async def save_reply(request: Request, at: Desk = Depends(desk)) -> Response:
    """One reply's texts, new or edited; all of them empty removes it."""
    _editor(at)
    form = await request.form()
    reply_id = str(form.get("id", "")).strip()
    texts = {lang: str(form.get(f"text_{lang}", "")) for lang in LANGUAGES}
    try:
        await asyncio.to_thread(at.service.replies.save, at.user, reply_id, texts)
    except Invalid as exc:
        return at.redirect("/console/replies", error=exc)
    return at.redirect(f"/console/replies#reply-{reply_id}", notice=N_("Canned reply saved."))
