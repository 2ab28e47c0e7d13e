"""The REST adapters' HTTP client, and what an HTTP answer from a provider's API means for the
outbox (shared by the REST adapters)."""

import asyncio
import ssl
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

from channels.base import SendResult

# A connection that never opened carried nothing: safe to retry. A timeout after the request
# left may have delivered it: "unknown", never resent blindly.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# What httpcore hands a network backend as socket options (setsockopt's arguments).
_SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


def client(timeout: float, verify: ssl.SSLContext | bool = True) -> httpx.AsyncClient:
    """An httpx client whose connections run on asyncio's own streams. httpx's default network
    layer (anyio) cost a fifth of each send's CPU in the sender: a task group per connect, a
    cancel scope per read and write. Proxies from the environment keep httpx's own transport."""
    transport = httpx.AsyncHTTPTransport(verify=verify)
    pool = transport._pool  # httpx builds the pool (TLS context, limits); only the sockets change
    assert isinstance(pool, httpcore.AsyncConnectionPool)
    pool._network_backend = _AsyncioBackend()
    return httpx.AsyncClient(timeout=timeout, transport=transport)


class _AsyncioStream(httpcore.AsyncNetworkStream):
    """A connection as httpcore reads and writes it, with its errors as httpcore's: a timeout
    before the request left is a ConnectTimeout (safe to retry, see `post`), after, a
    ReadTimeout or WriteTimeout."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self.reader.read(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.ReadError(exc) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            self.writer.write(buffer)
            async with asyncio.timeout(timeout):
                await self.writer.drain()
        except TimeoutError as exc:
            raise httpcore.WriteTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.WriteError(exc) from exc

    async def aclose(self) -> None:
        self.writer.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self.writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as exc:
            await self.aclose()
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:  # ssl.SSLError included
            await self.aclose()
            raise httpcore.ConnectError(exc) from exc
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # idle in the pool: closed by the server, or stray bytes
            return self.reader.at_eof() or bool(self.reader._buffer)  # type: ignore[attr-defined]
        names = {"ssl_object": "ssl_object", "client_addr": "sockname",
                 "server_addr": "peername", "socket": "socket"}  # fmt: skip
        return self.writer.get_extra_info(names[info]) if info in names else None


class _AsyncioBackend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        local = (local_address, 0) if local_address else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(host, port, local_addr=local)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(exc) from exc
        except OSError as exc:
            raise httpcore.ConnectError(exc) from exc
        for option in socket_options or ():  # as httpcore's anyio backend: after the connect
            writer.get_extra_info("socket").setsockopt(*option)
        return _AsyncioStream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def post(
    client: httpx.AsyncClient,
    url: httpx.URL | str,
    interpret: Callable[[httpx.Response], SendResult],
    **kwargs: Any,
) -> SendResult:
    """POST and turn the outcome into a SendResult; `interpret` reads the provider's answer."""
    try:
        response = await client.post(url, **kwargs)
    except _NOT_SENT as exc:
        return SendResult("retry", error=f"connection failed: {type(exc).__name__}")
    except httpx.TimeoutException as exc:
        return SendResult("unknown", error=f"no answer after sending: {type(exc).__name__}")
    except httpx.HTTPError as exc:
        return SendResult("retry", error=f"transport error: {type(exc).__name__}")
    if response.status_code == 429 or response.status_code >= 500:
        return SendResult(
            "retry",
            error=f"HTTP {response.status_code}",
            retry_after=retry_after(response),
        )
    return interpret(response)


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
