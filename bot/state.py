"""The dialogue state: what the core knows about one conversation between two messages.

Immutable values, like Rasa's tracker: the turn runner loads a `DialogueState`, the core
returns a new one, and the runner saves it. Other parts of Amparo (alerts, family tracing, the
phone line, casework) never write the state themselves: they hand the runner a `StateEvent`,
and `apply_event` says what it changes.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal

# Facts about the person, kept across reports so they are never asked twice.
PERSON_SLOTS = ("nationality", "place", "callback", "contact", "guided_country", "on_street")

QuestionTopic = Literal["erase_confirm", "stop_confirm", "safety", "consent"]


def frozen(values: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only copy of a mapping."""
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class Question:
    """A question waiting for the person's next message: confirm an erasure or an opt-out, the
    safety check of an alert (`ref`: the alert), or consent to tell a family (`ref`: the
    match)."""

    topic: QuestionTopic
    ref: int | None = None


@dataclass(frozen=True)
class CaseFacts:
    """The case this conversation is filling, as far as the dialogue needs it.

    `id` is None while the case is being filed in this very turn: the runner gives it one.
    """

    id: int | None
    ref: str
    kind: str
    priority: int
    nationality: str | None = None
    place: str | None = None
    consulate_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=frozen)
    language: str | None = None
    status: str = "new"

    @property
    def open(self) -> bool:
        """Whether the consulate is still working the case (not resolved or closed)."""
        return self.status not in ("resolved", "closed")

    def __post_init__(self) -> None:
        if not isinstance(self.details, MappingProxyType):
            object.__setattr__(self, "details", frozen(self.details))


@dataclass(frozen=True)
class Registrant:
    """What a consular registration holds about the person (asked only for a safety check)."""

    nationality: str | None = None
    place: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class DialogueState:
    """One conversation's state. `conversation_id` is None before the first message is kept."""

    channel: str
    sender: str
    conversation_id: int | None = None
    language: str | None = None
    active_form: str | None = None
    requested_slot: str | None = None
    slots: Mapping[str, Any] = field(default_factory=frozen)
    pending: Question | None = None
    case: CaseFacts | None = None
    human_requested: bool = False
    held_by: int | None = None  # an agent took the conversation over
    opted_out: bool = False
    registrant: Registrant | None = None
    # The payloads of the numbered list the last answer offered ("1" picks the first); empty
    # when it offered none; None for a state stored before lists were kept (the core infers).
    choices: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.slots, MappingProxyType):
            object.__setattr__(self, "slots", frozen(self.slots))


# Changes that come from outside the dialogue, through the runner.


@dataclass(frozen=True)
class Ask:
    """Another part of Amparo put a question to the person. With `unless_busy`, a question of
    another topic already waiting is not replaced (an alert never hides a consent question)."""

    question: Question
    unless_busy: bool = False


@dataclass(frozen=True)
class Withdraw:
    """A question that no longer stands (the match was closed)."""

    question: Question


@dataclass(frozen=True)
class CallStarted:
    """A phone call begins: no form half-filled, and the caller's number to call back."""

    caller: str | None


@dataclass(frozen=True)
class CallbackGiven:
    """A caller who withheld their number typed one to be called back on."""

    number: str


@dataclass(frozen=True)
class SlotAsked:
    """The phone line put one of the open form's questions itself (before the queue)."""

    slot: str


@dataclass(frozen=True)
class FactNoted:
    """Something the phone line observed that weighs like a stated fact ("unanswered")."""

    fact: str


@dataclass(frozen=True)
class CallDropped:
    """The call ended in the middle of the dialogue."""


@dataclass(frozen=True)
class LanguageChosen:
    language: str


@dataclass(frozen=True)
class HumanRequested:
    """The person asked for (or was offered) a person."""


@dataclass(frozen=True)
class CaseOpened:
    """A case was filed outside the dialogue (a phone callback) for this conversation."""

    case: CaseFacts


@dataclass(frozen=True)
class Held:
    """An agent took the conversation over (at `at`, for the console)."""

    agent_id: int
    at: datetime | None = None


@dataclass(frozen=True)
class Released:
    """The conversation went back to the bot."""


StateEvent = (
    Ask
    | Withdraw
    | CallStarted
    | CallbackGiven
    | SlotAsked
    | FactNoted
    | CallDropped
    | LanguageChosen
    | HumanRequested
    | CaseOpened
    | Held
    | Released
)


def apply_event(state: DialogueState, event: StateEvent) -> DialogueState:
    """The state after an outside event."""
    match event:
        case Ask(question, unless_busy):
            if unless_busy and state.pending and state.pending.topic != question.topic:
                return state
            return replace(state, pending=question)
        case Withdraw(question):
            return replace(state, pending=None) if state.pending == question else state
        case CallStarted(caller):
            slots = state.slots
            if caller:  # the caller's number is the contact unless they give another
                slots = {"callback": caller, "contact": caller, **slots}
            return replace(
                state,
                active_form=None,
                requested_slot=None,
                pending=None,
                slots=slots,
                choices=None,  # the call opens with the main menu
            )
        case CallbackGiven(number):
            return replace(state, slots={**state.slots, "callback": number, "contact": number})
        case SlotAsked(slot):
            return replace(state, requested_slot=slot) if state.active_form else state
        case FactNoted(fact):
            facts = [*state.slots.get("facts", []), fact]
            return replace(state, slots={**state.slots, "facts": list(dict.fromkeys(facts))})
        case CallDropped():
            return replace(state, active_form=None, requested_slot=None, pending=None, choices=None)
        case LanguageChosen(language):
            return replace(state, language=language)
        case HumanRequested():
            return replace(state, human_requested=True)
        case CaseOpened(case):
            return replace(state, case=case)
        case Held(agent_id, _):
            return replace(state, held_by=agent_id)
        case Released():
            return replace(state, held_by=None, human_requested=False)
    raise TypeError(f"not a state event: {event!r}")
