"""Channel-neutral messages: what every adapter turns a provider payload into, and back."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Media:
    """A photo, voice note or document the person sent, kept by reference."""

    url: str
    content_type: str


@dataclass(frozen=True)
class Location:
    """A location pin."""

    latitude: float
    longitude: float
    label: str | None = None


@dataclass(frozen=True)
class InboundMessage:
    """One message from a person, as the core sees it, whatever the channel.

    `text` may be raw bytes when a provider hands over something that is not valid UTF-8;
    the core cleans it. `language_hint` is a channel's guess (Telegram's language_code, the
    language chosen in a voice menu).
    """

    channel: str
    sender: str
    text: str | bytes = ""
    media: tuple[Media, ...] = ()
    location: Location | None = None
    language_hint: str | None = None
    # The hint is the person's own choice (the phone line's language menu): it holds whatever
    # the words look like, since the caller hears and is heard in that language.
    language_chosen: bool = False
    provider_message_id: str | None = None
    sender_name: str | None = None
    sender_phone: str | None = None  # E.164, where the channel reveals it
    # Over its sender's rate limit: kept in the transcript for an agent, not answered by the bot.
    throttled: bool = False


@dataclass(frozen=True)
class DeliveryStatus:
    """A provider's report on a message Amparo sent."""

    channel: str
    provider_message_id: str
    status: str  # queued, sent, delivered, read, failed, undelivered
    error_code: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Button:
    """A choice offered to the person; channels render it as a button or a numbered line."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message from Amparo to the person."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    language: str = "es"
    # The few replies that answer an opt-out or erase request go out even to an opted-out person.
    after_opt_out: bool = False
    # The response it was rendered from, so a channel can render it again (the phone line's
    # keypad wording, or a second language when a recording is missing).
    name: str | None = None
    values: dict[str, object] = field(default_factory=dict, compare=False)
