"""Accounts of the people who work the hotline: roles, Argon2 passwords, sessions, lockout.

A session is a random token given once to the client and stored only as its SHA-256: a bearer
token for the API, or a cookie (with its own CSRF token) for the web console. Logging out
deletes it. Repeated wrong passwords lock the account for a while.
"""

import hashlib
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import select

from amparo.casework.audit import Audit
from data.models import AuthSession, User, as_utc, utcnow
from data.store import Store

ROLES = ("admin", "supervisor", "agent", "consul")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


class AuthError(Exception):
    """Login refused; the message is safe to show (it never says which part was wrong)."""


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

    def authenticate(self, username: str, password: str) -> User:
        """The user, or AuthError; failures count towards a lockout and are audited."""
        with self.store.transaction():  # the failure count commits even when login fails
            user, error = self._check(username, password)
        if error:
            raise AuthError(error)
        assert user is not None
        return user

    def _check(self, username: str, password: str) -> tuple[User | None, str | None]:
        now = self.clock()
        with self.store.transaction() as session:
            query = select(User).where(User.username == username.strip().lower())
            user = session.exec(query).first()
            if user is None or not user.active:
                self._verify(self._dummy, password)
                self.audit.record(None, "login_failed")
                return None, "wrong username or password"
            if user.locked_until and as_utc(user.locked_until) > now:
                self.audit.record(user, "login_locked")
                return None, "too many failed logins: try again later"
            if not self._verify(user.password_hash, password):
                user.failed_logins += 1
                if user.failed_logins >= self.max_failures:
                    user.locked_until, user.failed_logins = now + self.lockout, 0
                    self.audit.record(user, "locked_out")
                self.audit.record(user, "login_failed")
                return None, "wrong username or password"
            user.failed_logins, user.locked_until = 0, None
            if self.hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self.hasher.hash(password)
            self.audit.record(user, "login")
            return user, None

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
