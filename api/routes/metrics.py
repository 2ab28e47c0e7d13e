"""Prometheus metrics (text exposition format), for the holder of METRICS_TOKEN only."""

import asyncio

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from amparo.observability import StoreCollector, render
from amparo.service import Service
from amparo.settings import secret
from api.deps import get_service
from channels.base import same_secret

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}},
        401: {"description": "Without METRICS_TOKEN as a bearer token"},
        404: {"description": "METRICS_TOKEN is not set: not served on this port"},
    },
)
async def metrics(request: Request, service: Service = Depends(get_service)) -> Response:
    """Queue depths, processing latency, sends and delivery failures per channel, open cases
    per priority and SLA breaches. Workers serve their own with `amparo worker --metrics-port`.
    The figures say how many people are in danger where: never open on the public port."""
    token = secret(service.settings.metrics_token)
    if not token:
        raise HTTPException(404, "metrics are not served here without METRICS_TOKEN")
    if not same_secret(request.headers.get("authorization", ""), f"Bearer {token}"):
        raise HTTPException(
            401, "send METRICS_TOKEN as a bearer token", headers={"WWW-Authenticate": "Bearer"}
        )
    collector = StoreCollector(service.store, service.casework.deadlines)
    body = await asyncio.to_thread(render, collector)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
