"""Family tracing: the person registry, name search, matches, and the consent to tell.

Every missing person asked about, everyone who checks in safe (and the companions they name),
every consular registrant and every record loaded from a partner's PFIF list is a `Person`,
indexed under spelling-, order- and nickname-proof keys (`bot/names.py`, `PersonKey` rows).

- The core calls `after_turn(conv, turn)` after each turn (`Core.after_turn`): a filed or
  updated missing-person case becomes (or updates) a person of kind `missing`, a safe
  check-in one of kind `safe` for the sender when they name themselves ("me llamo …") and one
  for each companion named. Each new person is matched at once, both ways.
- **Registrants** (consular registration) come in through `record_registrant(conv, fields)`
  (fields: name, age, nationality, place, contact, emergency_contact, household_size), or
  `add_person(kind="registrant", ...)` directly.
- `search` ranks people by name, age, nationality and place, and never returns a protected
  person. `propose` turns the best answers for a missing person into `Match` rows for agents.
- Nobody is told anything automatically. An agent `ask`s the found person, through their own
  channel and in their language, whether the family may learn where they are and how to reach
  them; their next message answers (`answer`, registered as the core's "consent" question).
  A yes makes the match *consented*, and only then may an agent `tell` the inquirer; a no
  makes it *refused*, and that person is never proposed, asked or told again.
- `protect` hides a person for good (someone fleeing an abuser): never searched, proposed,
  told or exported. Erasing a conversation (`Store.erase`) removes its people, their keys,
  notes and matches.
- A consul sees only people of their consulate's nationality or of their consulate's cases.
  Every search, view and action is audited (ids and counts, never names).

Search runs on an in-memory `NameIndex` loaded from `PersonKey` on first use and refreshed
from new rows before every search; the database stays the record (candidates are re-read and
re-checked there), so a person protected or erased by another process never comes back.
"""

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, delete, func, select

from amparo.casework.audit import Audit
from amparo.casework.cases import TEXT_CHANNELS, WORKERS
from amparo.casework.errors import Conflict, Forbidden, Invalid, NotFound
from amparo.runtime.events import EventBus
from amparo.runtime.outbox import Outbox
from amparo.runtime.turns import TurnRunner
from bot.effects import AnswerConsent
from bot.forms import DECLINED
from bot.names import Name, NameIndex, Score, parse_name, person_keys, score
from bot.nlu import ParseResult
from bot.responses import ResponseBook
from bot.state import Ask, CaseFacts, DialogueState, Question, Withdraw
from channels.messages import Reply
from data.directory import Directory
from data.models import (
    Case,
    CaseEvent,
    Conversation,
    Match,
    Person,
    PersonKey,
    SafeCheckin,
    User,
    utcnow,
)
from data.store import Store

log = logging.getLogger(__name__)

PROPOSE_AT = 0.7  # a score worth an agent's time
SEARCH_MIN = 0.45  # below this, a search answer is noise
FOUND_KINDS = ("safe", "registrant", "imported")  # who can answer a missing-person query
KINDS = ("missing", *FOUND_KINDS)
OPEN = ("proposed", "asked", "consented")  # matches still in play
PHONE_CHANNELS = ("sms", "whatsapp", "twilio_whatsapp")
# Rows of PersonKey re-read behind the last one seen, so a transaction that committed late
# (ids are handed out in order, commits are not) still reaches the index.
REFRESH_OVERLAP = 10_000
# "me llamo Pepe", "my name is …": the name after these is the sender's own.
_SELF_CUE = re.compile(
    r"(me llamo|mi nombre es|\bsoy|my name is|\bi am|\bi'm|je m'appelle|je suis|mon nom est|"
    r"meu nome [ée]|me chamo|\bsou|mwen rele|\bm rele|non mwen se)\W*$",
    re.IGNORECASE,
)


@dataclass
class Found:
    """One search answer."""

    person: Person
    score: Score


@dataclass
class MatchView:
    match: Match
    sought: Person
    found: Person


