"""What an HTTP answer from a provider's API means for the outbox (shared by the REST adapters)."""

from collections.abc import Callable
from typing import Any

import httpx

from channels.base import SendResult

# A connection that never opened carried nothing: safe to retry. A timeout after the request
# left may have delivered it: "unknown", never resent blindly.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


async def post(
    client: httpx.AsyncClient,
    url: str,
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
