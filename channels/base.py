"""The one small interface every provider adapter implements: verify, parse, statuses, send."""

import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from channels.messages import DeliveryStatus, InboundMessage


class SignatureError(Exception):
    """The request is not from the provider (missing or wrong signature): answer 403."""


class PayloadError(ValueError):
    """The request is from the provider but cannot be understood: answer 400 with this message."""


def same_secret(given: str, expected: str) -> bool:
    """A secret sent in a header or query equals ours (in constant time). Compared as bytes:
    `hmac.compare_digest` raises TypeError on non-ASCII text, which a forged header may hold."""
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def json_body(body: bytes) -> Any:
    """The body as JSON; PayloadError if it is not JSON or is nested too deeply to read."""
    try:
        return json.loads(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise PayloadError("body is not JSON") from exc
    except RecursionError as exc:  # "[[[[…", thousands deep
        raise PayloadError("body is nested too deeply") from exc


@dataclass(frozen=True)
class WebhookRequest:
    """A webhook call as the provider made it, free of any web framework.

    `url` is the public URL the provider called (query string included), `body` the raw bytes.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes
    form: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        if wanted in self.headers:  # web frameworks hand headers over in lower case
            return self.headers[wanted]
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


@dataclass(frozen=True)
class Outgoing:
    """One message to send: rendered by the adapter for its channel."""

    channel: str
    recipient: str
    text: str
    buttons: tuple[tuple[str, str], ...] = ()  # (title, payload)
    language: str = "es"
    template: str | None = None  # an approved template (WhatsApp), when free text may not go
    last_inbound_at: Any = None  # datetime of the person's last message, for service windows


# sent; retry (not sent, try again); failed (not sent, never retry); held (not sent: waits for
# the person, e.g. outside WhatsApp's service window); unknown (may have been sent: never resent)
Outcome = Literal["sent", "retry", "failed", "held", "unknown"]


@dataclass(frozen=True)
class SendResult:
    """A send has three outcomes: sent, failed (retry or not), unknown (may have been sent)."""

    outcome: Outcome
    provider_message_id: str | None = None
    error: str | None = None
    retry_after: float | None = None
    opted_out: bool = False  # the provider says the person opted out (Twilio 21610)


class ChannelAdapter(Protocol):
    """A provider, seen by the rest of Amparo.

    Each adapter module checks its class against this protocol for mypy
    (`_protocol: type[ChannelAdapter] = TheAdapter`).
    """

    @property
    def name(self) -> str: ...

    @property
    def channels(self) -> tuple[str, ...]:
        """The channel names its messages carry."""

    def verify(self, request: WebhookRequest) -> None:
        """Raise SignatureError unless the request is signed by the provider."""

    def parse(self, request: WebhookRequest) -> list[InboundMessage]:
        """The people's messages in the request (raise PayloadError if malformed)."""

    def statuses(self, request: WebhookRequest) -> list[DeliveryStatus]:
        """The delivery reports in the request."""

    async def send(self, message: Outgoing) -> SendResult:
        """Send one message through the provider's API."""