class Tracing:
    def __init__(
        self,
        store: Store,
        audit: Audit,
        outbox: Outbox,
        responses: ResponseBook,
        directory: Directory,
        events: EventBus,
        runner: TurnRunner,
    ) -> None:
        self.runner = runner
        runner.handlers[AnswerConsent] = self.consent_answered
        runner.observers.append(self.after_turn)
        self.store = store
        self.audit = audit
        self.outbox = outbox
        self.responses = responses
        self.directory = directory
        self.events = events
        self.index = NameIndex()
        self._upto = 0  # the highest PersonKey id in the index
        self._recent: set[tuple[int, int, str]] = set()  # rows within the overlap, seen
        self._refreshing = threading.Lock()

    # the registry

    def add_person(self, *, kind: str, full_name: str, match: bool = True, **fields: Any) -> Person:
        """Record and index a person; by default look for their matches at once."""
        if kind not in KINDS:
            raise Invalid(f"kind must be one of {', '.join(KINDS)}")
        if not full_name.strip():
            raise Invalid("a person needs a name")
        with self.store.transaction() as session:
            person = Person(kind=kind, full_name=full_name.strip(), name_key="", **fields)
            session.add(person)
            self.index_person(person, session)
        if match:
            self.match_new(person)
        return person

    def index_person(self, person: Person, session: Session | None = None) -> None:
        """(Re)write a person's search keys."""
        with self.store.transaction() as s:
            s = session or s
            person.name_key = " ".join(parse_name(person.full_name).tokens)[:250]
            person.updated_at = utcnow()
            s.add(person)
            s.flush()
            s.exec(delete(PersonKey).where(col(PersonKey.person_id) == person.id))
            alternates = person.details.get("alternate_names") or []
            for key in sorted(
                person_keys(person.full_name, person.given_name, person.family_name, alternates)
            ):
                s.add(PersonKey(key=key, person_id=person.id))  # type: ignore[arg-type]

    def match_new(self, person: Person) -> list[Match]:
        """Matches for a person just recorded: what they may answer, or who may answer them."""
        if person.kind == "missing":
            return self.propose(person)
        return self.propose_for_found(person)

    def record_registrant(self, conv: Conversation, fields: Mapping[str, Any]) -> Person | None:
        """A consular registrant, as a person who can answer a family's search (one per
        conversation: a second registration updates it)."""
        name = _given(fields.get("name") or fields.get("full_name"))
        if not name:
            return None
        values: dict[str, Any] = {
            "age": _age(fields.get("age")),
            "nationality": _given(fields.get("nationality")),
            "place": _given(fields.get("place")),
            "contact": _given(fields.get("contact")),
            "emergency_contact": _given(fields.get("emergency_contact")),
            "household_size": _age(fields.get("household_size")),
            "language": conv.language,
        }
        with self.store.transaction() as session:
            person = session.exec(
                select(Person).where(Person.conversation_id == conv.id, Person.kind == "registrant")
            ).first()
            if person is None:
                return self.add_person(
                    kind="registrant", full_name=name, conversation_id=conv.id, **values
                )
            person.full_name = name
            for field_name, value in values.items():
                setattr(person, field_name, value)
            self.index_person(person, session)
        self.propose_for_found(person)
        return person

    # from the conversations

    def after_turn(self, conv: DialogueState, turn: Any) -> None:
        """The core's hook: people from a missing-person case or a safe check-in. A failure
        here never costs the person their answer."""
        case = turn.case if turn.case is not None and turn.case.kind == "missing_person" else None
        checkin = "safe_checkin" in turn.events and turn.parse is not None
        if case is None and not checkin:
            return  # most turns: no savepoint (it would flush the whole turn early)
        try:
            with self.store.transaction() as session, session.begin_nested():
                if case is not None:
                    self._from_case(conv, case, session)
                if checkin:
                    self._from_checkin(conv, turn.parse, session)
        except Exception:
            log.exception("family tracing could not record conversation %s", conv.conversation_id)

    def _from_case(self, conv: DialogueState, case: CaseFacts, session: Session) -> None:
        name = _given(case.details.get("missing_name"))
        if not name:
            return
        values: dict[str, Any] = {
            "full_name": name,
            "age": _age(case.details.get("missing_age")),
            "nationality": case.nationality,
            "place": _given(case.details.get("last_seen_place")) or case.place,
            "language": case.language,
        }
        person = session.exec(
            select(Person).where(Person.case_id == case.id, Person.kind == "missing")
        ).first()
        if person is None:
            self.add_person(
                kind="missing", conversation_id=conv.conversation_id, case_id=case.id, **values
            )
            return
        if all(getattr(person, k) == v for k, v in values.items()):
            return
        for field_name, value in values.items():
            setattr(person, field_name, value)
        self.index_person(person, session)
        self.propose(person)

    def _from_checkin(self, conv: DialogueState, parse: ParseResult, session: Session) -> None:
        checkin = session.exec(
            select(SafeCheckin)
            .where(SafeCheckin.conversation_id == conv.conversation_id)
            .order_by(col(SafeCheckin.id).desc())
        ).first()
        place = checkin.place if checkin else None
        nationality = checkin.nationality if checkin else None
        ages = [int(e.value) for e in parse.entities if e.entity == "age" and e.value.isdigit()]
        for entity in parse.entities:
            if entity.entity != "person_name":
                continue
            own = bool(_SELF_CUE.search(parse.text[: entity.start]))
            name_key = " ".join(parse_name(entity.value).tokens)
            person = session.exec(
                select(Person).where(
                    Person.conversation_id == conv.conversation_id,
                    Person.kind == "safe",
                    Person.name_key == name_key,
                )
            ).first()
            values: dict[str, Any] = {
                "age": ages[0] if own and ages else None,
                "nationality": nationality,
                "place": place,
                "language": conv.language,
                "contact": _contact_of(conv) if own else None,
                "details": {"reported_by": "self" if own else "companion"},
            }
            if person is None:
                self.add_person(
                    kind="safe",
                    full_name=entity.value,
                    conversation_id=conv.conversation_id,
                    **values,
                )
                continue
            for field_name, value in values.items():
                if value is not None:
                    setattr(person, field_name, value)
            self.index_person(person, session)
            self.propose_for_found(person)

    # search

    def refresh(self) -> None:
        """Bring the in-memory index up to date with PersonKey (committed rows only).

        Ids are handed out in order but transactions commit in any order, so the rows below
        the highest id seen are counted back to REFRESH_OVERLAP: only when that count differs
        from what was seen (a late commit, or a deletion) is that window read again. Otherwise
        only the rows above the highest id seen are read: each new person cost a read of the
        whole window (up to 10,000 rows) before.
        """
        # A plain connection: the ORM's row handling cost more than the read (a turn that
        # updates a missing person searches, and every search refreshes).
        with self._refreshing, self.store.engine.connect() as db:
            floor = max(0, self._upto - REFRESH_OVERLAP)
            newest, settled = db.execute(
                select(  # two scalar subqueries: one round trip
                    select(func.max(PersonKey.id)).scalar_subquery(),
                    select(func.count())
                    .select_from(PersonKey)
                    .where(col(PersonKey.id) > floor, col(PersonKey.id) <= self._upto)
                    .scalar_subquery(),
                )
            ).one()
            newest = newest or 0
            late = settled != len(self._recent)  # the window below `_upto` changed
            if newest <= self._upto and not late:
                return  # nothing new: the common case, two indexed lookups
            keep_from = max(newest, self._upto) - REFRESH_OVERLAP  # rows to remember
            rows = db.execute(
                select(  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
                    PersonKey.id,
                    PersonKey.key,
                    PersonKey.person_id,
                    Person.age,
                    Person.nationality,
                    Person.kind,
                    Person.protected,
                )
                .join(Person, col(Person.id) == PersonKey.person_id)
                .where(col(PersonKey.id) > (floor if late else self._upto))
                .order_by(col(PersonKey.id))
            )
            pairs: list[tuple[str, int]] = []
            people: dict[int, tuple[int | None, str | None, str, bool]] = {}
            # What was seen stays seen, unless the window was read again from `floor`.
            recent = set() if late else {r for r in self._recent if r[0] > keep_from}
            for key_id, key, person_id, age, nationality, kind, protected in rows:
                row = (key_id, person_id, key)
                if key_id > keep_from:
                    recent.add(row)
                if key_id <= self._upto and row in self._recent:
                    continue  # already in the index
                pairs.append((key, person_id))
                people[person_id] = (age, nationality, kind, protected)
            self._upto = max(self._upto, newest)
            self._recent = recent
        for person_id, (age, nationality, kind, protected) in people.items():
            self.index.set_person(person_id, age, nationality, kind, protected)
        self.index.add_keys(pairs)

    def search(
        self,
        name: str,
        age: int | None = None,
        nationality: str | None = None,
        place: str | None = None,
        *,
        kinds: tuple[str, ...] | None = None,
        limit: int = 20,
        user: User | None = None,
        exclude: tuple[int, ...] = (),
        min_score: float = SEARCH_MIN,
    ) -> list[Found]:
        """People most likely to be this one, best first; never a protected person."""
        query = parse_name(name)
        if not query.tokens:
            return []
        self.refresh()
        nationality = nationality.upper() if nationality else None
        ids = self.index.candidates(
            query, age=age, nationality=nationality, kinds=kinds, limit=max(200, limit * 10)
        )
        results: list[Found] = []
        if ids:
            statement = select(Person).where(
                col(Person.id).in_(ids), col(Person.protected).is_(False)
            )
            if kinds:
                statement = statement.where(col(Person.kind).in_(kinds))
            if user is not None:
                statement = statement.where(self._visible(user))
            with self.store.transaction() as session:
                people = session.exec(statement).all()
            for person in people:
                if person.id in exclude:
                    continue
                best = _best_score(query, age, nationality, place, person)
                if best.total >= min_score:
                    results.append(Found(person, best))
        results.sort(key=lambda f: (-f.score.total, f.person.id))
        results = results[:limit]
        if user is not None:
            self.audit.record(user, "search_people", count=len(results))
        return results

    def _visible(self, user: User) -> Any:
        """A consul's people: their consulate's nationality, or their consulate's cases."""
        if user.role != "consul":
            return True
        consulate = self.directory.consulate(user.consulate_id)
        theirs = select(Case.id).where(Case.consulate_id == user.consulate_id)
        return or_(
            col(Person.nationality) == (consulate.serves if consulate else "--"),
            col(Person.case_id).in_(theirs),
        )

    def person(self, user: User, person_id: int) -> Person:
        """One person, if this user may see them; the view is audited."""
        with self.store.transaction() as session:
            person = session.exec(
                select(Person).where(Person.id == person_id, self._visible(user))
            ).first()
            if person is None or (person.protected and user.role not in WORKERS):
                raise NotFound(f"no person {person_id}")
            self.audit.record(user, "view_person", person_id=person_id)
            return person

    # matches

    def propose(self, sought: Person) -> list[Match]:
        """Matches for a missing person, for an agent to review (nobody is told anything)."""
        if sought.kind != "missing" or sought.protected:
            return []
        found = self.search(
            sought.full_name,
            sought.age,
            sought.nationality,
            sought.place,
            kinds=FOUND_KINDS,
            limit=10,
            exclude=(sought.id,),  # type: ignore[arg-type]
            min_score=PROPOSE_AT,
        )
        return self._propose_pairs([(sought, f.person, f.score.total) for f in found])

    def propose_for_found(self, found: Person) -> list[Match]:
        """Matches of missing people this newly known person may be."""
        if found.kind not in FOUND_KINDS or found.protected or found.consent == "refuse":
            return []
        sought = self.search(
            found.full_name,
            found.age,
            found.nationality,
            found.place,
            kinds=("missing",),
            limit=10,
            exclude=(found.id,),  # type: ignore[arg-type]
            min_score=PROPOSE_AT,
        )
        return self._propose_pairs([(s.person, found, s.score.total) for s in sought])

    def propose_for_case(self, user: User, case_id: int) -> list[Match]:
        """An agent asks for matches of a missing-person case's person again."""
        self._may_work(user)
        with self.store.transaction() as session:
            case = session.get(Case, case_id)
            if case is None or (user.role == "consul" and case.consulate_id != user.consulate_id):
                raise NotFound(f"no case {case_id}")
            sought = session.exec(
                select(Person).where(Person.case_id == case_id, Person.kind == "missing")
            ).first()
            if sought is None:
                raise Conflict("this case names no missing person yet")
            matches = self.propose(sought)
            self.audit.record(user, "propose_matches", case_id=case_id, count=len(matches))
            return matches

    def _propose_pairs(self, pairs: list[tuple[Person, Person, float]]) -> list[Match]:
        created: list[Match] = []
        with self.store.transaction() as session:
            for sought, found, value in pairs:
                if found.protected or found.consent == "refuse" or sought.protected:
                    continue
                exists = session.exec(
                    select(Match).where(Match.sought_id == sought.id, Match.found_id == found.id)
                ).first()
                if exists is not None:
                    continue
                match = Match(sought_id=sought.id, found_id=found.id, score=value)  # type: ignore[arg-type]
                session.add(match)
                session.flush()
                created.append(match)
        for match in created:
            self.events.publish("match_proposed", match_id=match.id)
        return created

    def matches(
        self, user: User, status: str | None = None, case_id: int | None = None
    ) -> list[MatchView]:
        """Matches this user may see, best first; never one about a protected person."""
        with self.store.transaction() as session:
            statement = select(Match)
            if status:
                statement = statement.where(Match.status == status)
            views = []
            for match in session.exec(statement.order_by(col(Match.score).desc())):
                sought = session.get(Person, match.sought_id)
                found = session.get(Person, match.found_id)
                if sought is None or found is None or sought.protected or found.protected:
                    continue
                if case_id is not None and sought.case_id != case_id:
                    continue
                if not self._sees_both(user, session, sought, found):
                    continue
                views.append(MatchView(match, sought, found))
            self.audit.record(user, "list_matches", count=len(views))
            return views

    def match_view(self, user: User, match_id: int) -> MatchView:
        """One match with its two people (after an action on it: not audited again)."""
        with self.store.transaction() as session:
            match, sought, found = self._match(user, session, match_id)
            return MatchView(match, sought, found)

    def view_match(self, user: User, match_id: int) -> MatchView:
        """One match with its two people, for a user opening it; the view is audited."""
        with self.store.transaction() as session:
            match, sought, found = self._match(user, session, match_id)
            self.audit.record(user, "view_match", case_id=sought.case_id, match_id=match_id)
            return MatchView(match, sought, found)

    def _sees_both(self, user: User, session: Session, sought: Person, found: Person) -> bool:
        """A match shows both people, so a consul sees it only if they may see each one (the
        rule of `person`): never another consulate's person through their own's query."""
        return user.role != "consul" or (
            self._sees(user, session, sought) and self._sees(user, session, found)
        )

    def _sees(self, user: User, session: Session, person: Person) -> bool:
        return (
            session.exec(
                select(Person.id).where(Person.id == person.id, self._visible(user))
            ).first()
            is not None
        )

    def _match(self, user: User, session: Session, match_id: int) -> tuple[Match, Person, Person]:
        match = session.get(Match, match_id)
        sought = session.get(Person, match.sought_id) if match else None
        found = session.get(Person, match.found_id) if match else None
        if match is None or sought is None or found is None:
            raise NotFound(f"no match {match_id}")
        if not self._sees_both(user, session, sought, found):
            raise NotFound(f"no match {match_id}")
        return match, sought, found

    def _may_work(self, user: User) -> None:
        if user.role not in WORKERS:
            raise Forbidden(
                "only agents, supervisors and admins work on matches", "tracing_workers_only"
            )

    def reject(self, user: User, match_id: int) -> Match:
        """Not the same person."""
        self._may_work(user)
        with self.store.transaction() as session:
            match, _, found = self._match(user, session, match_id)
            if match.status not in OPEN:
                raise Conflict(
                    f"a {match.status} match cannot be rejected",
                    "match_closed",
                    match_status=match.status,
                )
            self._close(session, match, found, "rejected", user)
            self.audit.record(user, "reject_match", match_id=match.id)
        self.events.publish("match_updated", match_id=match_id, status="rejected")
        return match

    def ask(self, user: User, match_id: int) -> Match:
        """Ask the found person, through their own channel, whether their family may know."""
        self._may_work(user)
        with self.store.transaction() as session:
            match, _, found = self._match(user, session, match_id)
            if match.status != "proposed":
                raise Conflict(
                    f"a {match.status} match cannot be asked about",
                    "ask_proposed_only",
                    match_status=match.status,
                )
            if found.protected or found.consent == "refuse":
                raise Conflict("this person may not be asked", "may_not_be_asked")
            conv = (
                session.get(Conversation, found.conversation_id) if found.conversation_id else None
            )
            if conv is None or conv.channel not in TEXT_CHANNELS:
                raise Conflict(
                    "this person has no message channel: reach them through "
                    f"{found.source} and record their answer",
                    "no_message_channel",
                    source=found.source,
                )
            if self.store.is_opted_out(conv.channel, conv.sender):
                raise Conflict(
                    "this person opted out: nothing can be sent to them", "found_opted_out"
                )
            waiting = self.runner.state(conv.channel, conv.sender).pending
            if waiting and waiting.topic == "consent":
                raise Conflict(
                    "this person has not answered an earlier question yet", "consent_pending"
                )
            language = conv.language or "es"
            reply = self.responses.render(
                "utter_tracing_consent_question", language, person=found.full_name
            )
            self._send(user, conv, [reply])
            self.runner.apply_to(conv.id, Ask(Question("consent", match.id)))  # type: ignore[arg-type]
            match.status, match.agent_id, match.updated_at = "asked", user.id, utcnow()
            if found.consent != "share":
                found.consent = "asked"
            session.add_all([match, found])
            self.audit.record(user, "ask_consent", conversation_id=conv.id, match_id=match.id)
        self.events.publish("match_updated", match_id=match_id, status="asked")
        return match

    def consent_answered(
        self, session: Session, conv: DialogueState, answer: AnswerConsent
    ) -> None:
        """The found person's answer to the consent question (read by the core), stored."""
        match = session.get(Match, answer.match_id)
        found = session.get(Person, match.found_id) if match else None
        if match is None or found is None or match.status != "asked":
            log.warning("consent answer for match %s, which no longer asks", answer.match_id)
            return
        if answer.consent and not found.protected:
            match.status, found.consent = "consented", "share"
        else:
            found.consent = "refuse"
            self._close(session, match, found, "refused", None)
            for other in session.exec(
                select(Match).where(
                    Match.found_id == found.id,
                    col(Match.status).in_(OPEN),
                    Match.id != match.id,
                )
            ):
                self._close(session, other, found, "refused", None)
        match.updated_at = found.updated_at = utcnow()
        session.add_all([match, found])
        self.audit.record(
            None, "consent_answer", conversation_id=conv.conversation_id, match_id=match.id
        )
        self.events.publish("match_updated", match_id=match.id, status=match.status)

    def record_answer(self, user: User, match_id: int, share: bool) -> Match:
        """The answer of a person without a message channel (a partner's list), given to an
        agent through the partner or by phone."""
        self._may_work(user)
        with self.store.transaction() as session:
            match, _, found = self._match(user, session, match_id)
            if match.status not in ("proposed", "asked"):
                raise Conflict(
                    f"a {match.status} match has no question open",
                    "no_question_open",
                    match_status=match.status,
                )
            if found.conversation_id is not None and match.status == "proposed":
                raise Conflict("ask this person through their own channel", "ask_through_channel")
            if found.protected:
                raise Conflict("this person may not be asked", "may_not_be_asked")
            if share:
                match.status, found.consent = "consented", "share"
            else:
                found.consent = "refuse"
                self._close(session, match, found, "refused", user)
            match.agent_id, match.updated_at = user.id, utcnow()
            session.add_all([match, found])
            self.audit.record(user, "record_consent", match_id=match.id, share=share)
        self.events.publish("match_updated", match_id=match_id, status=match.status)
        return match

    def tell(self, user: User, match_id: int) -> Match:
        """Tell the inquirer, through their channel: only once the found person agreed."""
        self._may_work(user)
        with self.store.transaction() as session:
            match, sought, found = self._match(user, session, match_id)
            if match.status != "consented" or found.consent != "share":
                raise Conflict(
                    "the inquirer is told only after the person found agreed", "tell_after_consent"
                )
            if found.protected or sought.protected:
                raise Conflict("this person may not be located", "may_not_be_located")
            conv = (
                session.get(Conversation, sought.conversation_id)
                if sought.conversation_id
                else None
            )
            if conv is None or conv.channel not in TEXT_CHANNELS:
                raise Conflict(
                    "the inquirer can only be reached by a call back", "inquirer_call_back"
                )
            if self.store.is_opted_out(conv.channel, conv.sender):
                raise Conflict(
                    "the inquirer opted out: nothing can be sent to them", "inquirer_opted_out"
                )
            language = conv.language or "es"
            replies = [
                self.responses.render("utter_tracing_found", language, person=found.full_name)
            ]
            if found.place:
                city = self.directory.find_city(found.place)
                place = city.name if city else found.place
                replies.append(
                    self.responses.render("utter_tracing_found_place", language, place=place)
                )
            contact = found.contact or _contact_of_id(session, found.conversation_id)
            if contact:
                replies.append(
                    self.responses.render("utter_tracing_found_contact", language, contact=contact)
                )
            self._send(user, conv, replies)
            match.status, match.agent_id, match.updated_at = "told", user.id, utcnow()
            session.add(match)
            if sought.case_id:
                session.add(
                    CaseEvent(
                        case_id=sought.case_id,
                        user_id=user.id,
                        kind="match_told",
                        detail={"match_id": match.id},
                    )
                )
            self.audit.record(
                user,
                "tell_match",
                case_id=sought.case_id,
                conversation_id=conv.id,
                match_id=match.id,
            )
        self.events.publish("match_updated", match_id=match_id, status="told")
        return match

    def protect(self, user: User, person_id: int, protected: bool = True) -> Person:
        """Hide a person from search, matching, telling and export (or lift it)."""
        self._may_work(user)
        with self.store.transaction() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person {person_id}")
            person.protected, person.updated_at = protected, utcnow()
            session.add(person)
            if protected:
                for match in session.exec(
                    select(Match).where(
                        or_(col(Match.found_id) == person_id, col(Match.sought_id) == person_id),
                        col(Match.status).in_(OPEN),
                    )
                ):
                    found = session.get(Person, match.found_id)
                    self._close(session, match, found, "rejected", user)
            self.audit.record(user, "protect_person", person_id=person_id, protected=protected)
        self.index.block(person_id, protected)
        return person

    def _close(
        self,
        session: Session,
        match: Match,
        found: Person | None,
        status: str,
        user: User | None,
    ) -> None:
        """End a match; a question still waiting for the found person is withdrawn."""
        match.status, match.updated_at = status, utcnow()
        if user is not None:
            match.agent_id = user.id
        session.add(match)
        if found is not None and found.conversation_id:
            self.runner.apply_to(found.conversation_id, Withdraw(Question("consent", match.id)))

    def _send(self, user: User, conv: Conversation, replies: list[Reply]) -> None:
        self.outbox.enqueue(conv.channel, conv.sender, conv.id, replies)
        for reply in replies:
            self.store.add_message(
                conv.id,  # type: ignore[arg-type]
                "out",
                reply.text,
                language=reply.language,
                author_id=user.id,
            )


