"""Whole-conversation benchmark: the 86 held-out conversations of `bench/heldout/*.yml` through
the real core, scored as a consular officer would read the record.

Every conversation is replayed message by message, in order, through `TurnRunner.handle`
(`InboundMessage(channel, sender, text)` with the channel and sender it gives; a `voice`
conversation's lines also carry the caller's number and the language chosen on the phone menu,
as the call runtime passes them), on one fresh
SQLite database migrated with `data.schema.upgrade` in a temporary directory, with the NLU
model built by `NLU.build` from the project's cache (`.cache/models/nlu-model.pkl`, the tests'
cache: trained and stored there only when `intents/` or the training code changed). The core is
built as `bench/core.py` builds it (no tracing, alerts or outbox).

What is scored, against each conversation's `expect` (see `bench/heldout/README.md`):

- the **record**: the case filed in the conversation (several: the one of the expected kind,
  else the last; the others are counted as extra cases); without a case, a safe check-in is a
  record of kind `safe`, and an information answer (consulate, emergency numbers, shelters) one
  of kind `information`, both of priority `low`, with the conversation's nationality and place
  (the check-in's, else the dialogue's slots) and the consulate the bot named (else the one the
  directory routes that nationality and place to);
- **case fields**: kind, priority (1..4 → urgent, high, normal, low), nationality, place (a
  directory city id; free text that is not one counts as none), consulate, need, people_count
  and contact (when expected; on Telegram, a case whose contact is the chat itself,
  `telegram:<sender>`, gives the sender), vulnerabilities (when some are expected: every expected one among
  the case's `priority_reasons`), and for a missing person the name (accent-, case- and
  punctuation-blind, same words; a nickname the label adds in brackets not required) and age. An expected null is scored too: a nationality never
  said must stay empty;
- **opt-out**: `store.is_opted_out(channel, sender)` against `expect.opt_out`; an opt-out where
  none was asked is an *unasked opt-out*;
- **answers**: each expected answer against the replies' response names (and, for the
  emergency number, the host country's number in any reply's text). Response names that
  `intents/domain.yml` does not have yet score as missed.

Also reported: the NLU's `need` accuracy on the assistance lines of `bench/heldout.tsv` when that
file has need labels (intent accuracy and macro-F1 are `bench/nlu_eval.py`'s, not repeated here).

Written blind, never tuned to: do not change the bot for a conversation of this set (see its
README). Run by hand: `.venv/bin/python bench/dialogues.py` (`--json PATH` writes every
conversation's result, `--only ID` runs one conversation and prints its transcript).
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
import yaml
from sqlmodel import col, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu_eval import load_heldout, score_needs  # noqa: E402  (bench/, this script's folder)

from amparo.runtime.turns import Turn, TurnRunner  # noqa: E402
from bot.dialogue import Core  # noqa: E402
from bot.forms import DECLINED, Forms  # noqa: E402
from bot.nlu import NLU  # noqa: E402
from bot.responses import ResponseBook  # noqa: E402
from channels.messages import InboundMessage  # noqa: E402
from data.directory import Directory, load_directory  # noqa: E402
from data.lexicon import load_lexicon  # noqa: E402
from data.models import Case, SafeCheckin  # noqa: E402
from data.schema import upgrade  # noqa: E402
from data.store import Store  # noqa: E402
from data.words import fold  # noqa: E402

HELDOUT_DIR = ROOT / "bench" / "heldout"
NLU_HELDOUT = ROOT / "bench" / "heldout.tsv"
MODEL_CACHE = ROOT / ".cache" / "models" / "nlu-model.pkl"  # the tests' cache (tests/conftest.py)
LANGUAGES = ("es", "en", "fr", "pt", "ht")

PRIORITIES = {1: "urgent", 2: "high", 3: "normal", 4: "low"}
CASE_FIELDS = (
    "kind", "priority", "nationality", "place", "consulate", "need", "people_count",
    "vulnerabilities", "contact", "missing_name", "missing_age",
)  # fmt: skip
# The responses that answer an information request: a conversation with one of them and no
# case is recorded as `information`.
INFORMATION_REPLIES = frozenset({
    "utter_consulate_info", "utter_emergency_numbers", "utter_shelters", "utter_no_shelters",
    "utter_no_consulate", "utter_nearest_consulate", "utter_no_consulate_anywhere",
})  # fmt: skip
HAZARD_ADVICE = ("flood", "fire", "earthquake", "storm", "injury", "violence", "detention")
# Expected answer → the responses that give it (those not in domain.yml score as missed).
ANSWER_RESPONSES: dict[str, tuple[str, ...]] = {
    "emergency_number": ("utter_distress_guidance", "utter_emergency_numbers"),
    # the nearest consulate's reply names its address, phone and hours too
    "consulate_address": ("utter_consulate_info", "utter_nearest_consulate"),
    "consulate_hours": ("utter_consulate_info", "utter_nearest_consulate"),
    "shelter_address": ("utter_shelters",),
    # where none of theirs exists anywhere, the truthful answer says so and who helps instead
    "nearest_consulate": ("utter_nearest_consulate", "utter_no_consulate_anywhere"),
    "no_dispatch": ("utter_no_dispatch",),
    # asked for, or given unasked once the report names its danger (utter_advice_<hazard>)
    "safety_advice": ("utter_safety_advice", *(f"utter_advice_{h}" for h in HAZARD_ADVICE)),
    "search_next_steps": ("utter_search_next_steps",),
    "status_never_asked": ("utter_status_never_asked",),
}


@dataclass
class Conversation:
    id: str
    language: str
    channel: str
    sender: str
    messages: list[str]
    expect: dict[str, Any]


@dataclass
class Record:
    """What the conversation left for a consular officer."""

    source: str | None = None  # "case", "checkin", "information" or None (nothing)
    kind: str | None = None
    priority: str | None = None
    nationality: str | None = None
    place: str | None = None  # a directory city id, or None
    place_text: str | None = None  # as stored
    consulate: str | None = None
    need: str | None = None
    people_count: int | None = None
    vulnerabilities: list[str] = field(default_factory=list)  # the case's priority_reasons
    contact: str | None = None
    missing_name: str | None = None
    missing_age: int | None = None
    cases: int = 0
    opted_out: bool = False


@dataclass
class Score:
    expected: Any
    got: Any
    right: bool


@dataclass
class Line:
    who: str  # "person" or "bot"
    text: str
    name: str | None = None  # the response's name, for the bot
    note: str | None = None  # for the person: what the NLU understood, and the turn's events


@dataclass
class Result:
    conversation: Conversation
    record: Record
    fields: dict[str, Score]
    answers: dict[str, bool]
    opt_out: Score
    transcript: list[Line]
    errors: list[str]

    @property
    def extra_cases(self) -> int:
        return max(0, self.record.cases - 1)

    @property
    def unasked_opt_out(self) -> bool:
        return self.record.opted_out and not self.conversation.expect.get("opt_out")

    def misses(self) -> list[str]:
        """What went wrong, worst first: fields, answers, opt-out, extra cases, errors."""
        out = [
            f"{name} {show(s.expected)}→{show(s.got)}"
            for name, s in self.fields.items()
            if not s.right
        ]
        if missed := [a for a, given in self.answers.items() if not given]:
            out.append("answers missed: " + ", ".join(missed))
        if not self.opt_out.right:
            out.append(f"opt_out {show(self.opt_out.expected)}→{show(self.opt_out.got)}")
        if self.extra_cases:
            out.append(f"{self.extra_cases} extra case(s)")
        if self.errors:
            out.append(f"{len(self.errors)} turn error(s)")
        return out


def show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


# Loading


def _inbound(conv: Conversation, text: str) -> InboundMessage:
    """A message as the channel hands it to the core. A call's speech comes as the call runtime
    passes it: with the caller's number and the language chosen on the phone menu."""
    if conv.channel != "voice":
        return InboundMessage(channel=conv.channel, sender=conv.sender, text=text)
    return InboundMessage(
        channel="voice",
        sender=conv.sender,
        text=text,
        language_hint=conv.language,
        language_chosen=True,
        sender_phone=conv.sender,
    )


