"""What every console page shares: templates, language, the logged-in desk, flash messages.

Console routes use `ConsoleRoute`, so a missing login becomes a redirect to the login page
and refusals (CSRF, role, a case that is not yours) become HTML pages rather than the API's
JSON. Who may see what is decided by `api.security.principal` and by Casework, as in the API.
"""

import json
import secrets
from collections.abc import Callable, Collection, Coroutine, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from amparo.casework.cases import SUPERVISORS
from amparo.casework.errors import Forbidden, NotFound, Refusal
from amparo.casework.idempotency import R
from amparo.service import Service
from api.console.i18n import LANGUAGES, Translator, pick_language
from api.console.labels import N_
from api.console.times import UTC, local_text, time_tag, user_zone
from api.deps import get_service
from api.idempotency import fingerprint, parse_key
from api.security import principal
from data.models import User, as_utc

HERE = Path(__file__).parent
STATIC = HERE / "static"
LANG_COOKIE = "amparo_lang"
FLASH_COOKIE = "amparo_flash"
LOGIN_COOKIE = "amparo_login"  # double-submit token for the login form (no session yet)
HOME = "/console/queue"
LEFT, OVERDUE = N_("%(t)s left"), N_("overdue by %(t)s")  # console.js ticks them on
# Nothing from outside, no inline script or style: a stray injected tag cannot run.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@pass_context
def _when(context: Context, moment: datetime | None) -> Markup | str:
    """A time as every console page shows it: in the user's zone, UTC on hover."""
    return time_tag(moment, context["zone"], context["t"]) if moment else "—"


@pass_context
def _local(context: Context, moment: datetime | None) -> str:
    """The same time as plain text, for an attribute (a title)."""
    return local_text(moment, context["zone"], context["t"]) if moment else "—"


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat()


def _link(url: object) -> str | None:
    """Only web links become hrefs: a media URL comes from outside and could be javascript:."""
    text = str(url or "")
    return text if text.startswith(("https://", "http://")) else None


templates.filters.update(when=_when, local=_local, iso=_iso, link=_link)
# Every action form carries a fresh one-time token (`once`): a double click or a resent form
# posts the same token twice, and the second does nothing again (amparo.casework.idempotency).
ONCE_FIELD = "once"
templates.globals["once_token"] = lambda: secrets.token_urlsafe(18)


class LoginRequired(Exception):
    """No live console session: the page answers with the login form."""


@dataclass
class Timer:
    """An acknowledgement deadline as shown in the queue; console.js keeps it ticking."""

    due: datetime
    text: str
    overdue: bool


