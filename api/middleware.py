"""One plain ASGI middleware for every request: a request id for the logs, the per-IP limit
on /api and /console, and each route's body size limit. Plain ASGI because Starlette's
BaseHTTPMiddleware (what `@app.middleware` builds) more than halved the webhooks' throughput,
and webhooks must be acknowledged fast."""

import itertools
import json
import uuid
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amparo.observability import request_id
from amparo.tracing import pfif

LIMITED = ("/api/", "/console")

# Unique without a call to the OS per request: a random prefix for this process, then a count.
_PREFIX, _count = uuid.uuid4().hex[:16], itertools.count()
TOO_MANY = json.dumps({"detail": "too many requests from this address; wait a minute"}).encode()


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = next((v for k, v in scope["headers"] if k == b"x-request-id"), b"").decode(
            "latin-1"
        )
        ok = 0 < len(given) <= 64 and given.isprintable()
        rid = given if ok else f"{_PREFIX}{next(_count):016x}"
        token = request_id.set(rid)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            if await self._over_limit(scope):
                return await self._refuse(send_with_id, 429, TOO_MANY, ((b"retry-after", b"60"),))
            limit = self._body_limit(scope)
            if limit is None:
                return await self.app(scope, receive, send_with_id)
            declared = next((v for k, v in scope["headers"] if k == b"content-length"), b"0")
            if declared.isdigit() and int(declared) > limit:  # said up front: nothing is read
                return await self._refuse(send_with_id, 413, _too_large(limit))
            await self.app(scope, _limited(receive, limit), send_with_id)
        finally:
            request_id.reset(token)

    @staticmethod
    def _body_limit(scope: Scope) -> int | None:
        service: Any = getattr(scope["app"].state, "service", None)
        if service is None:
            return None
        if scope["path"] == "/api/pfif/import":
            return pfif.MAX_BYTES  # partner lists are large
        return int(service.settings.max_webhook_bytes)  # webhooks, /model/parse, forms

    async def _over_limit(self, scope: Scope) -> bool:
        """People's API and console traffic is limited per client address; webhooks are
        limited per sender instead (one provider address carries everyone's messages). The
        client is the connecting address, or whom a TRUSTED_PROXIES proxy forwards for: uvicorn
        resolves it (Settings.proxy_options), never from a header anyone else wrote."""
        service: Any = getattr(scope["app"].state, "service", None)
        client = scope.get("client")
        if not (scope["path"].startswith(LIMITED) and client and service):
            return False
        limit = service.settings.ip_limit_per_minute
        return not await service.limiter.allow(f"ip:{client[0]}", limit)

    async def _refuse(
        self, send: Send, status: int, body: bytes, headers: tuple[tuple[bytes, bytes], ...] = ()
    ) -> None:
        length = str(len(body)).encode()
        all_headers = [(b"content-type", b"application/json"), (b"content-length", length)]
        all_headers += headers
        await send({"type": "http.response.start", "status": status, "headers": all_headers})
        await send({"type": "http.response.body", "body": body})


def _too_large(limit: int) -> bytes:
    return json.dumps({"detail": f"body over {limit} bytes"}).encode()


def _limited(receive: Receive, limit: int) -> Receive:
    """`receive`, counting a body as it streams in (chunked or not): past `limit` it raises
    413 to whatever is reading, so no route ever holds more than the limit and one chunk."""
    received = 0

    async def receive_limited() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"body over {limit} bytes")
        return message

    return receive_limited