def load_conversations(directory: Path) -> list[Conversation]:
    conversations = []
    for path in sorted(directory.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            conversations.append(
                Conversation(
                    id=str(entry["id"]),
                    language=str(entry["language"]),
                    channel=str(entry["channel"]),
                    sender=str(entry["sender"]),
                    messages=[str(m) for m in entry["messages"]],
                    expect=dict(entry["expect"]),
                )
            )
    return conversations


def domain_responses(intents_dir: Path) -> set[str]:
    domain = yaml.safe_load((intents_dir / "domain.yml").read_text(encoding="utf-8"))
    return set((domain or {}).get("responses") or {})


# Reading the record


def given(value: Any) -> str | None:
    return None if value in (None, "", DECLINED) else str(value)


def as_int(value: Any) -> int | None:
    text = given(value)
    if text is None:
        return None
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits and len(digits) <= 6 else None


def city_id(directory: Directory, value: Any) -> str | None:
    text = given(value)
    if text is None:
        return None
    city = directory.city(text) or directory.find_city(text)
    return city.id if city else None


def choose_case(cases: list[dict[str, Any]], expected_kind: str | None) -> dict[str, Any] | None:
    same = [c for c in cases if c["kind"] == expected_kind]
    chosen = same or cases
    return chosen[-1] if chosen else None


def safe_by_its_end(store: Store, case_id: int) -> bool:
    """Whether the person said they were safe after their report, and told of no new danger
    since: the case stays open for an agent, marked reported safe and sorted last, and what an
    officer records of the conversation by its end is the check-in."""
    safe = False
    for event in store.case_events(case_id):
        if event.kind == "reported_safe":
            safe = True
        elif event.kind == "danger_again":
            safe = False  # hurt or in danger again, told after the check-in
        elif event.kind == "updated" and any(
            change["field"] == "priority" and change["to"] < change["from"]
            for change in (event.detail or {}).get("changes", [])
        ):
            safe = False  # more urgent after it: the danger is back
    return safe


def withdrawn(store: Store, case_id: int) -> bool:
    """Whether the case was closed by the bot as no report after all."""
    return any(event.kind == "withdrawn" for event in store.case_events(case_id))


def read_record(
    store: Store,
    runner: TurnRunner,
    directory: Directory,
    conv: Conversation,
    conversation_id: int | None,
    reply_names: list[str],
    consulate_named: str | None,
) -> Record:
    cases: list[dict[str, Any]] = []
    checkins: list[dict[str, Any]] = []
    if conversation_id is not None:
        with store.transaction() as session:
            for row in session.exec(
                select(Case).where(Case.conversation_id == conversation_id).order_by(col(Case.id))
            ).all():
                cases.append(row.model_dump())
            for found in session.exec(
                select(SafeCheckin)
                .where(SafeCheckin.conversation_id == conversation_id)
                .order_by(col(SafeCheckin.id))
            ).all():
                checkins.append(found.model_dump())
    # a case closed as no report after all (a digit for an emergency, then a question) is none
    cases = [c for c in cases if not withdrawn(store, c["id"])]
    record = Record(cases=len(cases), opted_out=store.is_opted_out(conv.channel, conv.sender))
    case = choose_case(cases, conv.expect.get("kind"))
    if case is not None and checkins and safe_by_its_end(store, case["id"]):
        case = None
    if case is not None:
        details = case["details"] or {}
        record.source = "case"
        record.kind = case["kind"]
        record.priority = PRIORITIES.get(case["priority"], str(case["priority"]))
        record.nationality = given(case["nationality"])
        record.place_text = given(case["place"])
        record.place = record.place_text if directory.city(record.place_text) else None
        record.consulate = given(case["consulate_id"])
        record.need = given(details.get("need"))
        record.people_count = as_int(details.get("people_count"))
        record.vulnerabilities = list(case["priority_reasons"] or [])
        record.contact = given(case["contact"])
        if record.contact == f"{conv.channel}:{conv.sender}":
            record.contact = conv.sender  # "write to me here" on Telegram: the chat they write from
        record.missing_name = given(details.get("missing_name"))
        record.missing_age = as_int(details.get("missing_age"))
        return record

    slots = runner.state(conv.channel, conv.sender).slots
    informed = any(name in INFORMATION_REPLIES for name in reply_names)
    if checkins and (conv.expect.get("kind") == "safe" or not informed):
        checkin = checkins[-1]
        record.source, record.kind = "checkin", "safe"
        record.nationality = given(checkin["nationality"]) or given(slots.get("nationality"))
        record.place_text = given(checkin["place"]) or given(slots.get("place"))
        record.people_count = as_int(checkin.get("people_count"))
        record.vulnerabilities = list(checkin.get("facts") or [])
        # The check-in is the conversation's: a number given after it, else the one it came from.
        record.contact = given(checkin.get("contact")) or (
            conv.sender if conv.channel in ("sms", "whatsapp") else None
        )
    elif informed:
        record.source, record.kind = "information", "information"
        record.nationality = given(slots.get("nationality"))
        record.place_text = given(slots.get("place"))
    else:
        return record
    record.priority = "low"
    record.place = city_id(directory, record.place_text)
    routed = directory.consulate_for(record.nationality, record.place)
    record.consulate = consulate_named or (routed.id if routed else None)
    return record


# Scoring


def same_digits(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return re.sub(r"\D", "", a) == re.sub(r"\D", "", b)


def name_words(name: str | None) -> frozenset[str]:
    # A nickname the officer adds in brackets ("Andre Campbell (Junior)") is not the name.
    return frozenset(re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", fold(name or ""))))


def score_fields(conv: Conversation, record: Record) -> dict[str, Score]:
    e = conv.expect
    scores: dict[str, Score] = {}

    def equal(name: str, expected: Any, got: Any) -> None:
        scores[name] = Score(expected, got, expected == got)

    equal("kind", e.get("kind"), record.kind)
    equal("priority", e.get("priority"), record.priority)
    equal("nationality", e.get("nationality"), record.nationality)
    equal("place", e.get("place"), record.place)
    equal("consulate", e.get("consulate"), record.consulate)
    equal("need", e.get("need"), record.need)
    if e.get("people_count") is not None:
        equal("people_count", int(e["people_count"]), record.people_count)
    if wanted := list(e.get("vulnerabilities") or []):
        scores["vulnerabilities"] = Score(
            wanted, record.vulnerabilities, set(wanted) <= set(record.vulnerabilities)
        )
    if e.get("contact") is not None:
        scores["contact"] = Score(
            e["contact"], record.contact, same_digits(str(e["contact"]), record.contact)
        )
    missing = e.get("missing") or {}
    if missing.get("name"):
        scores["missing_name"] = Score(
            missing["name"],
            record.missing_name,
            name_words(missing["name"]) == name_words(record.missing_name),
        )
    if missing.get("age") is not None:
        equal("missing_age", int(missing["age"]), record.missing_age)
    return scores


def emergency_numbers(directory: Directory, conv: Conversation) -> set[str]:
    """The host country's emergency numbers: of the expected place's country, else of the
    sender's phone number's country, else every host country's."""
    city = directory.city(conv.expect.get("place"))
    country = city.country if city else None
    if country is None:
        try:
            country = phonenumbers.region_code_for_number(phonenumbers.parse(conv.sender))
        except phonenumbers.NumberParseException:
            country = None
    host = directory.host_country(country)
    hosts = [host] if host else directory.host_countries
    return {n.number for h in hosts for n in h.emergency}


def score_answers(
    conv: Conversation, transcript: list[Line], numbers: set[str], known: set[str]
) -> dict[str, bool]:
    replies = [line for line in transcript if line.who == "bot"]
    names = {line.name for line in replies}
    out = {}
    for answer in conv.expect.get("answers") or []:
        wanted = {n for n in ANSWER_RESPONSES.get(answer, ()) if n in known}
        given_ = bool(wanted & names)
        if answer == "emergency_number" and not given_:
            given_ = any(
                re.search(rf"(?<!\d){re.escape(number)}(?!\d)", line.text)
                for line in replies
                for number in numbers
            )
        out[answer] = given_
    return out


# Running


class Bench:
    def __init__(self, database: str) -> None:
        reference = ROOT / "data" / "reference"
        self.directory = load_directory(reference)
        lexicon = load_lexicon(reference)
        t0 = time.perf_counter()
        self.nlu = NLU.build(ROOT / "intents", self.directory, lexicon, MODEL_CACHE)
        self.model_seconds = time.perf_counter() - t0
        core = Core(
            self.nlu,
            ResponseBook.from_domain(ROOT / "intents"),
            Forms.from_domain(ROOT / "intents"),
            self.directory,
            lexicon,
        )
        upgrade(database)
        self.store = Store(database, "bench-secret")
        self.runner = TurnRunner(self.store, core)
        self.known = domain_responses(ROOT / "intents")
        self.turns = 0

    def run(self, conv: Conversation) -> Result:
        transcript: list[Line] = []
        errors: list[str] = []
        conversation_id: int | None = None
        consulate_named: str | None = None
        by_name = {c.name: c.id for c in self.directory.consulates}
        for text in conv.messages:
            transcript.append(Line("person", text))
            self.turns += 1
            try:
                turn: Turn = self.runner.handle(_inbound(conv, text))
            except Exception as exc:  # the core is being changed: report, go on
                errors.append(f"{type(exc).__name__}: {exc}")
                transcript.append(Line("bot", f"!! {type(exc).__name__}: {exc}", "error"))
                continue
            conversation_id = turn.conversation_id or conversation_id
            if turn.parse is not None:
                p = turn.parse
                transcript[-1].note = f"{p.intent} {p.confidence:.2f}, {p.language}" + "".join(
                    f", {e.entity}={e.value}" for e in p.entities
                )
            if turn.events:
                events = ", ".join(turn.events)
                transcript[-1].note = f"{transcript[-1].note or ''}; events: {events}"
            for reply in turn.replies:
                transcript.append(Line("bot", reply.text, reply.name))
                if reply.name == "utter_consulate_info":
                    named = by_name.get(str(reply.values.get("consulate_name")))
                    consulate_named = named or consulate_named
        names = [line.name or "" for line in transcript if line.who == "bot"]
        record = read_record(
            self.store, self.runner, self.directory, conv, conversation_id, names, consulate_named
        )
        expected_opt_out = bool(conv.expect.get("opt_out"))
        return Result(
            conversation=conv,
            record=record,
            fields=score_fields(conv, record),
            answers=score_answers(
                conv, transcript, emergency_numbers(self.directory, conv), self.known
            ),
            opt_out=Score(expected_opt_out, record.opted_out, expected_opt_out == record.opted_out),
            transcript=transcript,
            errors=errors,
        )


# The NLU's need, on bench/heldout.tsv


def need_accuracy(nlu: NLU) -> str:
    rows = load_heldout(NLU_HELDOUT)
    if "need" not in rows[0]:
        return "`bench/heldout.tsv` has no need labels: the NLU's need accuracy is skipped."
    score = score_needs(nlu, rows)[0]["all"]  # bench/nlu_eval.py's scoring, by language there
    return (
        f"NLU need accuracy on the {score.lines} assistance lines of `bench/heldout.tsv`: "
        f"{score.accuracy:.3f} (no need returned {score.none}, wrong need {score.wrong})"
    )


# Reporting


def tree() -> str:
    """The commit measured, and whether the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True,
            text=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "an unknown tree"
    return head + (" + uncommitted changes" if dirty else "")


def pct(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "—"


def report(results: list[Result], bench: Bench, seconds: float, worst: bool) -> None:
    n = len(results)
    print(
        f"{tree()}: {n} conversations, {bench.turns} turns through `TurnRunner.handle` in "
        f"{seconds:.1f} s (NLU model {'trained and cached' if bench.nlu.trained else 'from cache'} "
        f"in {bench.model_seconds:.1f} s; fresh SQLite)\n"
    )
    all_scores = [s for r in results for s in r.fields.values()]
    right = sum(s.right for s in all_scores)
    print("| case fields right | conversations fully right | turn errors | extra cases |")
    print("|---:|---:|---:|---:|")
    full = sum(all(s.right for s in r.fields.values()) for r in results)
    print(
        f"| {pct(right, len(all_scores))} ({right}/{len(all_scores)}) | {pct(full, n)} "
        f"({full}/{n}) | {sum(len(r.errors) for r in results)} | "
        f"{sum(r.extra_cases for r in results)} |\n"
    )

    print("| field | scored in | right | accuracy |")
    print("|---|---:|---:|---:|")
    for name in CASE_FIELDS:
        scores = [r.fields[name] for r in results if name in r.fields]
        good = sum(s.right for s in scores)
        print(f"| {name} | {len(scores)} | {good} | {pct(good, len(scores))} |")
    opt = sum(r.opt_out.right for r in results)
    print(f"| opt_out (not a case field) | {n} | {opt} | {pct(opt, n)} |\n")

    vulnerable = [r for r in results if "vulnerabilities" in r.fields]
    every = sum(r.fields["vulnerabilities"].right for r in vulnerable)
    unasked = [r.conversation.id for r in results if r.unasked_opt_out]
    asked = [r for r in results if r.conversation.expect.get("opt_out")]
    asked_ok = sum(r.record.opted_out for r in asked)
    # A "stop" that is not a stop keyword is asked about first (1 yes / 2 no): the script ends
    # before the person answers, so the question itself is counted apart.
    confirming = sum(
        not r.record.opted_out
        and any(line.name == "utter_stop_question" for line in r.transcript if line.who == "bot")
        for r in asked
    )
    print("| measure | value |")
    print("|---|---:|")
    print(
        f"| conversations with every stated vulnerability recorded | {pct(every, len(vulnerable))} "
        f"({every}/{len(vulnerable)}) |"
    )
    print(f"| unasked opt-outs | {len(unasked)} |")
    print(f"| real opt-out requests honoured | {asked_ok}/{len(asked)} |")
    print(f"| real opt-out requests asked to confirm (1 yes / 2 no) | {confirming}/{len(asked)} |")
    given_all = [g for r in results for g in r.answers.values()]
    print(
        f"| answers given | {pct(sum(given_all), len(given_all))} "
        f"({sum(given_all)}/{len(given_all)}) |\n"
    )
    if unasked:
        print("Unasked opt-outs: " + ", ".join(unasked) + "\n")

    print(
        "| language | conversations | case fields right | kind | priority | every vulnerability | answers given | unasked opt-outs |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for lang in [*LANGUAGES, "all"]:
        rs = [r for r in results if lang in ("all", r.conversation.language)]
        if not rs:
            continue
        sc = [s for r in rs for s in r.fields.values()]
        kind = sum(r.fields["kind"].right for r in rs)
        prio = sum(r.fields["priority"].right for r in rs)
        vul = [r.fields["vulnerabilities"].right for r in rs if "vulnerabilities" in r.fields]
        ans = [g for r in rs for g in r.answers.values()]
        print(
            f"| {lang} | {len(rs)} | {pct(sum(s.right for s in sc), len(sc))} | "
            f"{pct(kind, len(rs))} | {pct(prio, len(rs))} | {pct(sum(vul), len(vul))} | "
            f"{pct(sum(ans), len(ans))} | {sum(r.unasked_opt_out for r in rs)} |"
        )
    print()

    print("| expected kind | conversations | recorded as |")
    print("|---|---:|---|")
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        confusion[str(r.conversation.expect.get("kind"))][str(r.record.kind)] += 1
    for expected, counts in sorted(confusion.items()):
        spread = ", ".join(f"{k} {v}" for k, v in counts.most_common())
        print(f"| {expected} | {sum(counts.values())} | {spread} |")
    print()

    print("| answer | expected | given | % | looked for |")
    print("|---|---:|---:|---:|---|")
    for answer, names in ANSWER_RESPONSES.items():
        got = [r.answers[answer] for r in results if answer in r.answers]
        if not got:
            continue
        looked = ", ".join(
            f"`{x}`" + ("" if x in bench.known else " (not in domain.yml)") for x in names
        )
        if answer == "emergency_number":
            looked += ", or the host country's number in any reply"
        print(f"| {answer} | {len(got)} | {sum(got)} | {pct(sum(got), len(got))} | {looked} |")
    print()

    if worst:  # only for a development set: a held-out set's misses are not looked at
        print("Worst 20 conversations (most misses first):\n")
        ranked = sorted(results, key=lambda r: (-len(r.misses()), r.conversation.id))
        for r in ranked[:20]:
            misses = r.misses()
            print(f"- `{r.conversation.id}`: {'; '.join(misses) if misses else 'all right'}")
        print()
    print(need_accuracy(bench.nlu))
    print(
        "Intent accuracy and macro-F1 on `bench/heldout.tsv`: `bench/nlu_eval.py` (`make bench`), "
        "not repeated here."
    )


def print_transcript(result: Result) -> None:
    conv = result.conversation
    print(f"# {conv.id} ({conv.language}, {conv.channel} {conv.sender})\n")
    for line in result.transcript:
        if line.who == "person":
            print(f"person: {line.text}" + (f"    ({line.note})" if line.note else ""))
        else:
            print(f"   bot [{line.name}]: {line.text}")
    print("\nrecord: " + json.dumps(asdict(result.record), ensure_ascii=False))
    print("\n| field | expected | recorded | |")
    print("|---|---|---|---|")
    for name, s in result.fields.items():
        print(f"| {name} | {show(s.expected)} | {show(s.got)} | {'ok' if s.right else 'MISS'} |")
    o = result.opt_out
    print(f"| opt_out | {o.expected} | {o.got} | {'ok' if o.right else 'MISS'} |")
    for answer, given_ in result.answers.items():
        print(
            f"| answer {answer} | yes | {'yes' if given_ else 'no'} | {'ok' if given_ else 'MISS'} |"
        )
    for error in result.errors:
        print(f"\nerror: {error}")


def as_json(result: Result) -> dict[str, Any]:
    return {
        "id": result.conversation.id,
        "language": result.conversation.language,
        "channel": result.conversation.channel,
        "expect": result.conversation.expect,
        "record": asdict(result.record),
        "fields": {k: asdict(v) for k, v in result.fields.items()},
        "answers": result.answers,
        "opt_out": asdict(result.opt_out),
        "extra_cases": result.extra_cases,
        "unasked_opt_out": result.unasked_opt_out,
        "misses": result.misses(),
        "errors": result.errors,
        "transcript": [asdict(line) for line in result.transcript],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write every conversation's result here")
    parser.add_argument("--only", help="run this conversation alone and print its transcript")
    parser.add_argument(
        "--set",
        type=Path,
        default=HELDOUT_DIR,
        help="the conversations' directory: bench/heldout (default), bench/heldout-b, or the "
        "development set bench/dev",
    )
    parser.add_argument(
        "--worst", action="store_true", help="list the 20 worst conversations (development only)"
    )
    args = parser.parse_args()

    conversations = load_conversations(args.set)
    if args.only:
        conversations = [c for c in conversations if c.id == args.only]
        if not conversations:
            parser.error(f"no conversation {args.only!r} in {args.set}")
    with tempfile.TemporaryDirectory(prefix="amparo-bench-dialogues-") as tmp:
        bench = Bench(f"sqlite:///{Path(tmp) / 'bench.db'}")
        started = time.perf_counter()
        results = [bench.run(conv) for conv in conversations]
        seconds = time.perf_counter() - started
        bench.store.engine.dispose()
    if args.only:
        print_transcript(results[0])
    else:
        report(results, bench, seconds, args.worst)
    if args.json:
        args.json.write_text(
            json.dumps([as_json(r) for r in results], ensure_ascii=False, indent=1, default=str)
        )


if __name__ == "__main__":
    main()
