"""What a turn asks the rest of Amparo to do, as plain values; the turn runner carries them out
in the turn's transaction. The core never does any of it itself."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.state import frozen


@dataclass(frozen=True)
class FileCase:
    """File a new case with this reference (a fresh one the runner handed the core)."""

    kind: str
    ref: str
    fields: Mapping[str, Any]
    details: Mapping[str, Any] = field(default_factory=frozen)


@dataclass(frozen=True)
class UpdateCase:
    """The conversation's case changes: these fields and details; `changed` names the slots."""

    fields: Mapping[str, Any]
    details: Mapping[str, Any]
    changed: tuple[str, ...]


@dataclass(frozen=True)
class NoteOnCase:
    """A line on the case's timeline (human_requested, reported_safe)."""

    event: str


@dataclass(frozen=True)
class WithdrawCase:
    """Close the conversation's case, which was no report after all (a menu digit for an
    emergency, then only a question about the consulate), saying why on its timeline."""

    reason: str


@dataclass(frozen=True)
class RecordCheckin:
    """The person said they are safe."""

    language: str
    place: str | None
    nationality: str | None
    companions: tuple[str, ...] = ()
    people_count: int | None = None
    # True: where they are or where they are from, told after the check-in, completes it
    # (one person safe is one check-in, not two).
    amend: bool = False
    facts: tuple[str, ...] = ()  # every vulnerability told so far ("children", "elderly")
    contact: str | None = None  # a number given to reach them, not the one they write from


@dataclass(frozen=True)
class SaveRegistrant:
    """A consular registration, after the person's explicit yes."""

    fields: Mapping[str, Any]


@dataclass(frozen=True)
class OptOut:
    """Never write to this person again until they ask to restart."""


@dataclass(frozen=True)
class OptIn:
    """The person asked to talk again."""


@dataclass(frozen=True)
class Erase:
    """Remove the person's messages and personal details; nothing of the turn is kept."""


@dataclass(frozen=True)
class AnswerSafety:
    """The answer to an alert's safety check."""

    alert_id: int | None
    answer: Literal["safe", "need_help"]


@dataclass(frozen=True)
class AnswerConsent:
    """The found person's answer: may their family be told where they are?"""

    match_id: int
    consent: bool


Effect = (
    FileCase
    | UpdateCase
    | NoteOnCase
    | WithdrawCase
    | RecordCheckin
    | SaveRegistrant
    | OptOut
    | OptIn
    | Erase
    | AnswerSafety
    | AnswerConsent
)
