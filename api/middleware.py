"""One plain ASGI middleware for every request: a request id for the logs, and the per-IP
limit on /api and /console. Plain ASGI because Starlette's BaseHTTPMiddleware (what
`@app.middleware` builds) more than halved the webhooks' throughput, and webhooks must be
acknowledged fast."""

import itertools
import json
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from amparo.observability import request_id

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
                return await self._refuse(send_with_id)
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)

    async def _over_limit(self, scope: Scope) -> bool:
        """People's API and console traffic is limited per client address; webhooks are
        limited per sender instead (one provider address carries everyone's messages)."""
        service: Any = getattr(scope["app"].state, "service", None)
        client = scope.get("client")
        if not (scope["path"].startswith(LIMITED) and client and service):
            return False
        limit = service.settings.ip_limit_per_minute
        return not await service.limiter.allow(f"ip:{client[0]}", limit)

    async def _refuse(self, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), (b"retry-after", b"60")]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": TOO_MANY})
