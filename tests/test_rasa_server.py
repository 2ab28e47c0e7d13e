"""With RASA_URL set, intents come from a Rasa server's /model/parse; the built-in NLU is the
fallback when it is down or answers nonsense. A stand-in of Rasa's endpoint runs on loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from amparo.runtime.turns import TurnRunner
from bot.dialogue import Core
from bot.nlu import RasaNLU
from channels.messages import InboundMessage


class FakeRasa(BaseHTTPRequestHandler):
    """Answers POST /model/parse as Rasa 3.x does; records what it was asked."""

    requests: list[dict] = []
    mode = "ok"

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeRasa.requests.append({"path": self.path, "body": body})
        if FakeRasa.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        payload = (
            b"<html>not json</html>"
            if FakeRasa.mode == "garbage"
            else json.dumps(
                {
                    "text": body["text"],
                    "intent": {"name": "human", "confidence": 0.97},
                    "intent_ranking": [
                        {"name": "human", "confidence": 0.97},
                        {"name": "greet", "confidence": 0.03},
                    ],
                    "entities": [
                        {
                            "entity": "person_name",
                            "value": "Ana",
                            "start": 0,
                            "end": 3,
                            "confidence_entity": 0.9,
                            "extractor": "DIETClassifier",
                        }
                    ],
                    "text_tokens": [[0, 3]],
                }
            ).encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def rasa_url():
    FakeRasa.requests, FakeRasa.mode = [], "ok"
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_intent_comes_from_rasa(nlu, rasa_url):
    remote = RasaNLU(rasa_url, nlu)
    result = remote.parse("Ana necesita ayuda en Tapachula")
    assert FakeRasa.requests == [
        {"path": "/model/parse", "body": {"text": "Ana necesita ayuda en Tapachula"}}
    ]
    assert (result.intent, result.confidence, result.source) == ("human", 0.97, "rasa")
    assert [name for name, _ in result.ranking] == ["human", "greet"]
    entities = {(e.entity, e.value) for e in result.entities}
    assert ("person_name", "Ana") in entities  # Rasa's entity, which the rules did not find
    assert ("place", "Tapachula") in entities  # the built-in rules' normalised entity
    assert result.language == "es"


@pytest.mark.parametrize("mode", ["error", "garbage"])
def test_falls_back_to_builtin_on_bad_answers(nlu, rasa_url, mode):
    FakeRasa.mode = mode
    result = RasaNLU(rasa_url, nlu).parse("ayuda estamos atrapados por el agua")
    assert result.source == "builtin" and result.intent == "distress"


def test_falls_back_when_rasa_is_unreachable(nlu):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    port = server.server_address[1]
    server.server_close()  # nothing listens there now
    result = RasaNLU(f"http://127.0.0.1:{port}", nlu, timeout=0.5).parse("m bezwen èd tanpri")
    assert result.source == "builtin" and result.language == "ht"


def test_core_runs_on_rasa_intents(core, nlu, rasa_url, store):
    on_rasa = Core(RasaNLU(rasa_url, nlu), core.responses, core.forms, core.directory, core.lexicon)
    turn = TurnRunner(store, on_rasa).handle(
        InboundMessage(channel="sms", sender="+15055550150", text="quiero un agente")
    )
    assert "human_requested" in turn.events
    assert store.conversation("sms", "+15055550150").human_requested


def test_serve_with_rasa_url_reports_it(service, nlu, rasa_url, client):
    service.nlu = RasaNLU(rasa_url, nlu)
    assert client.get("/health").json()["nlu"] == "RasaNLU"
    assert client.post("/model/parse", json={"text": "hola"}).json()["intent"]["name"] == "human"
