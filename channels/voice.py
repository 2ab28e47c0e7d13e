"""Channel-neutral phone calls: what a telephony adapter parses a request into (CallEvent), and
what it renders as the provider's call-control language (Step, made of Prompts)."""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Prompt:
    """Something said to the caller: text spoken by a voice, or a recording played."""

    text: str
    voice: str | None = None
    locale: str | None = None
    audio: str | None = None


@dataclass(frozen=True)
class Step:
    """What the caller hears next, and what happens after.

    action: ask (prompts inside a Gather), handoff (to an agent), record (a voice message),
    wait (music in the queue), leave (the queue), hangup, screen (asks an agent dialled to
    accept), connect (the agent accepted), or nothing.
    """

    action: str
    prompts: tuple[Prompt, ...] = ()
    turn: int | None = None  # ask: the turn the answer continues; None starts the call again
    # ask: menu, yes_no or anything_else (one key), number (keys then #), speech
    expect: str = "menu"
    speech_locale: str | None = None
    hints: tuple[str, ...] = ()
    handoff_if_silent: bool = False  # ask: no answer goes to an agent rather than back to us
    after: tuple[Prompt, ...] = ()  # record: said when the caller left no message
    transcribe: bool = False  # record: ask the provider for a transcription

    def stored(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def restore(cls, data: dict[str, Any]) -> "Step":
        fields = {**data, "prompts": tuple(Prompt(**p) for p in data.get("prompts", []))}
        fields["after"] = tuple(Prompt(**p) for p in data.get("after", []))
        fields["hints"] = tuple(data.get("hints", []))
        return cls(**fields)


@dataclass(frozen=True)
class CallEvent:
    """One request of the provider about a call."""

    call_sid: str
    caller: str | None = None  # E.164; None when the number is withheld
    line_country: str | None = None  # ISO code of the number called: where callers mostly are
    speech: str = ""
    digits: str = ""
    turn: int | None = None
    restart: bool = False
    status: str | None = None
    outcome: str | None = None  # of the hand-off: bridged, leave, queue-full, no-answer …
    queue_seconds: int = 0
    recording_url: str | None = None
    recording_seconds: int | None = None
    transcription: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
