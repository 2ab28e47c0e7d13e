"""SQLite's one write lock, shared by the threads of one process: held from a transaction's
first write to its end, however it ends; a writer waiting for it is woken at once, and the
inbox's writes go before the others."""

import threading
import time
from contextlib import nullcontext

import pytest
from sqlalchemy import text

from data.sqlite import WriteGate, gate_for

SQL = "INSERT INTO optout (sender_hash, channel, created_at) VALUES (:h, 'sms', '2026-01-01')"


def test_urgent_writers_go_first_then_the_others_in_turn():
    gate, got = WriteGate(), []

    def writer(name: str, urgent: bool) -> None:
        with gate.urgent() if urgent else nullcontext():
            gate.acquire()
        got.append(name)
        time.sleep(0.05)
        gate.release()

    assert gate.acquire()  # a long transaction holds the lock
    threads = [threading.Thread(target=writer, args=a) for a in (("core", False), ("inbox", True))]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    assert got == []
    gate.release()
    for thread in threads:
        thread.join(5)
    assert got == ["inbox", "core"]


def test_a_waiting_writer_is_woken_when_the_lock_is_released():
    gate, woke = WriteGate(), []
    gate.acquire()
    thread = threading.Thread(target=lambda: woke.append((gate.acquire(), time.monotonic())))
    thread.start()
    time.sleep(0.3)
    released = time.monotonic()
    gate.release()
    thread.join(5)
    assert woke and woke[0][0] is True
    assert woke[0][1] - released < 2.5  # not left to a timeout: SQLite's own waits 5 s


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_connection_holds_the_lock_from_its_first_write_to_its_end(store, end):
    gate = gate_for(store.url)
    connection = store.engine.raw_connection()
    cursor = connection.cursor()
    cursor.execute("SELECT count(*) FROM optout").fetchall()
    assert not gate.busy  # reading takes nothing
    cursor.execute(SQL.replace(":h", "'someone'"))
    assert gate.busy
    getattr(connection, end)()
    assert not gate.busy
    if end != "close":
        connection.close()


def test_a_refused_write_rolls_back_and_frees_the_lock(store):
    with pytest.raises(Exception, match="UNIQUE"), store.engine.begin() as db:
        db.execute(text(SQL), {"h": "twice"})
        db.execute(text(SQL), {"h": "twice"})
    assert not gate_for(store.url).busy
    with store.engine.begin() as db:
        db.execute(text(SQL), {"h": "after"})
