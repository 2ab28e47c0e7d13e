"""The console's pages: queue, conversations, cases, directory, observatory, audit log.

Every read and change goes through Casework (as the JSON API does), so a consul sees only
their consulate's cases here too, and every view and change lands in the audit log. Forms
post with the session's CSRF token and redirect back (POST, redirect, GET); a refused change
comes back as a message on the page. Plain `def` routes run in FastAPI's thread pool, off the
event loop, since they talk to the database.
"""

import asyncio
import hmac
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from amparo.casework.accounts import AuthError
from amparo.casework.cases import (
    ORGANISATIONS,
    OTHER_PLACE,
    PRIORITIES,
    STATUSES,
    TEXT_CHANNELS,
    TRANSITIONS,
    WORKERS,
    CaseFilters,
)
from amparo.casework.errors import Conflict, Forbidden, Invalid
from amparo.casework.idempotency import HasId
from amparo.casework.replies import CannedReply
from amparo.casework.triage import QueueFilters
from amparo.runtime.outbox import reply_status
from amparo.service import Service
from api.console.i18n import LANGUAGES
from api.console.labels import LABELS, N_
from api.console.times import PREFERENCE, consulate_zone, zone_choices, zone_named
from api.console.web import (
    FLASH_COOKIE,
    HOME,
    LANG_COOKIE,
    LOGIN_COOKIE,
    STATIC,
    SUPERVISORS,
    ConsoleRoute,
    Desk,
    Timer,
    base_context,
    desk,
    error_page,
    language_of,
    new_login_token,
    read_flash,
    safe_next,
    templates,
)
from api.deps import get_service
from api.security import COOKIE
from bot.training import LANGUAGES as BOT_LANGUAGES
from data.directory import DirectoryQuery
from data.models import Case, Conversation, Message, OutboxMessage, User

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
STATIC_FILES = {"console.css": "text/css", "console.js": "text/javascript"}
KINDS = ("distress", "missing_person", "assistance")
CHANNELS = tuple(sorted({*TEXT_CHANNELS, "voice"}))
STAT_DAYS = (7, 30, 90, 365)
# What a form says when it worked (N_: the catalogue translates it where it is shown).
LOGGED_OUT = N_("You are logged out.")
TAKEN_OVER = N_("You hold the conversation: the bot stays silent until you hand it back.")
REPLIED = N_("Reply sent.")
HANDED_BACK = N_("The conversation is back with the bot.")
STATUS_CHANGED = N_("Status changed.")
NOTE_ADDED = N_("Note added.")
REFERRED = N_("Referral recorded.")
ASSIGNED = N_("Assignment saved.")
RELEASED = N_("Released: the bot answers again.")
PRIORITY_CHANGED = N_("Priority changed.")
MERGED = N_("Merged: the duplicate is closed and its details are in this case.")
PREFERENCES_SAVED = N_("Preferences saved.")
OTHER_PLACES = N_("other places")


# logging in and out


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC_FILES:
        return Response(status_code=404)
    response = FileResponse(STATIC / name, media_type=STATIC_FILES[name])
    response.headers["Cache-Control"] = "no-cache"  # revalidate: a deploy shows at once
    return response


@router.get("/login")
async def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _login_page(request, next)


def _login_page(
    request: Request, target: str | None, error: str | None = None, status: int = 200
) -> HTMLResponse:
    t = language_of(request)
    token = new_login_token()
    flash = read_flash(request, t)
    context = base_context(request, t) | {
        "login_token": token,
        "next": safe_next(target),
        "error": t.error(error) if error else None,
        "flash": flash,
    }
    response = HTMLResponse(templates.get_template("login.html").render(context), status)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/console")
    response.set_cookie(
        LOGIN_COOKIE, token, path="/console/login", httponly=True, samesite="strict"
    )
    return response


@router.post("/login")
async def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form(HOME),
    service: Service = Depends(get_service),
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE) or ""
    if not expected or not hmac.compare_digest(csrf, expected):
        return error_page(request, 403, "csrf")
    try:
        user = await asyncio.to_thread(service.accounts.authenticate, username, password)
    except AuthError as exc:
        return _login_page(request, next, exc.code, status=401)
    if previous := request.cookies.get(COOKIE):  # logging in again ends the session before
        await asyncio.to_thread(service.accounts.close_session, previous)
    token, _ = await asyncio.to_thread(service.accounts.open_session, user, "cookie")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(service.settings.session_hours * 3600),
        path="/",  # the console's pages and the /api/events stream it listens to
        httponly=True,
        secure=service.settings.cookie_secure,
        samesite="lax",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/console/login")
    return response