@dataclass
class Desk:
    """The logged-in user at the console and what each page needs to render for them."""

    request: Request
    service: Service
    user: User
    csrf: str
    token: str
    t: Translator
    form_token: str | None = None  # the posted form's one-time token
    form_fingerprint: str = ""

    @property
    def now(self) -> datetime:
        return as_utc(self.service.casework.clock())

    @property
    def zone(self) -> ZoneInfo:
        """The user's time zone: every time on their pages is shown in it."""
        settings = self.service.settings
        return user_zone(self.user, self.service.directory, settings.console_time_zone)

    def timer(self, due: datetime) -> Timer:
        left = (as_utc(due) - self.now).total_seconds()
        message = LEFT if left >= 0 else OVERDUE
        return Timer(as_utc(due), self.t(message, t=clock_text(abs(left))), left < 0)

    def require(self, roles: Collection[str], refusal: Forbidden) -> None:
        """Only these roles may open this page or send this form."""
        if self.user.role not in roles:
            raise refusal

    def page(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A whole page; it shows (and clears) the flash message left by the last action."""
        flash = read_flash(self.request, self.t)
        response = self.fragment(template, status, flash=flash, **values)
        if flash:
            response.delete_cookie(FLASH_COOKIE, path="/console")
        return response

    def fragment(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A page or a part of one (the live regions re-fetch these)."""
        context = self.context() | values
        return HTMLResponse(templates.get_template(template).render(context), status)

    def context(self) -> dict[str, Any]:
        return base_context(self.request, self.t) | {
            "user": self.user,
            "csrf": self.csrf,
            "supervisor": self.user.role in SUPERVISORS,
            "now": self.now,
            "zone": self.zone,
        }

    def once(self, action: Callable[[], R]) -> int | None:
        """Do a form's action once per its one-time token; the id of what it made or changed
        (by the first post of the token, when this one is a repeat)."""
        if self.form_token is None:
            return action().id
        return self.service.idempotency.once(
            self.user, self.form_token, self.form_fingerprint, action
        ).result_id

    def redirect(
        self, url: str, *, notice: str | None = None, error: Refusal | None = None
    ) -> Response:
        """After a form: back to a page (POST, redirect, GET), with what happened: a notice's
        message, or a refusal's code and params (translated when shown)."""
        response = RedirectResponse(url, status_code=303)
        if notice or error:
            said: list[object] = (
                ["error", error.code, error.params] if error else ["notice", notice, {}]
            )
            response.set_cookie(
                FLASH_COOKIE,
                quote(json.dumps(said, default=str)),
                max_age=60,
                path="/console",
                httponly=True,
                samesite="lax",
            )
        return response


def base_context(request: Request, t: Translator) -> dict[str, Any]:
    others = [code for code in LANGUAGES if code != t.lang]
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {
        "t": t,
        "_": t,
        "lang": t.lang,
        "other_langs": others,
        "here": here,
        "user": None,
        "supervisor": False,
        "flash": None,
        "zone": UTC,
    }


def read_flash(request: Request, t: Translator) -> dict[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        kind, text, params = json.loads(unquote(raw))
    except (ValueError, TypeError):
        return None
    # A notice is a message of the catalogue; an error, a refusal's code.
    return {"kind": kind, "text": t.error(text, params) if kind == "error" else t(text)}


def clock_text(seconds: float) -> str:
    """0:12:05 or 1:02:03: one format for every deadline, like the ticking timers in
    console.js (not "6:36" beside "3:52:57")."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def language_of(request: Request, user: User | None = None) -> Translator:
    """The switch link's choice, else the user's language, else the browser's."""
    return Translator(
        pick_language(
            request.cookies.get(LANG_COOKIE),
            user.language if user else None,
            request.headers.get("accept-language", ""),
        )
    )


def safe_next(target: str | None) -> str:
    """Only a console path: a login link must not send anyone to another site."""
    if target and target.startswith("/console/") and "//" not in target and "\\" not in target:
        return target
    return HOME


async def desk(request: Request, service: Service = Depends(get_service)) -> Desk:
    """The console's user from the session cookie; unsafe methods must carry the CSRF token
    (checked by api.security.principal, as for the API's cookie sessions)."""
    try:
        who = await principal(request, None, service)
    except HTTPException as exc:
        if exc.status_code == 401:
            raise LoginRequired from exc
        raise
    t = language_of(request, who.user)
    found = Desk(request, service, who.user, who.session.csrf or "", who.token, t)
    if request.method == "POST" and "form" in request.headers.get("content-type", ""):
        form = await request.form()  # already read for the CSRF check
        found.form_token = parse_key(str(form.get(ONCE_FIELD) or "") or None)
        body = urlencode([(k, str(v)) for k, v in form.multi_items()]).encode()
        found.form_fingerprint = fingerprint(request.method, request.url.path, body)
    request.state.desk = found
    return found


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def error_page(
    request: Request, status: int, code: str, params: Mapping[str, Any] | None = None
) -> HTMLResponse:
    """A refusal as a page, said in the user's language from its code."""
    found: Desk | None = getattr(request.state, "desk", None)
    if found is not None:
        message = found.t.error(code, params)
        return found.fragment("error.html", status, code=status, message=message)
    t = language_of(request)
    context = base_context(request, t) | {"code": status, "message": t.error(code, params)}
    return HTMLResponse(templates.get_template("error.html").render(context), status)


class ConsoleRoute(APIRoute):
    """Console answers are HTML pages: login redirects, refusal pages, security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                response = await handler(request)
            except LoginRequired:
                target = "/console/login"
                if request.method == "GET" and request.url.path != HOME:
                    target += f"?next={quote(request.url.path)}"
                response = RedirectResponse(target, status_code=303)
            except HTTPException as exc:
                # A console page meets a 403 from api.security.principal only for its CSRF
                # check: roles are Casework's Forbidden, below.
                code = "csrf" if exc.status_code == 403 else "refused"
                response = error_page(request, exc.status_code, code)
            except NotFound as exc:
                response = error_page(request, 404, exc.code, exc.params)
            except Forbidden as exc:
                response = error_page(request, 403, exc.code, exc.params)
            except RequestValidationError:
                response = error_page(request, 422, "invalid_request")
            for name, value in HEADERS.items():
                response.headers.setdefault(name, value)
            response.headers.setdefault("Cache-Control", "no-store")  # pages hold case data
            return response

        return handle
