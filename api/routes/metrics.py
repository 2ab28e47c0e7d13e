"""Prometheus metrics (text exposition format)."""

import asyncio

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST

from amparo.observability import StoreCollector, render
from amparo.service import Service
from api.deps import get_service

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
async def metrics(service: Service = Depends(get_service)) -> Response:
    """Queue depths, processing latency, sends and delivery failures per channel, open cases
    per priority and SLA breaches. Workers serve their own with `amparo worker --metrics-port`."""
    collector = StoreCollector(service.store, service.casework.deadlines)
    body = await asyncio.to_thread(render, collector)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