@router.post("/logout")
def logout(at: Desk = Depends(desk)) -> Response:
    at.service.accounts.close_session(at.token)
    response = at.redirect("/console/login", notice=LOGGED_OUT)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/language/{code}")
async def language(code: str, next: str | None = None) -> Response:
    """The switch link: remembered in a cookie, over the user's own default."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, path="/", samesite="lax")
    return response


# the live queue


@router.get("")
@router.get("/")
async def home() -> Response:
    return RedirectResponse(HOME, status_code=303)


@router.get("/queue")
def queue(at: Desk = Depends(desk)) -> HTMLResponse:
    return at.page("queue.html", active="queue", **_queue(at))


@router.get("/queue/live")
def queue_live(at: Desk = Depends(desk)) -> HTMLResponse:
    return at.fragment("_queue.html", **_queue(at))


@router.post("/queue/filters")
async def queue_filters(request: Request, at: Desk = Depends(desk)) -> Response:
    """Remembered for this user: the queue shows the same on every reload and device."""
    form = await request.form()
    chosen = {} if form.get("clear") else {k: str(v) for k, v in form.items() if k != "csrf"}
    saved = QueueFilters.of(chosen).saved()
    await asyncio.to_thread(at.service.accounts.remember, at.user, "queue", saved)
    return at.redirect(HOME)


@router.get("/attention")
def attention(at: Desk = Depends(desk)) -> JSONResponse:
    """The number in every console page's title: what waits for someone now."""
    return JSONResponse({"count": at.service.triage.attention(at.user)})


def _queue(at: Desk) -> dict[str, Any]:
    filters = QueueFilters.of(at.user.preferences.get("queue") or {})
    found = at.service.triage.queue(at.user, filters)
    return {
        "queue": found,
        "timer": lambda due: at.timer(due) if due is not None else None,
        "names": _names(at),
        "city_name": lambda place: _city_name(at, place),
        "kinds": KINDS,
        "channels": CHANNELS,
        "languages": BOT_LANGUAGES,
        "cities": at.service.directory.cities,
    }


def _due(at: Desk, case: Case | None) -> Timer | None:
    """The acknowledgement timer of a case still waiting for one."""
    if case is None or case.acknowledged_at is not None:
        return None
    return at.timer(at.service.casework.deadlines.due(case))


# conversations: takeover, reply, hand back


@router.get("/conversations/{conversation_id}")
def conversation(conversation_id: int, at: Desk = Depends(desk)) -> HTMLResponse:
    values = _conversation(at, conversation_id)
    return at.page("conversation.html", active="queue", **values)


@router.get("/conversations/{conversation_id}/live")
def conversation_live(conversation_id: int, at: Desk = Depends(desk)) -> HTMLResponse:
    return at.fragment("_conversation.html", **_conversation(at, conversation_id))


def _conversation(at: Desk, conversation_id: int) -> dict[str, Any]:
    conv, transcript = at.service.casework.conversation(at.user, conversation_id)
    mine = conv.held_by == at.user.id
    sends = at.service.casework.outbox.for_conversation(conversation_id)
    return {
        "conv": conv,
        "transcript": transcript,
        "statuses": _reply_statuses(transcript, sends),
        "names": _names(at),
        "mine": mine,
        "may_work": at.user.role in WORKERS,
        "may_release": at.user.role in SUPERVISORS,
        "text_channel": conv.channel in TEXT_CHANNELS,
        "canned": _canned(at, conv) if mine else [],
    }


def _canned(at: Desk, conv: Conversation) -> list[CannedReply]:
    """The canned replies in the person's language, filled for this conversation's case."""
    case = at.service.store.case(conv.case_id) if conv.case_id else None
    consulate = at.service.directory.consulate(case.consulate_id if case else None)
    values = {
        "agent": at.user.name,
        "case_ref": case.ref if case else None,
        "consulate": consulate.name if consulate else None,
        "consulate_phone": consulate.phone if consulate else None,
    }
    return at.service.replies.offered(conv.language, values)


def _reply_statuses(
    transcript: Sequence[Message], rows: Sequence[OutboxMessage]
) -> dict[int | None, str | None]:
    """What became of each reply an agent wrote: queued, sent, delivered, read, failed…"""
    by_id = {row.id: row for row in rows}
    return {
        msg.id: reply_status(by_id[i] for i in msg.outbox_ids if i in by_id)
        for msg in transcript
        if msg.outbox_ids
    }


