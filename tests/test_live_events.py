"""A migrant's message reaches the agent's screen as it happens (server-sent events)."""

import contextlib
import json
import queue
import threading
import time
from collections.abc import Callable

import httpx

from tests import signing
from tests.conftest import Served, settle
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD


def test_a_new_message_reaches_the_open_event_stream_as_it_happens(served: Served) -> None:
    # Pushed on the stream already open, not polled; how fast is measured by hand, not here
    # (a timed assertion fails on a loaded machine).
    served.app.state.service.accounts.create_user("ana", "Ana", PASSWORD, "agent")
    with httpx.Client(base_url=served.url, timeout=10) as http:
        token = http.post("/api/auth/token", data={"username": "ana", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert http.get("/api/events").status_code == 401
        events: queue.Queue[dict] = queue.Queue()
        connected = threading.Event()

        def listen() -> None:
            with http.stream("GET", "/api/events", headers=headers) as stream:
                for line in stream.iter_lines():
                    if line.startswith(": connected"):
                        connected.set()
                    if line.startswith("data: "):
                        event = json.loads(line[6:])
                        events.put(event)
                        if event["type"] == "case_filed":
                            return

        threading.Thread(target=listen, daemon=True).start()
        assert connected.wait(5)
        doc = wa.incoming("wamid.live1", "text", {"body": "ayuda, nos están atacando"})
        assert http.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
        event = events.get(timeout=15)
        while event["type"] != "message":
            event = events.get(timeout=15)
        assert event["direction"] == "in" and isinstance(event["conversation_id"], int)
        assert "atacando" not in json.dumps(event)  # ids only: the text is fetched with checks
        filed = events.get(timeout=15)
        assert filed["type"] == "case_filed" and filed["priority"] <= 2


class Listener:
    """One user's /api/events stream, read on a thread into a queue of events."""

    def __init__(self, http: httpx.Client, username: str, query: str = "") -> None:
        token = http.post("/api/auth/token", data={"username": username, "password": PASSWORD})
        self.headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        self.events: queue.Queue[dict] = queue.Queue()
        connected = threading.Event()

        def listen() -> None:
            with (
                contextlib.suppress(httpx.HTTPError),  # the client closes at the test's end
                http.stream("GET", f"/api/events{query}", headers=self.headers) as stream,
            ):
                for line in stream.iter_lines():
                    if line.startswith(": connected"):
                        connected.set()
                    if line.startswith("data: "):
                        self.events.put(json.loads(line[6:]))

        threading.Thread(target=listen, daemon=True).start()
        assert connected.wait(5)

    def until(self, found: Callable[[dict], bool], timeout: float = 15) -> list[dict]:
        """The events up to and including the first one `found` accepts."""
        seen, deadline = [], time.monotonic() + timeout
        while True:
            seen.append(self.events.get(timeout=max(0.01, deadline - time.monotonic())))
            if found(seen[-1]):
                return seen


def _case_from(http: httpx.Client, wa_id: str, country: str) -> None:
    for n, text in enumerate(["perdí mi pasaporte, necesito documentos", country, "Houston"]):
        doc = wa.incoming(
            f"wamid.{wa_id}.{n}", "text", {"body": text}, sender=wa_id, wa_id=wa_id,
            user_id=f"MX.{wa_id}",
        )  # fmt: skip
        assert http.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200


def test_a_consul_hears_only_their_consulates_cases_and_conversations(served: Served) -> None:
    service = served.app.state.service
    service.accounts.create_user("gabriel", "Gabriel", PASSWORD, "consul", "gt-houston")
    service.accounts.create_user("hugo", "Hugo", PASSWORD, "consul", "hn-houston")
    with httpx.Client(base_url=served.url, timeout=30) as http:
        listeners = {"gt-houston": Listener(http, "gabriel"), "hn-houston": Listener(http, "hugo")}
        _case_from(http, "5215550100031", "soy de Guatemala")
        _case_from(http, "5215550100032", "soy de Honduras")
        settle(served)  # type: ignore[arg-type]
        cases = {c.consulate_id: c for c in service.store.cases()}
        assert set(cases) == set(listeners)
        for consulate, listener in listeners.items():
            mine, other = (
                cases[consulate],
                next(c for c in cases.values() if c.consulate_id != consulate),
            )
            # Their own change, the last thing they hear: everything before it was theirs too.
            changed = http.post(
                f"/api/cases/{mine.id}/status",
                json={"status": "acknowledged", "reason": "seen"},
                headers=listener.headers,
            )
            assert changed.status_code == 200, changed.text
            heard = listener.until(lambda e, case=mine.id: e == {
                "type": "case_updated", "case_id": case, "status": "acknowledged"
            })  # fmt: skip
            leaked = [
                e for e in heard
                if e.get("case_id") == other.id or e.get("conversation_id") == other.conversation_id
            ]  # fmt: skip
            assert leaked == [], consulate


def test_the_conversation_filter_is_by_exact_id(served: Served) -> None:
    service = served.app.state.service
    service.accounts.create_user("ana", "Ana", PASSWORD, "agent")
    ids = [service.store.conversation("sms", f"+1505555{n:04d}").id for n in range(56)]
    assert {5, 56} <= set(ids)
    with httpx.Client(base_url=served.url, timeout=30) as http:
        five = Listener(http, "ana", "?conversation_id=5")
        for conversation_id in (56, 15, 5):
            taken = http.post(
                f"/api/conversations/{conversation_id}/takeover", headers=five.headers
            )
            assert taken.status_code == 200, taken.text
        heard = five.until(lambda e: e["type"] == "conversation_held")
        assert [e["conversation_id"] for e in heard] == [5]
