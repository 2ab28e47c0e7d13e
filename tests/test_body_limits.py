"""Request bodies over a route's limit are refused as they stream in (issue 14, point 2): a
300 MB chunked upload to a webhook once grew the server by 540 MB before its 413. Each request
here is written on a raw socket to a real uvicorn server, and its body never ends: a server
that buffers a body before checking its size never answers, one that counts as it reads
answers 413 after the limit and at most one more chunk."""

import json
import socket
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from amparo.settings import Settings
from amparo.tracing import pfif
from tests import signing
from tests.conftest import Served, serving
from tests.people import PASSWORD

LIMIT = 64_000
CHUNK = 8_192
# The most uvicorn hands an app in one message: it stops reading the socket past 64 KiB.
ONE_MESSAGE = 65_536 + CHUNK


class Counting:
    """The app as uvicorn runs it, counting the body bytes uvicorn hands it: what the server
    read and held of a body."""

    def __init__(self, app: Any) -> None:
        self.app, self.state, self.read = app, app.state, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted() -> Message:
            message = await receive()
            self.read += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


@pytest.fixture
def server(
    channel_settings: Settings, make_app: Callable[[Settings], TestClient]
) -> Iterator[Served]:
    settings = channel_settings.model_copy(update={"max_webhook_bytes": LIMIT})
    with serving(Counting(make_app(settings).app)) as found:
        yield found


def unfinished(
    served: Served,
    path: str,
    headers: dict[str, str],
    body_bytes: int,
    declared: int | None,
    start: bytes = b"",
) -> tuple[int, dict[str, object]]:
    """POST the first `body_bytes` of a body that never ends (`start`, then x…): chunked
    without the last chunk, or shorter than its Content-Length (`declared`); the status and
    JSON of the answer."""
    url = urlsplit(served.url)
    framing = f"Content-Length: {declared}" if declared else "Transfer-Encoding: chunked"
    head = f"POST {path} HTTP/1.1\r\nHost: {url.hostname}\r\n{framing}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    assert url.hostname and url.port
    with socket.create_connection((url.hostname, url.port), timeout=20) as sock:
        sock.sendall(head.encode())
        for n in range(body_bytes // CHUNK):
            piece = (start if n == 0 else b"") + b"x" * CHUNK
            sock.sendall(piece if declared else f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        answer = b""
        while not _complete(answer):
            data = sock.recv(65536)  # a server waiting for the body's end: socket.timeout
            if not data:
                break
            answer += data
    status = int(answer.split(b" ", 2)[1])
    return status, json.loads(answer.split(b"\r\n\r\n", 1)[1] or b"null")


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


# What a provider sends: right headers and signatures, so that only the size is wrong.
TELEGRAM = {"X-Telegram-Bot-Api-Secret-Token": signing.TELEGRAM_SECRET}
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/webhooks/telegram", {**TELEGRAM, **JSON}),
        ("/webhooks/whatsapp", {"X-Hub-Signature-256": "sha256=0", **JSON}),
        ("/webhooks/twilio/messaging", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("/model/parse", JSON),
    ],
)
def test_a_body_over_the_limit_is_refused_while_it_streams(
    server: Served, path: str, headers: dict[str, str]
) -> None:
    too_large = (413, {"detail": f"body over {LIMIT} bytes"})
    # Said to be too long up front: refused before any of it is sent, or read.
    assert unfinished(server, path, headers, 0, declared=300_000_000) == too_large
    assert server.app.read == 0
    # Chunked, its size unsaid: counted as it arrives, and answered although it never ends,
    # having read no more than the limit and what came with the bytes that passed it.
    assert unfinished(server, path, headers, 5 * LIMIT, declared=None) == too_large
    assert LIMIT < server.app.read <= LIMIT + ONE_MESSAGE < 5 * LIMIT


def test_pfif_import_is_refused_past_its_own_limit(
    server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = server.app.state.service
    service.accounts.create_user("sara", "Sara", PASSWORD, "supervisor")
    form = {"username": "sara", "password": PASSWORD}
    token = httpx.post(f"{server.url}/api/auth/token", data=form).json()["access_token"]
    monkeypatch.setattr(pfif, "MAX_BYTES", LIMIT)  # 50 MB in production: the same code path
    staff = {"Authorization": f"Bearer {token}"}
    too_large = (413, {"detail": f"body over {LIMIT} bytes"})
    upload = b'--b\r\nContent-Disposition: form-data; name="file"; filename="list.xml"\r\n\r\n'
    for content_type, start in (
        ("application/xml", b""),
        ("multipart/form-data; boundary=b", upload),  # an upload, as a browser sends one
    ):
        headers = {**staff, "Content-Type": content_type}
        server.app.read = 0
        assert unfinished(server, "/api/pfif/import", headers, 5 * LIMIT, None, start) == too_large
        assert LIMIT < server.app.read <= LIMIT + ONE_MESSAGE