@router.post("/conversations/{conversation_id}/takeover")
def take_over(conversation_id: int, at: Desk = Depends(desk)) -> Response:
    back = f"/console/conversations/{conversation_id}"
    return _act(at, back, TAKEN_OVER, at.service.casework.take_over, conversation_id)


@router.post("/conversations/{conversation_id}/reply")
def reply(conversation_id: int, text: str = Form(""), at: Desk = Depends(desk)) -> Response:
    back = f"/console/conversations/{conversation_id}"
    return _act(at, back, REPLIED, at.service.casework.reply, conversation_id, text)


@router.post("/conversations/{conversation_id}/handback")
def hand_back(conversation_id: int, at: Desk = Depends(desk)) -> Response:
    back = f"/console/conversations/{conversation_id}"
    return _act(at, back, HANDED_BACK, at.service.casework.hand_back, conversation_id)


@router.post("/conversations/{conversation_id}/release")
def release(conversation_id: int, at: Desk = Depends(desk)) -> Response:
    back = f"/console/conversations/{conversation_id}"
    return _act(at, back, RELEASED, at.service.casework.release, conversation_id)


# cases


@router.get("/cases")
def cases(request: Request, at: Desk = Depends(desk)) -> HTMLResponse:
    """Filter links (?kind=distress&open_only=1) work; the search form posts (below)."""
    return _cases(at, dict(request.query_params))


@router.post("/cases")
async def search_cases(request: Request, at: Desk = Depends(desk)) -> HTMLResponse:
    """The search form posts, so the words looked for stay out of URLs and access logs."""
    form = await request.form()
    fields = {k: str(v) for k, v in form.items() if k != "csrf"}
    return await asyncio.to_thread(_cases, at, fields)


def _cases(at: Desk, form: dict[str, str]) -> HTMLResponse:
    priority, status = form.get("priority", ""), form.get("status", "")
    filters = CaseFilters(
        q=form.get("q", "").strip() or None,
        kind=form.get("kind") or None,
        status=status if status in STATUSES else None,
        priority=int(priority) if priority in ("1", "2", "3", "4") else None,
        nationality=form.get("nationality", "").strip().upper() or None,
        channel=form.get("channel") or None,
        open_only=bool(form.get("open_only")),
        limit=200,
    )
    found = at.service.casework.list_cases(at.user, filters)
    return at.page(
        "cases.html",
        active="cases",
        cases=[(case, _due(at, case)) for case in found],
        form=form,
        kinds=KINDS,
        statuses=STATUSES,
        channels=CHANNELS,
        countries=_countries(at),
    )


@router.get("/cases/{case_id}")
def case(case_id: int, at: Desk = Depends(desk)) -> HTMLResponse:
    work = at.service.casework
    values = _case(at, case_id)
    found: Case = values["view"].case
    following = [s for s in STATUSES if s in TRANSITIONS[found.status]]
    reachable = found.channel in TEXT_CHANNELS and found.conversation_id is not None
    draft = ""
    if reachable and following:
        draft = work.follow_up_draft(at.user, case_id, following[0])
    users = [u for u in at.service.accounts.users() if u.active]
    assignable = [u for u in users if u.role != "consul" or u.consulate_id == found.consulate_id]
    city = found.place or ""
    shelters = sorted(at.service.directory.shelters, key=lambda s: (s.city != city, s.city, s.name))
    return at.page(
        "case.html",
        active="cases",
        following=following,
        draft=draft,
        reachable=reachable,
        assignable=assignable,
        organisations=ORGANISATIONS,
        shelters=shelters,
        priorities=PRIORITIES,
        duplicates=work.duplicates(at.user, found),
        **values,
    )


@router.get("/cases/{case_id}/live")
def case_live(case_id: int, at: Desk = Depends(desk)) -> HTMLResponse:
    return at.fragment("_case.html", **_case(at, case_id))


def _case(at: Desk, case_id: int) -> dict[str, Any]:
    view = at.service.casework.view(at.user, case_id)
    directory = at.service.directory
    return {
        "view": view,
        "statuses": _reply_statuses(view.transcript, view.deliveries),
        "sla": _due(at, view.case),
        "names": _names(at),
        "consulate": directory.consulate(view.case.consulate_id),
        "city": directory.city(view.case.place),
        "country": _country_name(at, view.case.nationality),
        "city_name": lambda place: _city_name(at, place),
        "country_name": lambda code: _country_name(at, code),
        "consulate_name": lambda code: _consulate_name(at, code),
    }


