"""SQLite in one process: WAL, foreign keys, and one writer at a time, the inbox first.

SQLite has a single write lock. Threads of one process that meet at it would wait in
SQLite's busy handler, which sleeps in growing steps of up to 100 ms between tries: a webhook
storing one message could wait many times longer than the transaction in its way. Here a
writer waits on a condition instead, is woken the moment the last writer commits, and the
inbox's writes go before the core's, so a provider's webhook never queues behind a backlog.
Other processes on the same file still meet SQLite's own busy timeout.
"""

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import create_engine

BUSY_SECONDS = 5.0
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteGate:
    """The file's write lock, mirrored in this process: held from a transaction's first write
    to its commit or rollback; waiters marked urgent go first."""

    def __init__(self) -> None:
        self._free = threading.Condition()
        self._held = False
        self._urgent_waiting = 0
        self._local = threading.local()

    @contextmanager
    def urgent(self) -> Iterator[None]:
        """Writes made by this thread inside the block go before other threads' writes."""
        before = getattr(self._local, "urgent", False)
        self._local.urgent = True
        try:
            yield
        finally:
            self._local.urgent = before

    @property
    def busy(self) -> bool:
        """Whether a transaction of this process holds the lock."""
        return self._held

    def acquire(self) -> bool:
        """Wait for the lock; False after BUSY_SECONDS (SQLite's busy timeout decides then)."""
        urgent = getattr(self._local, "urgent", False)
        deadline = time.monotonic() + BUSY_SECONDS
        with self._free:
            self._urgent_waiting += urgent
            try:
                while self._held or (self._urgent_waiting and not urgent):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._free.wait(left)
                self._held = True
                return True
            finally:
                self._urgent_waiting -= urgent

    def release(self) -> None:
        with self._free:
            self._held = False
            self._free.notify_all()


class _Cursor(sqlite3.Cursor):
    connection: "_Connection"

    def execute(self, sql: str, parameters: Any = (), /) -> "_Cursor":
        self.connection.before(sql)
        return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> "_Cursor":
        self.connection.before(sql)
        return super().executemany(sql, parameters)


class _Connection(sqlite3.Connection):
    """A connection that takes the gate at its first write and gives it back when its
    transaction ends, however it ends."""

    gate: WriteGate | None = None
    holds = False

    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)

    def before(self, sql: str) -> None:
        writes = sql.lstrip()[:7].upper().startswith(_WRITES)
        if writes and self.gate is not None and not self.holds:
            self.holds = self.gate.acquire()

    def _ended(self) -> None:
        if self.holds and self.gate is not None:
            self.holds = False
            self.gate.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._ended()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._ended()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._ended()


_gates: dict[str, WriteGate] = {}
_gates_lock = threading.Lock()


def gate_for(url: str) -> WriteGate:
    """One gate per database file in this process, however many engines open it."""
    with _gates_lock:
        return _gates.setdefault(url, WriteGate())


def sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "factory": _Connection})
    gate = gate_for(url)

    @event.listens_for(engine, "connect")
    def _prepare(dbapi_connection: _Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        dbapi_connection.gate = gate

    return engine
