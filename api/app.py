"""The FastAPI application."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from amparo.background import background
from amparo.casework.errors import Conflict, Forbidden, Invalid, NotFound
from amparo.service import Service, build_service
from amparo.settings import Settings, get_settings
from api import console
from api.console import alerts as console_alerts
from api.console import replies as console_replies
from api.console import tracing as console_tracing
from api.docs import add_docs
from api.middleware import RequestContext
from api.routes import (
    alerts,
    auth,
    cases,
    conversations,
    health,
    metrics,
    parse,
    people,
    tracing,
    voice,
    webhooks,
)

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """The app; the service is built at start-up unless one is given (tests share one)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "service", None) is None:
            app.state.service = build_service(settings or get_settings())
        service: Service = app.state.service
        handle = service.settings.runs_worker_in_api
        async with background(service, handle_messages=handle) as (worker, escalator):
            app.state.worker, app.state.escalator = worker, escalator
            yield

    app = FastAPI(
        title="Amparo",
        version="0.1.0",
        summary="Hotline and chatbot for migrants caught in a crisis abroad.",
        lifespan=lifespan,
        docs_url=None,  # served by add_docs, without a CDN
        redoc_url=None,  # ReDoc would load its script from a CDN
    )
    app.state.service = service
    app.include_router(health.router)
    app.include_router(parse.router)
    app.include_router(webhooks.router)
    app.include_router(voice.router)
    app.include_router(auth.router)
    app.include_router(cases.router)
    app.include_router(conversations.router)
    app.include_router(metrics.router)
    app.include_router(people.router)
    app.include_router(tracing.router)
    app.include_router(alerts.router)

    app.add_middleware(RequestContext)

    app.include_router(console.router)
    app.include_router(console_alerts.router)
    add_docs(app)
    app.include_router(console_replies.router)
    app.include_router(console_tracing.router)

    @app.exception_handler(OperationalError)
    async def _storage_away(request: Request, exc: OperationalError) -> JSONResponse:
        # Nothing was stored: say so, so that providers send the message again later.
        log.warning("database unavailable during %s", request.url.path)
        return JSONResponse(
            {"detail": "storage unavailable, try again"},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    statuses = {NotFound: 404, Conflict: 409, Forbidden: 403, Invalid: 422}
    for error, code in statuses.items():

        async def _casework(request: Request, exc: Exception, code: int = code) -> JSONResponse:
            return JSONResponse({"detail": str(exc)}, status_code=code)

        app.add_exception_handler(error, _casework)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Say what was wrong without echoing the person's text back into logs or responses.
        errors = [
            {"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    return app
