"""The standard `Idempotency-Key` header on the API's routes that write to people: an agent's
reply, a status change with its follow-up, a crisis alert. The same key from the same user
gets the same answer, with `Idempotent-Replayed: true`, and nothing is done twice; a key sent
again with another request is refused (422), one whose first request still runs after a wait
gets a 409 (draft-ietf-httpapi-idempotency-key-header). Without the header, a request runs as
before."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, Response

from amparo.casework.idempotency import MAX_KEY, R
from amparo.service import Service
from api.deps import ServiceDep
from api.security import CurrentUser
from data.models import User

REPLAYED = "Idempotent-Replayed"


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What a key was first sent with: a repeat must be the same request."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def parse_key(raw: str | None) -> str | None:
    """The key as sent, bare or as the draft's quoted string; 400 if it cannot be one."""
    if raw is None:
        return None
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 0 < len(key) <= MAX_KEY or not (key.isascii() and key.isprintable()):
        raise HTTPException(
            400, f"Idempotency-Key must be 1 to {MAX_KEY} printable ASCII characters"
        )
    return key


@dataclass
class Once:
    """This request's key, bound to its user and its request."""

    service: Service
    user: User
    key: str | None
    fingerprint: str
    response: Response

    def run(self, action: Callable[[], R], again: Callable[[int], R]) -> R:
        """`action`'s result, or, for a key already used, what `again` reads of the result
        the first request made (by id: its words are not kept)."""
        if self.key is None:
            return action()
        done = self.service.idempotency.once(self.user, self.key, self.fingerprint, action)
        if done.fresh is not None:
            return done.fresh
        assert done.result_id is not None
        self.response.headers[REPLAYED] = "true"
        return again(done.result_id)


async def once(
    request: Request,
    response: Response,
    user: CurrentUser,
    service: ServiceDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Any unique string (a UUID): a retry with the same key gets the "
            "first answer and does nothing twice; kept 24 hours.",
        ),
    ] = None,
) -> Once:
    key = parse_key(idempotency_key)
    body = await request.body()
    return Once(service, user, key, fingerprint(request.method, request.url.path, body), response)


OnceDep = Annotated[Once, Depends(once)]
