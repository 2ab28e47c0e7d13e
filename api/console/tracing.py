"""The family tracing screen: search people, review proposed matches with their score's parts,
and act on one: reject it, ask the found person, record their answer, tell the inquirer.

Everything goes through `amparo.tracing.registry.Tracing`, as the JSON API does (routes in
api/routes/tracing.py): the same visibility (a consul sees only their consulate's people and
matches), the same order of steps (the inquirer is told only after the found person agreed)
and the same audit entries. A refused step comes back as a translated message on the page; a
role that may not act gets the 403 page, a match this user may not see the 404 page.
"""

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from amparo.casework.cases import WORKERS
from amparo.casework.errors import Conflict, Invalid
from amparo.tracing.registry import KINDS, OPEN, Found, match_score
from api.console.labels import N_
from api.console.routes import _city_name, _countries, _country_name
from api.console.web import ConsoleRoute, Desk, desk
from api.schemas import IdPath
from data.models import Match

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
HOME = "/console/tracing"
STATUSES = ("proposed", "asked", "consented", "told", "refused", "rejected")
SHOWN = 200  # matches on the page, best first: a crisis can propose thousands
MAX_AGE = 150
# What a form says when it worked (N_: the catalogue translates it where it is shown).
REJECTED = N_("Match rejected: this person will not be proposed for this query again.")
ASKED = N_("Asked: the person found answers through their channel; their answer shows here.")
ANSWER_RECORDED = N_("Answer recorded.")
TOLD = N_("The inquirer was told where to find the person.")


@router.get("/tracing")
def tracing(status: str = "open", at: Desk = Depends(desk)) -> HTMLResponse:
    """The matches to review (filter links: ?status=asked, ?status=all; the open ones by
    default) and an empty search form."""
    return _page(at, {}, None, status if status in (*STATUSES, "all") else "open")


@router.post("/tracing")
async def search(request: Request, at: Desk = Depends(desk)) -> HTMLResponse:
    """The search form posts, so the names looked for stay out of URLs and access logs."""
    form = await request.form()
    fields = {k: str(v).strip() for k, v in form.items() if k not in ("csrf", "once")}
    return await asyncio.to_thread(_search, at, fields)


def _search(at: Desk, form: dict[str, str]) -> HTMLResponse:
    name, age = form.get("name", ""), form.get("age", "")
    if not name:
        return _page(at, form, None, "open", Invalid("no name", "search_name_required"), 422)
    if age and not (age.isdigit() and int(age) <= MAX_AGE):
        return _page(at, form, None, "open", Invalid("bad age", "bad_age", max=MAX_AGE), 422)
    nationality = form.get("nationality", "").upper()
    kind = form.get("kind", "")
    found = at.service.tracing.search(
        name[:200],
        int(age) if age else None,
        nationality if len(nationality) == 2 and nationality.isalpha() else None,
        form.get("place", "")[:200] or None,
        kinds=(kind,) if kind in KINDS else None,
        limit=50,
        user=at.user,
    )
    return _page(at, form, found, "open")


def _page(
    at: Desk,
    form: dict[str, str],
    found: list[Found] | None,
    status: str,
    refusal: Invalid | None = None,
    code: int = 200,
) -> HTMLResponse:
    views = at.service.tracing.matches(at.user, status if status in STATUSES else None)
    if status == "open":
        views = [view for view in views if view.match.status in OPEN]
    return at.page(
        "tracing.html",
        code,
        active="tracing",
        form=form,
        found=found,
        search_error=at.t.error(refusal.code, refusal.params) if refusal else None,
        matches=[(view, match_score(view)) for view in views[:SHOWN]],
        total=len(views),
        shown=status,
        statuses=STATUSES,
        kinds=KINDS,
        countries=_countries(at),
        cities=at.service.directory.cities,
        **_words(at),
    )


# one match


@router.get("/tracing/matches/{match_id}")
def match(match_id: IdPath, at: Desk = Depends(desk)) -> HTMLResponse:
    values = _match(at, match_id)
    return at.page("match.html", active="tracing", **values)


@router.get("/tracing/matches/{match_id}/live")
def match_live(match_id: IdPath, at: Desk = Depends(desk)) -> HTMLResponse:
    return at.fragment("_match.html", **_match(at, match_id))


def _match(at: Desk, match_id: int) -> dict[str, Any]:
    view = at.service.tracing.view_match(at.user, match_id)
    return {
        "view": view,
        "parts": match_score(view),
        "may_work": at.user.role in WORKERS,
        "open": view.match.status in OPEN,
        **_words(at),
    }


def _words(at: Desk) -> dict[str, Callable[..., str]]:
    return {
        "city_name": lambda place: _city_name(at, place),
        "country": lambda code: _country_name(at, code),
    }


@router.post("/tracing/matches/{match_id}/reject")
def reject(match_id: IdPath, at: Desk = Depends(desk)) -> Response:
    return _act(at, match_id, REJECTED, lambda: at.service.tracing.reject(at.user, match_id))


@router.post("/tracing/matches/{match_id}/ask")
def ask(match_id: IdPath, at: Desk = Depends(desk)) -> Response:
    return _act(at, match_id, ASKED, lambda: at.service.tracing.ask(at.user, match_id))


@router.post("/tracing/matches/{match_id}/answer")
def answer(match_id: IdPath, share: str = Form(""), at: Desk = Depends(desk)) -> Response:
    """The answer of a person reached through a partner or by phone: yes or no."""
    if share not in ("yes", "no"):
        error = Invalid("answer yes or no", "answer_yes_or_no")
        return at.redirect(f"{HOME}/matches/{match_id}", error=error)
    record = at.service.tracing.record_answer
    return _act(at, match_id, ANSWER_RECORDED, lambda: record(at.user, match_id, share == "yes"))


@router.post("/tracing/matches/{match_id}/tell")
def tell(match_id: IdPath, at: Desk = Depends(desk)) -> Response:
    return _act(at, match_id, TOLD, lambda: at.service.tracing.tell(at.user, match_id))


def _act(at: Desk, match_id: int, done: str, action: Callable[[], Match]) -> Response:
    """Do it once per form token, then back to the match: a step refused in this state is
    said there; a role that may not act (Forbidden) and a match not theirs (NotFound) get
    the console's 403 and 404 pages."""
    back = f"{HOME}/matches/{match_id}"
    try:
        at.once(action)
    except (Conflict, Invalid) as exc:
        return at.redirect(back, error=exc)
    return at.redirect(back, notice=done)