def match_score(view: MatchView) -> Score:
    """A match's score in its parts (name, age, nationality, place), weighed as `propose`
    weighs the missing person against the one found, as both are recorded now."""
    sought = view.sought
    nationality = sought.nationality.upper() if sought.nationality else None
    query = parse_name(sought.full_name)
    return _best_score(query, sought.age, nationality, sought.place, view.found)


def _best_score(
    query: Name, age: int | None, nationality: str | None, place: str | None, person: Person
) -> Score:
    """How well a person answers a query: their best name (alternates too), with its parts."""
    return max(
        (
            score(
                query,
                parse_name(text),
                query_age=age,
                candidate_age=person.age,
                query_nationality=nationality,
                candidate_nationality=person.nationality,
                query_place=place,
                candidate_place=person.place,
            )
            for text in (person.full_name, *person.details.get("alternate_names", []))
        ),
        key=lambda s: s.total,
    )


def _given(value: Any) -> str | None:
    return None if value in (None, DECLINED, "") else str(value).strip() or None


def _age(value: Any) -> int | None:
    text = _given(value)
    if text is None:
        return None
    digits = re.search(r"\d{1,3}", text)
    return int(digits.group()) if digits else None


def _contact_of(conv: Conversation | DialogueState) -> str | None:
    """The sender's number on phone channels, to give the family (only with consent)."""
    if conv.channel not in PHONE_CHANNELS:
        return None
    number = conv.sender.removeprefix("whatsapp:")
    return number if number.startswith("+") else "+" + number


def _contact_of_id(session: Session, conversation_id: int | None) -> str | None:
    conv = session.get(Conversation, conversation_id) if conversation_id else None
    return _contact_of(conv) if conv else None
