"""Dependencies injected into routes."""

from fastapi import Request

from amparo.service import Service


async def get_service(request: Request) -> Service:
    """The service built at start-up (async: FastAPI would run a plain def in a thread)."""
    return request.app.state.service
