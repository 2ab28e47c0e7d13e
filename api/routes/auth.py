"""Logging in and out of the API (OAuth2 password flow, bearer tokens)."""

import asyncio

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.security import OAuth2PasswordRequestForm

from amparo.casework.accounts import AuthError
from amparo.service import Service
from api.deps import get_service
from api.schemas import Token, UserOut
from api.security import Principal, current_user, principal
from data.models import User

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/token", response_model=Token, responses={401: {"description": "Refused"}})
async def token(
    form: OAuth2PasswordRequestForm = Depends(), service: Service = Depends(get_service)
) -> Token:
    """Exchange a username and password for a bearer token."""
    try:
        user = await asyncio.to_thread(service.accounts.authenticate, form.username, form.password)
    except AuthError as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
    secret, _ = await asyncio.to_thread(service.accounts.open_session, user, "bearer")
    return Token(access_token=secret, expires_in=int(service.settings.session_hours * 3600))


@router.post("/auth/logout", status_code=204)
async def logout(
    who: Principal = Depends(principal), service: Service = Depends(get_service)
) -> Response:
    """End this session (the token or cookie stops working at once)."""
    await asyncio.to_thread(service.accounts.close_session, who.token)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut)
async def me(user: User = Depends(current_user)) -> User:
    """The logged-in user."""
    return user
