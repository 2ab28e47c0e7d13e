"""Twilio's, Meta's and Telegram's APIs, faked on 127.0.0.1: every call is recorded, and the
next calls can be made to fail (status, body, delay) on demand."""

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

_TWILIO = re.compile(r"^/2010-04-01/Accounts/(?P<sid>\w+)/Messages\.json$")
_GRAPH = re.compile(r"^/v[\d.]+/(?P<phone_id>\w+)/messages$")
_TELEGRAM = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")


@dataclass
class Failure:
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    provider: str | None = None


@dataclass
class Call:
    provider: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]
    answer: dict[str, Any] = field(default_factory=dict)  # what the provider replied

    @property
    def text(self) -> str:
        """The message text, whichever provider it went to."""
        if self.provider == "twilio":
            return self.params.get("Body", "")
        if self.provider == "whatsapp":
            p = self.params
            if p.get("type") == "text":
                return p["text"]["body"]
            if p.get("type") == "interactive":
                return p["interactive"]["body"]["text"]
            return ""
        return self.params.get("text", "")


class FakeProvider:
    """Start with `start()`; `url` is its base URL; `calls` what was sent to it."""

    def __init__(self) -> None:
        self.calls: list[Call] = []  # delivered: what reached the person
        self.attempts: list[Call] = []  # every request, failed ones included
        self.failures: list[Failure] = []
        self.outage: tuple[float, list[Failure]] | None = None  # (until, failures in turn)
        self.outage_count = 0
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                provider._handle(self)

            def do_GET(self) -> None:  # noqa: N802
                provider._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "FakeProvider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, times: int, status: int, provider: str | None = None, **kw: Any) -> None:
        """Answer the next `times` calls (to `provider`, or any) with this failure."""
        with self.lock:
            self.failures += [Failure(status, provider=provider, **kw) for _ in range(times)]

    def fail_for(self, seconds: float, *failures: Failure) -> None:
        """Answer every call with these failures, in turn, for `seconds` (an outage)."""
        with self.lock:
            self.outage = (time.monotonic() + seconds, list(failures))

    def sent(self, provider: str | None = None) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if provider is None or c.provider == provider]

    def wait_for(
        self, count: int, provider: str | None = None, timeout: float = 10.0
    ) -> list[Call]:
        """Block until `count` calls were recorded (then a short settle), or fail."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.sent(provider)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise AssertionError(
            f"expected {count} calls to {provider or 'any'}, got {len(self.sent(provider))}"
        )

    # request handling

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        path = handler.path.split("?")[0]
        ctype = handler.headers.get("Content-Type", "")
        params: dict[str, Any] = {}
        if "json" in ctype and raw:
            params = json.loads(raw)
        elif raw:
            params = dict(parse_qsl(raw.decode()))
        provider = (
            "twilio" if _TWILIO.match(path) else "whatsapp" if _GRAPH.match(path)
            else "telegram" if _TELEGRAM.match(path) else "unknown"
        )  # fmt: skip
        with self.lock:
            failure = next((f for f in self.failures if f.provider in (None, provider)), None)
            call = Call(provider, path, dict(handler.headers), params)
            self.attempts.append(call)
            if failure:
                self.failures.remove(failure)
            elif self.outage and time.monotonic() < self.outage[0]:
                failure = self.outage[1][self.outage_count % len(self.outage[1])]
                self.outage_count += 1
            else:
                self.calls.append(call)
        if failure:
            time.sleep(failure.delay)
            return self._reply(handler, failure.status, failure.body, failure.headers)
        status, body = self._answer(provider, path, params)
        call.answer = body
        self._reply(handler, status, body, {})

    def _answer(
        self, provider: str, path: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        if provider == "twilio":
            return 201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "to": params.get("To")}
        if provider == "whatsapp":
            return 200, {
                "messaging_product": "whatsapp",
                "contacts": [{"input": params.get("to"), "wa_id": params.get("to")}],
                "messages": [{"id": "wamid." + uuid.uuid4().hex}],
            }
        if provider == "telegram":
            method = _TELEGRAM.match(path)["method"]  # type: ignore[index]
            if method == "getMe":
                return 200, {
                    "ok": True,
                    "result": {
                        "id": 4242,
                        "is_bot": True,
                        "first_name": "Amparo",
                        "username": "amparo_bot",
                    },
                }
            if method == "sendMessage":
                return 200, {
                    "ok": True,
                    "result": {
                        "message_id": len(self.calls),
                        "date": int(time.time()),
                        "chat": {"id": int(params["chat_id"]), "type": "private"},
                        "text": params.get("text", ""),
                    },
                }
            return 200, {"ok": True, "result": True}
        return 404, {"error": "unknown endpoint"}

    @staticmethod
    def _reply(
        handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any], headers: dict[str, str]
    ) -> None:
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