@router.post("/cases/{case_id}/status")
def change_status(
    case_id: int,
    status: str = Form(""),
    reason: str = Form(""),
    follow_up: str = Form(""),
    send: str = Form(""),
    at: Desk = Depends(desk),
) -> Response:
    message = follow_up if send else None
    change = at.service.casework.change_status
    return _act(
        at, f"/console/cases/{case_id}", STATUS_CHANGED, change, case_id, status, reason, message
    )


@router.post("/cases/{case_id}/notes")
def add_note(case_id: int, text: str = Form(""), at: Desk = Depends(desk)) -> Response:
    back = f"/console/cases/{case_id}"
    return _act(at, back, NOTE_ADDED, at.service.casework.add_note, case_id, text)


@router.post("/cases/{case_id}/referrals")
def refer(
    case_id: int,
    organisation: str = Form(""),
    shelter_id: str = Form(""),
    note: str = Form(""),
    at: Desk = Depends(desk),
) -> Response:
    shelter = shelter_id if organisation == "shelter" and shelter_id else None
    refer = at.service.casework.refer
    return _act(
        at, f"/console/cases/{case_id}", REFERRED, refer, case_id, organisation, note,
        shelter,
    )  # fmt: skip


@router.post("/cases/{case_id}/priority")
def set_priority(
    case_id: int, priority: str = Form(""), reason: str = Form(""), at: Desk = Depends(desk)
) -> Response:
    back = f"/console/cases/{case_id}"
    if priority not in ("1", "2", "3", "4"):
        return at.redirect(back, error=Invalid("no such priority", "bad_priority"))
    change = at.service.casework.set_priority
    return _act(at, back, PRIORITY_CHANGED, change, case_id, int(priority), reason)


@router.post("/cases/{case_id}/merge")
def merge(case_id: int, into: str = Form(""), at: Desk = Depends(desk)) -> Response:
    """This case is a duplicate: closed into the one chosen, whose page comes next."""
    back = f"/console/cases/{case_id}"
    if not into.isdigit():
        return at.redirect(back, error=Invalid("no case to merge into", "merge_itself"))
    try:
        at.once(lambda: at.service.casework.merge(at.user, case_id, int(into)))
    except (Conflict, Invalid, Forbidden) as exc:
        return at.redirect(back, error=exc)
    return at.redirect(f"/console/cases/{into}", notice=MERGED)


@router.post("/cases/{case_id}/assign")
def assign(case_id: int, user_id: str = Form(""), at: Desk = Depends(desk)) -> Response:
    back = f"/console/cases/{case_id}"
    if user_id and not user_id.isdigit():
        return at.redirect(back, error=Invalid(f"no user {user_id}", "no_user"))
    assignee = int(user_id) if user_id else None
    return _act(at, back, ASSIGNED, at.service.casework.assign, case_id, assignee)


def _act(at: Desk, back: str, done: str, action: Callable[..., HasId], *args: Any) -> Response:
    """Do it (once per form token) and go back to the page; a refusal is said there rather
    than as an error page."""
    try:
        at.once(lambda: action(at.user, *args))
    except (Conflict, Invalid, Forbidden) as exc:
        return at.redirect(back, error=exc)
    return at.redirect(back, notice=done)


# the user's own settings


@router.get("/preferences")
def preferences(at: Desk = Depends(desk)) -> HTMLResponse:
    settings = at.service.settings
    default = consulate_zone(at.user, at.service.directory) or zone_named(
        settings.console_time_zone
    )
    return at.page(
        "preferences.html",
        active="preferences",
        zones=zone_choices(at.service.directory),
        chosen=at.user.preferences.get(PREFERENCE) or "",
        default_zone=str(default or "UTC"),
    )


@router.post("/preferences")
def save_preferences(time_zone: str = Form(""), at: Desk = Depends(desk)) -> Response:
    """The time zone the user's pages show times in; empty: back to the default."""
    offered = {zone for zone, _ in zone_choices(at.service.directory)}
    if time_zone and time_zone not in offered:
        refusal = Invalid(f"unknown time zone {time_zone}", "unknown_time_zone")
        return at.redirect("/console/preferences", error=refusal)
    at.service.accounts.remember(at.user, PREFERENCE, time_zone or None)
    return at.redirect("/console/preferences", notice=PREFERENCES_SAVED)


