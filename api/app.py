"""The FastAPI application."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from amparo.service import Service, build_service
from amparo.settings import Settings, get_settings
from amparo.worker import Worker
from api.routes import health, parse, voice, webhooks

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """The app; the service is built at start-up unless one is given (tests share one)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "service", None) is None:
            app.state.service = build_service(settings or get_settings())
        service: Service = app.state.service
        worker = Worker(
            service.store,
            service.core,
            service.queue,
            service.adapters,
            outbox=service.outbox,
            traffic=service.traffic,
        )
        await worker.start()
        app.state.worker = worker
        try:
            yield
        finally:
            await worker.stop()

    app = FastAPI(
        title="Amparo",
        version="0.1.0",
        summary="Hotline and chatbot for migrants caught in a crisis abroad.",
        lifespan=lifespan,
    )
    app.state.service = service
    app.include_router(health.router)
    app.include_router(parse.router)
    app.include_router(webhooks.router)
    app.include_router(voice.router)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Say what was wrong without echoing the person's text back into logs or responses.
        errors = [
            {"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    return app
