"""Decision tables: (state, message) → (replies, effects, next state), with no database.

Like Rasa's test stories, but one turn at a time and on the pure core: every row of the YAML
files under tests/decisions/ builds a `DialogueState` and an `InboundMessage`, runs
`core.read` then `core.decide(state, msg, reading, "AMP-TEST01")`, and compares the decision
with what the row expects. Only the session's `core` fixture is used: no store, no service.

A row:

    - name: flood_on_the_roof            # unique in the file; the test id is file:name
      state:                             # all optional; a fresh SMS conversation by default
        language: es
        active_form: distress_form
        requested_slot: place
        slots: {situation: "..."}
        pending: {topic: safety, ref: 7}
        case: {id: 5, kind: distress, priority: 2, place: tapachula, details: {...}}
        registrant: {nationality: HN, place: houston}
        held_by: 3
        human_requested: false
        opted_out: false
        channel: sms                     # default sms
        sender: "+15055550101"           # default a US number
      message: "estamos atrapados"       # or a mapping:
      # message: {text, channel, sender, sender_phone, language_hint,
      #           repeat: 800 (the text that many times), bytes: "raw \\xff" (one char a byte),
      #           location: {latitude, longitude, label}, media: [{url, content_type}]}
      expect:
        replies: [utter_distress_guidance, utter_ask_place]   # names, in order (required)
        language: es                     # every reply in this language
        text_contains: ["911"]           # in the replies' joined text
        text_lacks: ["nombre"]
        after_opt_out: [utter_stop_confirmed]   # the replies that reach an opted-out person
        effects:                         # exact list of effect types, in order (default: none)
          - FileCase: {kind: distress, priority: 2, details: {situation: "..."}}
          - OptOut                       # a bare name checks the type only
        events: [case_filed]             # exact, when given
        state: {active_form: distress_form, slots: {place: Tapachula}}   # listed fields only
        # state: {erased: true}          # the conversation was erased (state None)
      bug: "why this behaviour looks wrong"                   # recorded as is, not fixed

Inside `effects` and `state`, a mapping checks only its listed keys (a `null` value: absent
or None; `{}`: empty), a list is compared element by element, anything else by equality. An
effect key that is not one of the effect's own fields is looked up in its `fields`, then its
`details`.
"""

import copy
import dataclasses
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.dialogue import Core, Decision
from bot.state import CaseFacts, DialogueState, Question, Registrant, frozen
from channels.messages import InboundMessage, Location, Media

TABLES = Path(__file__).parent / "decisions"
NEW_REF = "AMP-TEST01"
DEFAULT_SENDER = "+15055550101"

_ROW_KEYS = {"name", "state", "message", "expect", "bug"}
_STATE_KEYS = {
    "language", "active_form", "requested_slot", "slots", "pending", "case", "registrant",
    "held_by", "human_requested", "opted_out", "channel", "sender", "conversation_id", "choices",
}  # fmt: skip
_MESSAGE_KEYS = {
    "text", "bytes", "channel", "sender", "sender_phone", "language_hint", "repeat", "location",
    "media", "language_chosen",
}  # fmt: skip
_EXPECT_KEYS = {
    "replies", "language", "text_contains", "text_lacks", "after_opt_out", "effects", "events",
    "state",
}  # fmt: skip


# the table


