"""Who is calling: a bearer token (the API) or the console's cookie with its CSRF token.

Unsafe methods on a cookie session must carry the session's CSRF token (header
X-CSRF-Token or form field `csrf`): a page on another site can make the browser send the
cookie, but cannot read the token.
"""

import asyncio
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import OAuth2PasswordBearer

from amparo.service import Service
from api.deps import get_service
from data.models import AuthSession, User

COOKIE = "amparo_session"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
bearer = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


@dataclass
class Principal:
    user: User
    session: AuthSession
    token: str
    via: str  # "bearer" or "cookie"


async def principal(
    request: Request,
    token: str | None = Depends(bearer),
    service: Service = Depends(get_service),
) -> Principal:
    via, secret = ("bearer", token) if token else ("cookie", request.cookies.get(COOKIE))
    found = await asyncio.to_thread(service.accounts.session_for, secret, via) if secret else None
    if found is None:
        raise HTTPException(401, "log in first", headers={"WWW-Authenticate": "Bearer"})
    user, session = found
    if via == "cookie" and request.method not in SAFE_METHODS:
        sent = request.headers.get("x-csrf-token")
        if sent is None and "form" in request.headers.get("content-type", ""):
            sent = str((await request.form()).get("csrf") or "")
        if not sent or not session.csrf or not hmac.compare_digest(sent, session.csrf):
            raise HTTPException(403, "missing or wrong CSRF token")
    return Principal(user, session, secret, via)  # type: ignore[arg-type]


async def current_user(who: Principal = Depends(principal)) -> User:
    return who.user


CurrentUser = Annotated[User, Depends(current_user)]


def role(*roles: str) -> Callable[..., object]:
    """A dependency that lets only these roles through (403 for the others)."""

    async def check(user: User = Depends(current_user)) -> User:
        if user.role not in roles:
            raise HTTPException(403, f"only {', '.join(roles)} may do this")
        return user

    return check
