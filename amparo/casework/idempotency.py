"""Requests done once: a retry or a double click with the same key does nothing twice.

A client names a request with the standard `Idempotency-Key` header (the console's forms
carry a one-time token instead). The first request with a key claims it in a short committed
transaction (unique per user), then runs; what it made or changed is recorded on the key. A
request arriving with a claimed key waits for the first to finish and gets its answer; one
whose first request failed runs again (nothing was done); a key sent with another request is
refused. Claiming before running, rather than in the action's own transaction, keeps an action
that commits in chunks (an alert to 100,000 people) as it is: if the process dies mid-way the
key stays claimed and retries are refused, never run twice.
"""

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, delete, select

from amparo.casework.audit import Audit
from amparo.casework.errors import Conflict, Invalid
from data.models import RequestKey, User, as_utc, utcnow
from data.store import Store

KEEP = timedelta(hours=24)  # how long a key is remembered (as the IETF draft and Stripe do)
WAIT_SECONDS = 10.0  # how long a repeat waits for the first request before a 409
POLL_SECONDS = 0.05
MAX_KEY = 255


class HasId(Protocol):
    @property
    def id(self) -> int | None: ...


R = TypeVar("R", bound=HasId)


@dataclass(frozen=True)
class Done(Generic[R]):
    """What a request with a key did: `fresh` is the object when this request did it, None
    when an earlier request with the key had (then only its id is known)."""

    result_id: int | None
    fresh: R | None = None


class Idempotency:
    def __init__(self, store: Store, audit: Audit, clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.audit = audit
        self.clock = clock

    def once(self, user: User, key: str, fingerprint: str, action: Callable[[], R]) -> Done[R]:
        """Run `action` unless this user already sent `key` (checked by api.idempotency)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            claim = self._claim(user, key, fingerprint)
            if claim is not None:
                return self._run(claim, action)
            found = self._find(user, key)
            if found is not None:
                if found.fingerprint != fingerprint:
                    raise Invalid(
                        "this idempotency key was already used for another request",
                        "idempotency_reused",
                    )
                if found.done_at is not None:
                    self.audit.record(user, "request_replayed", result_id=found.result_id)
                    return Done(found.result_id)
            if time.monotonic() > deadline:
                raise Conflict(
                    "a request with this idempotency key is still running", "idempotency_running"
                )
            if found is not None:  # still running; else its first request failed: claim again
                time.sleep(POLL_SECONDS)

    def _claim(self, user: User, key: str, fingerprint: str) -> RequestKey | None:
        """The key, claimed for this request; None if someone has it."""
        expired = as_utc(self.clock()) - KEEP
        try:
            with self.store.transaction() as session:
                session.exec(  # forget this user's old keys (keeps the table small)
                    delete(RequestKey).where(
                        col(RequestKey.user_id) == user.id, col(RequestKey.created_at) < expired
                    )
                )
                claim = RequestKey(user_id=user.id, key=key, fingerprint=fingerprint)  # type: ignore[arg-type]
                session.add(claim)
                session.flush()
                return claim
        except IntegrityError:
            return None

    def _find(self, user: User, key: str) -> RequestKey | None:
        with self.store.transaction() as session:
            return session.exec(
                select(RequestKey).where(RequestKey.user_id == user.id, RequestKey.key == key)
            ).first()

    def _run(self, claim: RequestKey, action: Callable[[], R]) -> Done[R]:
        try:
            result = action()
        except BaseException:
            # Nothing was done: let go of the key so that a retry may run. (With the database
            # away this fails too; the key then stays claimed and retries get a 409.)
            with contextlib.suppress(Exception), self.store.transaction() as session:
                session.exec(delete(RequestKey).where(col(RequestKey.id) == claim.id))
            raise
        with self.store.transaction() as session:
            claim.result_id, claim.done_at = result.id, self.clock()
            session.add(claim)
        return Done(result.id, result)
