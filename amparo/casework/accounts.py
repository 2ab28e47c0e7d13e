"""Accounts of the people who work the hotline: roles, Argon2 passwords, sessions, lockout.

A session is a random token given once to the client and stored only as its SHA-256: a bearer
token for the API, or a cookie (with its own CSRF token) for the web console. Logging out
deletes it. Repeated wrong passwords lock the account for a while.
"""

import hashlib
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, update
from sqlmodel import col, select

from amparo.casework.audit import Audit
from amparo.casework.errors import Refusal
from data.models import AuthSession, User, as_utc, utcnow
from data.store import Store

ROLES = ("admin", "supervisor", "agent", "consul")
MIN_PASSWORD = 10
WRONG = "wrong username or password"  # every refusal says only this


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


class AuthError(Refusal):
    """Login refused; the message is safe to show (it never says which part was wrong)."""

    def __init__(self, message: str = WRONG) -> None:
        super().__init__(message, "wrong_login")


class Accounts:
    def __init__(
        self,
        store: Store,
        audit: Audit,
        *,
        max_failures: int = 5,
        lockout: timedelta = timedelta(minutes=15),
        session_hours: float = 12,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.audit = audit
        self.hasher = PasswordHasher()
        self.max_failures = max_failures
        self.lockout = lockout
        self.session_ttl = timedelta(hours=session_hours)
        self.clock = clock
        # Verifying against this keeps a wrong username as slow as a wrong password.
        self._dummy = self.hasher.hash(secrets.token_hex(16))

    def create_user(
        self,
        username: str,
        name: str,
        password: str,
        role: str,
        consulate_id: str | None = None,
        language: str = "es",
    ) -> User:
        username = username.strip().lower()
        if not username:
            raise AccountError("a username is needed")
        if role not in ROLES:
            raise AccountError(f"role must be one of {', '.join(ROLES)}")
        if role == "consul" and not consulate_id:
            raise AccountError("a consul is bound to a consulate: give its id")
        if role != "consul" and consulate_id:
            raise AccountError("only consuls are bound to a consulate")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"passwords have at least {MIN_PASSWORD} characters")
        with self.store.transaction() as session:
            if session.exec(select(User).where(User.username == username)).first():
                raise AccountError(f"user {username} exists")
            user = User(
                username=username,
                name=name,
                password_hash=self.hasher.hash(password),
                role=role,
                consulate_id=consulate_id,
                language=language,
            )
            session.add(user)
            session.flush()
            return user

    def users(self) -> Sequence[User]:
        with self.store.transaction() as session:
            return list(session.exec(select(User).order_by(User.username)))

    def user(self, user_id: int) -> User | None:
        with self.store.transaction() as session:
            return session.get(User, user_id)

    def remember(self, user: User, name: str, value: Any) -> User:
        """Keep one of the console's choices for this user (the queue's filters)."""
        with self.store.transaction() as session:
            found = session.get(User, user.id)
            if found is None:
                raise AccountError(f"no user {user.id}")
            found.preferences = {**found.preferences, name: value}
            session.add(found)
            return found

    def authenticate(self, username: str, password: str) -> User:
        """The user, or AuthError; failures count towards a lockout and are audited.

        Each attempt is counted before its password is checked, in one UPDATE ... RETURNING
        that only succeeds while the account is not locked and has attempts left: parallel
        guesses cannot read the same count and all be checked. A locked account (or one whose
        last attempts are being checked) is refused exactly like a wrong password, after as
        long, so the lockout does not tell who has an account."""
        now = self.clock()
        name = username.strip().lower()
        with self.store.transaction() as session:
            attempt = session.exec(
                update(User)
                .where(
                    col(User.username) == name,
                    col(User.active).is_(True),
                    or_(col(User.locked_until).is_(None), col(User.locked_until) <= now),
                    col(User.failed_logins) < self.max_failures,
                )
                .values(failed_logins=col(User.failed_logins) + 1)
                .returning(col(User.id), col(User.failed_logins))
            ).first()
        if attempt is None:
            self._verify(self._dummy, password)
            with self.store.transaction() as session:
                user = session.exec(select(User).where(User.username == name)).first()
                known = user is not None and user.active
                self.audit.record(
                    user if known else None, "login_locked" if known else "login_failed"
                )
            raise AuthError(WRONG)
        user_id, count = attempt
        with self.store.transaction() as session:
            user = session.get(User, user_id)
            assert user is not None
        if self._verify(user.password_hash, password):
            with self.store.transaction() as session:
                user.failed_logins, user.locked_until = 0, None
                if self.hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = self.hasher.hash(password)
                session.add(user)
                self.audit.record(user, "login")
            return user
        with self.store.transaction() as session:
            self.audit.record(user, "login_failed")
            if count >= self.max_failures:  # the last attempt allowed: lock, and start again
                session.exec(
                    update(User)
                    .where(col(User.id) == user_id)
                    .values(locked_until=now + self.lockout, failed_logins=0)
                )
                self.audit.record(user, "locked_out")
        raise AuthError(WRONG)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def open_session(self, user: User, kind: str) -> tuple[str, str | None]:
        """A new token (and a CSRF token for cookie sessions), shown to the client once."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24) if kind == "cookie" else None
        with self.store.transaction() as session:
            session.add(
                AuthSession(
                    token_hash=_digest(token),
                    user_id=user.id,  # type: ignore[arg-type]
                    kind=kind,
                    csrf=csrf,
                    expires_at=self.clock() + self.session_ttl,
                )
            )
        return token, csrf

    def session_for(self, token: str, kind: str) -> tuple[User, AuthSession] | None:
        """The user and session behind a token, if it is live."""
        with self.store.transaction() as session:
            found = session.get(AuthSession, _digest(token))
            if found is None or found.kind != kind:
                return None
            if as_utc(found.expires_at) <= self.clock():
                session.delete(found)
                return None
            user = session.get(User, found.user_id)
            if user is None or not user.active:
                return None
            return user, found

    def close_session(self, token: str) -> None:
        with self.store.transaction() as session:
            found = session.get(AuthSession, _digest(token))
            if found is not None:
                self.audit.record(session.get(User, found.user_id), "logout")
                session.delete(found)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
