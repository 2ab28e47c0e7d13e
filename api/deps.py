"""Dependencies injected into routes."""

from typing import Annotated

from fastapi import Depends, Request

from amparo.service import Service


async def get_service(request: Request) -> Service:
    """The service built at start-up (async: FastAPI would run a plain def in a thread)."""
    return service_of(request)


def service_of(request: Request) -> Service:
    """The same without dependency injection, for the webhooks: solving a dependency cost a
    tenth of their time, and providers time out."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]
