"""Dependencies injected into routes."""

from fastapi import Request

from amparo.service import Service


def get_service(request: Request) -> Service:
    """The service built at start-up."""
    return request.app.state.service