# reference and oversight


@router.get("/directory")
def directory(
    q: str = "",
    nationality: str = "",
    city: str = "",
    review: str = "",
    at: Desk = Depends(desk),
) -> HTMLResponse:
    """Searched and filtered here, on the server: the whole directory is a very long page."""
    found = at.service.directory
    today = at.now.date()
    overdue = found.stale_contacts(today)
    query = DirectoryQuery(
        text=q.strip()[:200],
        nationality=nationality if found.country(nationality) else None,
        city=city if found.city(city) else None,
        review_due=review == "due",
    )
    return at.page(
        "directory.html",
        active="directory",
        directory=found,
        matches=found.search(query, overdue),
        query=query,
        stale={(s.kind, s.id): s.days for s in overdue},
        today=today,
        country=lambda code: _country_name(at, code),
        countries=_countries(at, own_only=False),
    )


@router.get("/stats")
def stats(days: str = "30", at: Desk = Depends(desk)) -> HTMLResponse:
    span = int(days) if days.isdigit() and int(days) in STAT_DAYS else 30
    found = at.service.casework.stats(at.user, span, at.zone)
    t = at.t
    today = at.now.astimezone(at.zone).date()  # the user's days, as their times
    days_shown = [(today - timedelta(days=n)).isoformat() for n in reversed(range(span))]
    per_day = dict.fromkeys(days_shown, 0) | found["by_day"]  # quiet days show as gaps
    charts = [
        ("kind", {t.label("kind", k): v for k, v in found["by_kind"].items()}),
        ("nationality", {_country_name(at, k): v for k, v in found["by_nationality"].items()}),
        ("place", {_place_name(at, k): v for k, v in found["by_place"].items()}),
        ("channel", {t.label("channel", k): v for k, v in found["by_channel"].items()}),
        ("status", {t.label("status", k): v for k, v in found["by_status"].items()}),
    ]
    return at.page(
        "stats.html",
        active="stats",
        stats=found,
        charts=charts,
        per_day=per_day,
        span=span,
        spans=STAT_DAYS,
    )


@router.get("/audit")
def audit(
    user_id: str = "",
    case_id: str = "",
    action: str = "",
    at: Desk = Depends(desk),
) -> HTMLResponse:
    refusal = Forbidden("only supervisors and admins read the audit log", "audit_supervisors_only")
    at.require(SUPERVISORS, refusal)
    entries = at.service.audit.entries(
        user_id=int(user_id) if user_id.isdigit() else None,
        case_id=int(case_id) if case_id.isdigit() else None,
        action=action.strip() or None,
        limit=300,
    )
    users = at.service.accounts.users()
    return at.page(
        "audit.html",
        active="audit",
        entries=entries,
        users=users,
        names=_names(at, users),
        form={"user_id": user_id, "case_id": case_id, "action": action},
        actions=sorted(
            ((code, at.t.label("action", code)) for code in LABELS["action"]), key=lambda a: a[1]
        ),
    )


# helpers


def _names(at: Desk, users: Sequence[User] | None = None) -> dict[int | None, str]:
    """Who is who on timelines and transcripts (account names: not the people helped)."""
    return {u.id: u.name for u in (users or at.service.accounts.users())}


def _city_name(at: Desk, place: str | None) -> str:
    """A directory city by its name; words the directory does not know, as the person said."""
    city = at.service.directory.city(place)
    return city.name if city else (place or "—")


def _consulate_name(at: Desk, code: str | None) -> str:
    consulate = at.service.directory.consulate(code)
    return consulate.name if consulate else (code or "—")


def _place_name(at: Desk, key: str) -> str:
    """A place as the statistics count it: a directory city, or "other" for free words."""
    return at.t(OTHER_PLACES) if key == OTHER_PLACE else _city_name(at, key)


def _country_name(at: Desk, code: str | None) -> str:
    country = at.service.directory.country(code)
    return country.name(at.t.lang) if country else (code or "—")


def _countries(at: Desk, own_only: bool = True) -> list[tuple[str, str]]:
    """The nationalities to filter cases by: a consul's own only (they see no other cases);
    the directory, which is no case, lists every one (`own_only=False`)."""
    consulates = at.service.directory.consulates
    if own_only and at.user.role == "consul":
        consulates = [c for c in consulates if c.id == at.user.consulate_id]
    served = sorted({c.serves for c in consulates})
    return sorted(((code, _country_name(at, code)) for code in served), key=lambda c: c[1])