def _load_rows() -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for path in sorted(TABLES.glob("*.yml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            row_id = f"{path.stem}:{row.get('name')}"
            _check_keys(
                row_id, "row", row, _ROW_KEYS, required=frozenset({"name", "message", "expect"})
            )
            _check_keys(row_id, "state", row.get("state") or {}, _STATE_KEYS)
            if isinstance(row["message"], Mapping):
                _check_keys(row_id, "message", row["message"], _MESSAGE_KEYS)
            _check_keys(
                row_id, "expect", row["expect"], _EXPECT_KEYS, required=frozenset({"replies"})
            )
            if row_id in seen:
                raise ValueError(f"{row_id}: a row of this name is already in the table")
            seen.add(row_id)
            rows.append((row_id, row))
    return rows


def _check_keys(
    row_id: str,
    part: str,
    given: Mapping[str, Any],
    allowed: set[str],
    required: frozenset[str] = frozenset(),
) -> None:
    unknown, missing = set(given) - allowed, required - set(given)
    if unknown or missing:
        raise ValueError(f"{row_id}: {part} has unknown keys {unknown} or lacks {missing}")


ROWS = _load_rows()


# building the inputs


def build_state(spec: Mapping[str, Any] | None, message: Mapping[str, Any]) -> DialogueState:
    spec = dict(spec or {})
    pending = spec.pop("pending", None)
    case = spec.pop("case", None)
    registrant = spec.pop("registrant", None)
    if spec.get("choices") is not None:
        spec["choices"] = tuple(spec["choices"])
    if case is not None:
        case = dict(case)
        case.setdefault("ref", f"AMP-OPEN{case['id']:02d}" if case.get("id") else NEW_REF)
        case["details"] = frozen(case.get("details"))
        case = CaseFacts(**case)
    return DialogueState(
        channel=spec.pop("channel", None) or message.get("channel") or "sms",
        sender=spec.pop("sender", None) or message.get("sender") or DEFAULT_SENDER,
        pending=Question(**pending) if pending else None,
        case=case,
        registrant=Registrant(**registrant) if registrant else None,
        **spec,
    )


def build_message(spec: Mapping[str, Any], state: DialogueState) -> InboundMessage:
    text: str | bytes = spec.get("text", "")
    if spec.get("repeat"):
        text = " ".join([str(text)] * int(spec["repeat"]))
    if "bytes" in spec:  # raw bytes as a provider may hand them over, one character a byte
        text = str(spec["bytes"]).encode("latin-1")
    location = spec.get("location")
    return InboundMessage(
        channel=spec.get("channel") or state.channel,
        sender=spec.get("sender") or state.sender,
        text=text,
        media=tuple(Media(**m) for m in spec.get("media") or ()),
        location=Location(**location) if location else None,
        language_hint=spec.get("language_hint"),
        language_chosen=bool(spec.get("language_chosen")),
        sender_phone=spec.get("sender_phone"),
    )


def inputs(row: Mapping[str, Any]) -> tuple[DialogueState, InboundMessage]:
    message = row["message"]
    message = {"text": message} if isinstance(message, str) else dict(message)
    state = build_state(row.get("state"), message)
    return state, build_message(message, state)


def decide(core: Core, state: DialogueState, msg: InboundMessage) -> Decision:
    return core.decide(state, msg, core.read(state, msg), NEW_REF)


# comparing


def plain(value: Any) -> Any:
    """Dataclasses and read-only mappings as dicts, tuples as lists: what YAML can spell."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [plain(v) for v in value]
    return value


def named(effect: Any) -> dict[str, Any]:
    """An effect as its row would spell it: {"FileCase": {...}}."""
    return {type(effect).__name__: plain(effect)}


def mismatches(expected: Any, actual: Any, path: str) -> list[str]:
    """Where `actual` differs from `expected`; a mapping checks only the keys it lists."""
    actual = plain(actual)
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path}: expected a mapping like {expected!r}, got {actual!r}"]
        if not expected and actual:  # {} asks for an empty mapping
            return [f"{path}: expected empty, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if value is None:
                if actual.get(key) is not None:
                    out.append(f"{path}.{key}: expected absent or None, got {actual[key]!r}")
            elif key not in actual:
                out.append(f"{path}.{key}: absent (expected {value!r}); present: {sorted(actual)}")
            else:
                out += mismatches(value, actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        return [m for i, e in enumerate(expected) for m in mismatches(e, actual[i], f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def effect_mismatches(expected: list[Any], effects: Sequence[Any]) -> list[str]:
    kinds = [type(e).__name__ for e in effects]
    wanted = [e if isinstance(e, str) else next(iter(e)) for e in expected]
    if kinds != wanted:
        return [f"effects: expected {wanted}, got {[named(e) for e in effects]}"]
    out = []
    for i, (spec, effect) in enumerate(zip(expected, effects, strict=True)):
        if isinstance(spec, str):
            continue
        actual = plain(effect)
        for key, value in (spec[wanted[i]] or {}).items():
            for where in (actual, actual.get("fields") or {}, actual.get("details") or {}):
                if key in where:
                    out += mismatches({key: value}, where, f"effects[{i}].{wanted[i]}")
                    break
            else:
                out.append(f"effects[{i}].{wanted[i]}: no {key!r} in {actual!r}")
    return out


def check(decision: Decision, expect: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    names = [r.name for r in decision.replies]
    if names != expect["replies"]:
        out.append(f"replies: expected {expect['replies']}, got {names}")
    joined = "\n".join(r.text for r in decision.replies)
    out += [f"replies lack {s!r}" for s in expect.get("text_contains", []) if s not in joined]
    out += [f"replies contain {s!r}" for s in expect.get("text_lacks", []) if s in joined]
    if "language" in expect:
        languages = {r.language for r in decision.replies}
        if languages - {expect["language"]}:
            out.append(f"reply language: expected {expect['language']}, got {sorted(languages)}")
    if "after_opt_out" in expect:
        flagged = [r.name for r in decision.replies if r.after_opt_out]
        if flagged != expect["after_opt_out"]:
            out.append(f"after_opt_out: expected {expect['after_opt_out']}, got {flagged}")
    out += effect_mismatches(expect.get("effects") or [], decision.effects)
    if "events" in expect and list(decision.events) != expect["events"]:
        out.append(f"events: expected {expect['events']}, got {list(decision.events)}")
    state = dict(expect.get("state") or {})
    if state.pop("erased", False):
        if decision.state is not None:
            out.append(f"state: expected erased (None), got {decision.state!r}")
    elif decision.state is None:
        out.append("state: erased (None), expected a state")
    elif state:
        out += mismatches(state, decision.state, "state")
    return out


def describe(decision: Decision) -> str:
    parse = decision.reading.parse
    read = (
        f"{parse.intent} {parse.confidence:.2f}, {parse.language} "
        f"{parse.language_confidence:.2f}, entities {[(e.entity, e.value) for e in parse.entities]}"
        if parse
        else "unreadable"
    )
    return (
        f"read: {read}\nreplies: {[r.name for r in decision.replies]}\n"
        f"effects: {[named(e) for e in decision.effects]}\nevents: {list(decision.events)}\n"
        f"state: {plain(decision.state)}"
    )


# the tests


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """The core decides without a store: opening any SQLite connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a decision table opened a database")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", refuse)


@pytest.mark.parametrize("row", [r for _, r in ROWS], ids=[i for i, _ in ROWS])
def test_decision(core: Core, row: dict[str, Any]) -> None:
    state, msg = inputs(row)
    decision = decide(core, state, msg)
    problems = check(decision, row["expect"])
    assert not problems, "\n".join(problems) + "\n\n" + describe(decision)


def test_the_table_is_large_and_covers_every_language_and_form() -> None:
    assert len(ROWS) >= 220
    forms: set[str] = set()
    languages: set[str] = set()
    for _, row in ROWS:
        expect_state = row["expect"].get("state") or {}
        for spec in (row.get("state") or {}, expect_state):
            if spec.get("active_form"):
                forms.add(spec["active_form"])
            if spec.get("language"):
                languages.add(spec["language"])
    assert forms >= {
        "distress_form", "missing_person_form", "assistance_form", "information_form",
        "registration_form",
    }  # fmt: skip
    assert languages >= {"es", "en", "fr", "pt", "ht"}


PURITY_STATE = {
    "language": "es",
    "active_form": "distress_form",
    "requested_slot": "people_count",
    "slots": {
        "situation": "nos persiguen unos hombres armados",
        "place": "Tapachula",
        "guided_country": "MX",
        "attachments": [{"url": "https://media.example/1.jpg", "content_type": "image/jpeg"}],
    },
    "case": {
        "id": 5,
        "kind": "distress",
        "priority": 2,
        "place": "tapachula",
        "details": {"situation": "nos persiguen unos hombres armados", "place": "Tapachula"},
    },
}
PURITY_MESSAGES = [
    {
        "text": "somos 4 y hay 2 niños",
        "media": [{"url": "https://media.example/2.jpg", "content_type": "image/jpeg"}],
    },
    {"text": "no, es en Tijuana", "location": {"latitude": 32.5, "longitude": -117.0}},
    {"text": "quiero hablar con una persona"},
    {"text": "STOP"},
]


@pytest.mark.parametrize("message", PURITY_MESSAGES, ids=lambda m: m["text"])
def test_decide_is_pure(core: Core, message: dict[str, Any]) -> None:
    """The same input twice gives equal decisions, and neither the state nor the reading
    handed to decide() changes."""
    state, msg = inputs({"state": PURITY_STATE, "message": message})
    before = copy.deepcopy(plain(state))
    reading = core.read(state, msg)
    read_before = copy.deepcopy(plain(reading))
    first = core.decide(state, msg, reading, NEW_REF)
    second = core.decide(state, msg, reading, NEW_REF)
    assert first == second
    assert [r.values for r in first.replies] == [r.values for r in second.replies]
    assert plain(state) == before, "decide() changed the state it was given"
    assert plain(reading) == read_before, "decide() changed the reading it was given"
    assert core.read(state, msg) == reading, "reading the same message twice differs"


def test_the_table_needs_no_store() -> None:
    """This module imports nothing that talks to a database, and uses only the `core` fixture."""
    import ast
    import inspect
    import sys

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}  # fmt: skip
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] in ("sqlmodel", "sqlalchemy", "amparo")}
    assert not {m for m in imported if m in ("data.store", "data.models", "data.schema")}
    module = sys.modules[__name__]
    fixtures = {
        name
        for _, test in inspect.getmembers(module, inspect.isfunction)
        if test.__name__.startswith("test_")
        for name in inspect.signature(test).parameters
    }
    assert fixtures <= {"core", "row", "message"}, fixtures
