"""A migrant's message reaches the agent's screen as it happens (server-sent events)."""

import json
import queue
import threading
import time

import httpx

from tests import signing
from tests.conftest import Served
from tests.payloads import whatsapp as wa
from tests.people import PASSWORD


def test_a_new_message_reaches_the_event_stream_within_a_second(served: Served) -> None:
    served.app.state.service.accounts.create_user("ana", "Ana", PASSWORD, "agent")
    with httpx.Client(base_url=served.url, timeout=10) as http:
        token = http.post("/api/auth/token", data={"username": "ana", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert http.get("/api/events").status_code == 401
        events: queue.Queue[tuple[float, dict]] = queue.Queue()
        connected = threading.Event()

        def listen() -> None:
            with http.stream("GET", "/api/events", headers=headers) as stream:
                for line in stream.iter_lines():
                    if line.startswith(": connected"):
                        connected.set()
                    if line.startswith("data: "):
                        event = json.loads(line[6:])
                        events.put((time.monotonic(), event))
                        if event["type"] == "case_filed":
                            return

        threading.Thread(target=listen, daemon=True).start()
        assert connected.wait(5)
        doc = wa.incoming("wamid.live1", "text", {"body": "ayuda, nos están atacando"})
        sent_at = time.monotonic()
        assert http.post("/webhooks/whatsapp", **signing.whatsapp(doc)).status_code == 200
        arrived, event = events.get(timeout=5)
        while event["type"] != "message":
            arrived, event = events.get(timeout=5)
        assert event["direction"] == "in" and isinstance(event["conversation_id"], int)
        assert arrived - sent_at < 1.0
        assert "atacando" not in json.dumps(event)  # ids only: the text is fetched with checks
        _, filed = events.get(timeout=5)
        assert filed["type"] == "case_filed" and filed["priority"] <= 2
