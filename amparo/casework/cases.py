"""Case work: what agents, consuls and supervisors do with cases and conversations.

Shared by the JSON API and the web console, so both enforce the same rules: a consul sees only
their consulate's cases (and the conversations behind them), every view and change is audited,
two agents never hold the same conversation, and a follow-up goes out in the person's language
through the channel they used.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import String, cast, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, func, select

from amparo.casework.audit import Audit
from amparo.casework.errors import Conflict, Forbidden, Invalid, NotFound
from amparo.casework.sla import Deadlines
from amparo.runtime.events import EventBus
from amparo.runtime.outbox import Outbox
from amparo.runtime.turns import TurnRunner, case_facts
from bot.responses import ResponseBook
from bot.state import CaseOpened, Held, Released
from channels.messages import Reply
from data.directory import Directory
from data.models import (
    Case,
    CaseEvent,
    Conversation,
    ConversationRead,
    Message,
    OutboxMessage,
    Person,
    User,
    as_utc,
    utcnow,
)
from data.store import Store

STATUSES = ("new", "acknowledged", "in_progress", "referred", "resolved", "closed")
# Forward along the list, or back to in_progress to reopen.
TRANSITIONS = {
    "new": {"acknowledged", "in_progress", "referred", "resolved", "closed"},
    "acknowledged": {"in_progress", "referred", "resolved", "closed"},
    "in_progress": {"referred", "resolved", "closed"},
    "referred": {"in_progress", "resolved", "closed"},
    "resolved": {"in_progress", "closed"},
    "closed": {"in_progress"},
}
ORGANISATIONS = {
    "unhcr": "UNHCR (refugees and asylum seekers)",
    "iom": "IOM",
    "red_cross": "Red Cross / Red Crescent",
    "local_authority": "Local authority",
    "shelter": "Shelter",
}
PRIORITIES = (1, 2, 3, 4)  # 1 urgent … 4 low
WORKERS = ("admin", "supervisor", "agent")  # who may take over conversations
SUPERVISORS = ("admin", "supervisor")  # who may release a conversation from an agent
TEXT_CHANNELS = ("sms", "twilio_whatsapp", "whatsapp", "telegram")
OTHER_PLACE = "other"  # statistics: a place in words the directory does not know


@dataclass
class CaseFilters:
    kind: str | None = None
    status: str | None = None
    priority: int | None = None
    consulate_id: str | None = None
    nationality: str | None = None
    place: str | None = None
    channel: str | None = None
    language: str | None = None
    older_than_minutes: int | None = None
    newer_than_minutes: int | None = None
    q: str | None = None  # full text over reference, place, details and transcript
    callback_due: bool | None = None
    assigned_to: int | None = None
    escalated: bool | None = None  # escalated and still waiting for an acknowledgement
    open_only: bool = False
    limit: int = 100
    offset: int = 0

    def used(self) -> dict[str, Any]:
        """The filters set, for the audit log (the search words are not logged)."""
        skip = {"limit", "offset", "q"}
        found = {k: v for k, v in self.__dict__.items() if k not in skip and v not in (None, False)}
        return found | ({"q": True} if self.q else {})


@dataclass
class CaseView:
    case: Case
    events: list[CaseEvent]
    transcript: list[Message]
    media: list[dict[str, Any]]
    conversation: Conversation | None
    due: datetime
    deliveries: list[OutboxMessage] = field(default_factory=list)


@dataclass
class QueueItem:
    conversation: Conversation
    case: Case | None
    priority: int
    waiting_since: datetime
    reason: str  # "distress", "human_requested" or "reply_undelivered"


class Casework:
    def __init__(
        self,
        store: Store,
        audit: Audit,
        outbox: Outbox,
        responses: ResponseBook,
        directory: Directory,
        deadlines: Deadlines,
        events: EventBus,
        runner: TurnRunner,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.runner = runner  # the dialogue state's one writer: take-over and hand-back
        self.store = store
        self.audit = audit
        self.outbox = outbox
        self.responses = responses
        self.directory = directory
        self.deadlines = deadlines
        self.events = events
        self.clock = clock

    # who sees what

    def _visible(self, user: User) -> Any:
        if user.role == "consul":
            return Case.consulate_id == user.consulate_id
        return True

    def _case(self, user: User, case_id: int) -> Case:
        with self.store.transaction() as session:
            case = session.get(Case, case_id)
            if case is None or (user.role == "consul" and case.consulate_id != user.consulate_id):
                raise NotFound(f"no case {case_id}")
            return case

    def _conversation(self, user: User, conversation_id: int) -> Conversation:
        with self.store.transaction() as session:
            conv = session.get(Conversation, conversation_id)
            if conv is None:
                raise NotFound(f"no conversation {conversation_id}")
            if user.role == "consul":
                mine = session.exec(
                    select(Case.id).where(
                        Case.conversation_id == conversation_id,
                        Case.consulate_id == user.consulate_id,
                    )
                ).first()
                if mine is None:
                    raise NotFound(f"no conversation {conversation_id}")
            return conv

    def sees(self, user: User, case_id: int | None, conversation_id: int | None) -> bool:
        """Whether this user may see the case and the conversation given (unaudited: for
        events that carry ids only, whose content is then fetched through audited views)."""
        try:
            if case_id is not None:
                self._case(user, case_id)
            if conversation_id is not None:
                self._conversation(user, conversation_id)
        except NotFound:
            return False
        return True

    # cases

    def list_cases(self, user: User, filters: CaseFilters, audit: bool = True) -> list[Case]:
        """Cases this user may see, most urgent and oldest first; `audit=False` only for a count
        that shows none of them."""
        query = select(Case).where(self._visible(user))
        exact = {
            "kind": Case.kind,
            "status": Case.status,
            "priority": Case.priority,
            "consulate_id": Case.consulate_id,
            "nationality": Case.nationality,
            "place": Case.place,
            "channel": Case.channel,
            "language": Case.language,
            "assigned_to": Case.assigned_to,
            "callback_due": Case.callback_due,
        }
        for name, column in exact.items():
            value = getattr(filters, name)
            if value is not None:
                query = query.where(column == value)
        now = self.clock()
        if filters.older_than_minutes is not None:
            cutoff = now - timedelta(minutes=filters.older_than_minutes)
            query = query.where(col(Case.created_at) <= cutoff)
        if filters.newer_than_minutes is not None:
            cutoff = now - timedelta(minutes=filters.newer_than_minutes)
            query = query.where(col(Case.created_at) >= cutoff)
        if filters.open_only:
            query = query.where(col(Case.status).not_in(("resolved", "closed")))
        if filters.escalated:
            query = query.where(col(Case.escalation_level) > 0, col(Case.acknowledged_at).is_(None))
        if filters.q:
            words = f"%{filters.q.strip().lower()}%"
            said = select(Message.conversation_id).where(func.lower(Message.text).like(words))
            query = query.where(
                or_(
                    func.lower(Case.ref).like(words),
                    func.lower(Case.place).like(words),
                    func.lower(cast(Case.details, String)).like(words),
                    col(Case.conversation_id).in_(said),
                )
            )
        query = (
            query.order_by(col(Case.priority), col(Case.created_at))
            .offset(filters.offset)
            .limit(filters.limit)
        )
        with self.store.transaction() as session:
            cases = list(session.exec(query))
            if audit:
                self.audit.record(user, "list_cases", count=len(cases), **filters.used())
            return cases

    def view(self, user: User, case_id: int) -> CaseView:
        """A case with its timeline, transcript and media; the view is audited."""
        with self.store.transaction() as session:
            case = self._case(user, case_id)
            conv = session.get(Conversation, case.conversation_id) if case.conversation_id else None
            transcript = self.store.transcript(conv.id) if conv and conv.id else []
            # Voice messages with their transcriptions where Twilio made one, then the rest.
            media = [
                {**v, "content_type": "audio/x-wav"} for v in case.details.get("voicemails", [])
            ]
            heard = {m.get("url") for m in media}
            media += [m for msg in transcript for m in msg.media if m.get("url") not in heard]
            media += [a for a in case.details.get("attachments", []) if a not in media]
            self.audit.record(user, "view_case", case_id=case.id)
            if conv and conv.id:
                self._mark_read(user, conv.id, transcript)
            return CaseView(
                case=case,
                events=self.store.case_events(case_id),
                transcript=transcript,
                media=media,
                conversation=conv,
                due=self.deadlines.due(case),
                deliveries=self.outbox.for_conversation(conv.id) if conv and conv.id else [],
            )

    def change_status(
        self,
        user: User,
        case_id: int,
        status: str,
        reason: str,
        follow_up: str | None = None,
        referral: dict[str, Any] | None = None,
    ) -> Case:
        """Move a case along its lifecycle, with a reason; optionally tell the person.
        `referral`: the referral that moved it (the console names it in the user's words)."""
        if status not in STATUSES:
            raise Invalid(f"status must be one of {', '.join(STATUSES)}", "bad_status")
        if not reason.strip():
            raise Invalid("a status change needs a reason", "reason_required")
        with self.store.transaction():
            case = self._case(user, case_id)
            if status not in TRANSITIONS[case.status]:
                raise Conflict(
                    f"a {case.status} case cannot become {status}",
                    "bad_transition",
                    **{"from": case.status, "to": status},
                )
            before, case.status = case.status, status
            if case.acknowledged_at is None and status != "new":
                case.acknowledged_at = self.clock()
            if status in ("resolved", "closed"):
                case.callback_due = False
            detail: dict[str, Any] = {"from": before, "to": status, "reason": reason.strip()}
            if referral is not None:
                detail["referral"] = referral
            self._event(user, case, "status", detail)
            self.audit.record(user, "change_status", case_id=case.id, to=status)
            if follow_up and follow_up.strip():
                self._send(user, case, follow_up.strip())
            self.events.publish("case_updated", case_id=case.id, status=status)
            return case

    def acknowledge(self, user: User, case_id: int) -> Case:
        return self.change_status(user, case_id, "acknowledged", "acknowledged")

    def follow_up_draft(self, user: User, case_id: int, status: str) -> str:
        """The template an agent edits before sending: in the person's language."""
        if status not in STATUSES or status == "new":
            raise Invalid(f"no follow-up for status {status}", "no_follow_up")
        case = self._case(user, case_id)
        reply = self.responses.render(
            f"utter_followup_{status}",
            case.language,
            case_ref=case.ref,
            organisation=self._referral_name(case),
        )
        return reply.text

    def _referral_name(self, case: Case) -> str:
        referral = (case.details.get("referrals") or [{}])[-1]
        return str(referral.get("name", "—"))

    def assign(self, user: User, case_id: int, assignee_id: int | None) -> Case:
        with self.store.transaction() as session:
            case = self._case(user, case_id)
            if assignee_id is not None:
                assignee = session.get(User, assignee_id)
                if assignee is None or not assignee.active:
                    raise Invalid(f"no user {assignee_id}", "no_user")
                if assignee.role == "consul" and assignee.consulate_id != case.consulate_id:
                    raise Invalid("that consul works another consulate's cases", "consul_elsewhere")
            case.assigned_to = assignee_id
            self._event(user, case, "assigned", {"to": assignee_id})
            self.audit.record(user, "assign", case_id=case.id, to=assignee_id)
            return case

    def set_priority(self, user: User, case_id: int, priority: int, reason: str) -> Case:
        """Raise or lower a case's priority by hand, with a reason (the bot may have misread
        the person): on the timeline, audited; the bot's later reassessments leave it."""
        if priority not in PRIORITIES:
            raise Invalid("priority must be 1, 2, 3 or 4", "bad_priority")
        if not reason.strip():
            raise Invalid("a priority change needs a reason", "priority_reason_required")
        with self.store.transaction():
            case = self._case(user, case_id)
            if case.priority == priority:
                raise Conflict(f"the case already has priority {priority}", "same_priority")
            before, case.priority, case.priority_set_by = case.priority, priority, user.id
            detail = {"from": before, "to": priority, "reason": reason.strip()}
            self._event(user, case, "priority", detail)
            self.audit.record(
                user, "set_priority", case_id=case.id, **{"from": before, "to": priority}
            )
            self.events.publish("case_updated", case_id=case.id, priority=priority)
            return case

    def merge(self, user: User, case_id: int, into_id: int) -> Case:
        """Close a duplicate case into the surviving case of the same conversation: what the
        person said, the notes and the conversation move over; the duplicate says "merged
        into REF" and the statistics count the two once. Returns the surviving case."""
        with self.store.transaction() as session:
            duplicate, survivor = self._case(user, case_id), self._case(user, into_id)
            if case_id == into_id:
                raise Invalid("a case cannot be merged into itself", "merge_itself")
            if duplicate.merged_into is not None or survivor.merged_into is not None:
                raise Conflict("that case was already merged", "already_merged")
            if duplicate.conversation_id is None or (
                duplicate.conversation_id != survivor.conversation_id
            ):
                raise Conflict(
                    "only cases of the same conversation can be merged", "merge_other_conversation"
                )
            survivor.details = merged_details(survivor.details, duplicate.details)
            if survivor.priority_set_by is None:  # else a person chose it: it stands
                survivor.priority = min(survivor.priority, duplicate.priority)
            survivor.assigned_to = survivor.assigned_to or duplicate.assigned_to
            survivor.priority_reasons = list(
                dict.fromkeys([*survivor.priority_reasons, *duplicate.priority_reasons])
            )
            survivor.callback_due = survivor.callback_due or duplicate.callback_due
            notes = session.exec(
                select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "note")
            ).all()
            for note in notes:
                note.case_id = into_id
                session.add(note)
            conv = session.get(Conversation, duplicate.conversation_id)
            moved = conv is not None and conv.case_id == case_id
            session.exec(
                update(Person).where(col(Person.case_id) == case_id).values(case_id=into_id)
            )
            before, duplicate.status = duplicate.status, "closed"
            duplicate.merged_into, duplicate.callback_due = into_id, False
            self._event(user, duplicate, "merged_into", {"ref": survivor.ref, "from": before})
            self._event(user, survivor, "merged", {"ref": duplicate.ref, "notes": len(notes)})
            self.audit.record(user, "merge_cases", case_id=case_id, into=into_id)
            if moved:  # the bot goes on filling the surviving case (the state's one writer)
                session.flush()
                self.runner.apply_to(conv.id, CaseOpened(case_facts(survivor)))  # type: ignore[union-attr,arg-type]
        self.events.publish("case_updated", case_id=case_id, status="closed")
        self.events.publish("case_updated", case_id=into_id)
        return survivor

    def duplicates(self, user: User, case: Case) -> list[Case]:
        """The other cases of this case's conversation that could be merged with it."""
        if case.conversation_id is None or case.merged_into is not None:
            return []
        with self.store.transaction() as session:
            return list(
                session.exec(
                    select(Case).where(
                        Case.conversation_id == case.conversation_id,
                        col(Case.id) != case.id,
                        col(Case.merged_into).is_(None),
                        self._visible(user),
                    )
                )
            )

    def add_note(self, user: User, case_id: int, text: str) -> CaseEvent:
        if not text.strip():
            raise Invalid("a note needs some text", "empty_note")
        with self.store.transaction():
            case = self._case(user, case_id)
            event = self._event(user, case, "note", {"text": text.strip()})
            self.audit.record(user, "add_note", case_id=case.id)
            return event

    def refer(
        self,
        user: User,
        case_id: int,
        organisation: str,
        note: str = "",
        shelter_id: str | None = None,
    ) -> Case:
        """Record a referral to UNHCR, IOM, the Red Cross, a local authority or a shelter."""
        if organisation not in ORGANISATIONS:
            raise Invalid(
                f"organisation must be one of {', '.join(ORGANISATIONS)}", "bad_organisation"
            )
        name = ORGANISATIONS[organisation]
        if organisation == "shelter":
            shelter = next((s for s in self.directory.shelters if s.id == shelter_id), None)
            if shelter is None:
                raise Invalid(
                    "a shelter referral needs the id of a shelter in the directory",
                    "shelter_required",
                )
            name = shelter.name
        with self.store.transaction():
            case = self._case(user, case_id)
            referral = {"organisation": organisation, "name": name, "note": note.strip()}
            if shelter_id:
                referral["shelter_id"] = shelter_id
            referrals = [*case.details.get("referrals", []), referral]
            case.details = {**case.details, "referrals": referrals}
            self._event(user, case, "referred", {"organisation": organisation, "name": name})
            self.audit.record(user, "refer", case_id=case.id, organisation=organisation)
            if case.status in ("new", "acknowledged", "in_progress"):
                self.change_status(
                    user,
                    case.id,  # type: ignore[arg-type]
                    "referred",
                    f"referred to {name}",
                    referral=referral,
                )
            return case

    def _event(self, user: User, case: Case, kind: str, detail: dict[str, Any]) -> CaseEvent:
        case.updated_at = self.clock()
        event = CaseEvent(case_id=case.id, user_id=user.id, kind=kind, detail=detail)  # type: ignore[arg-type]
        with self.store.transaction() as session:
            session.add(case)
            session.add(event)
        return event

    # conversations and takeover

    def conversation(self, user: User, conversation_id: int) -> tuple[Conversation, list[Message]]:
        with self.store.transaction():
            conv = self._conversation(user, conversation_id)
            self.audit.record(user, "view_conversation", conversation_id=conv.id)
            transcript = self.store.transcript(conversation_id)
            self._mark_read(user, conversation_id, transcript)
            return conv, transcript

    def take_over(self, user: User, conversation_id: int) -> Conversation:
        """The bot falls silent and this agent answers; nobody else may hold it meanwhile."""
        self._may_work(user)
        with self.store.transaction() as session:
            conv = self._conversation(user, conversation_id)
            if conv.channel not in TEXT_CHANNELS:
                raise Conflict("only text conversations can be taken over", "not_text")
            # Compare and set in one statement: of simultaneous takers exactly one finds it
            # free (SQLite's write lock, PostgreSQL's row lock and re-check of the WHERE).
            claimed = session.exec(
                update(Conversation)
                .where(
                    col(Conversation.id) == conversation_id,
                    or_(col(Conversation.held_by).is_(None), col(Conversation.held_by) == user.id),
                )
                .values(held_by=user.id)
                .returning(col(Conversation.id))
            ).first()
            if claimed is None:
                raise Conflict("another agent holds this conversation", "held_by_another")
            self.runner.apply_to(conv.id, Held(user.id, self.clock()))  # type: ignore[arg-type]
            self.audit.record(user, "take_over", conversation_id=conv.id)
            self._note_case(user, conv, "taken_over")
            self._acknowledge_open(user, conv, "taken over")
        self.events.publish("conversation_held", conversation_id=conversation_id, by=user.id)
        return conv

    def reply(self, user: User, conversation_id: int, text: str) -> Message:
        """Write to the person through their channel, as the agent holding the conversation."""
        if not text.strip():
            raise Invalid("a reply needs some text", "empty_reply")
        with self.store.transaction():
            conv = self._conversation(user, conversation_id)
            if conv.held_by != user.id:
                raise Conflict("take over the conversation before replying", "take_over_first")
            message = self._say(user, conv, text.strip())
            self.audit.record(user, "reply", conversation_id=conv.id)
            self._acknowledge_open(user, conv, "replied")
        self.events.publish("message", conversation_id=conversation_id, direction="out")
        return message

    def hand_back(self, user: User, conversation_id: int) -> Conversation:
        """The agent holding the conversation gives it back to the bot (only they may: taking
        it from someone else is a supervisor's explicit `release`)."""
        with self.store.transaction():
            conv = self._conversation(user, conversation_id)
            if conv.held_by is None:
                raise Conflict("the conversation is not held", "not_held")
            if conv.held_by != user.id:
                raise Conflict("another agent holds this conversation", "held_by_another")
            self.runner.apply_to(conv.id, Released())  # type: ignore[arg-type]
            self.audit.record(user, "hand_back", conversation_id=conv.id)
            self._note_case(user, conv, "handed_back")
        self.events.publish("conversation_released", conversation_id=conversation_id)
        return conv

    def release(self, user: User, conversation_id: int) -> Conversation:
        """A supervisor takes the conversation from the agent holding it and gives it back to
        the bot: audited, on the case's timeline, and told at once to the agent's console."""
        if user.role not in SUPERVISORS:
            raise Forbidden(
                "only supervisors and admins release a conversation", "release_supervisors_only"
            )
        with self.store.transaction() as session:
            conv = self._conversation(user, conversation_id)
            holder = conv.held_by
            if holder is None:
                raise Conflict("the conversation is not held", "not_held")
            # Only from the holder seen here: a hand-back or another release in between wins.
            released = session.exec(
                update(Conversation)
                .where(col(Conversation.id) == conversation_id, col(Conversation.held_by) == holder)
                .values(held_by=None)
                .returning(col(Conversation.id))
            ).first()
            if released is None:
                raise Conflict("the conversation is not held", "not_held")
            self.runner.apply_to(conv.id, Released())  # type: ignore[arg-type]
            self.audit.record(user, "release", conversation_id=conv.id, held_by=holder)
            self._note_case(user, conv, "released", {"held_by": holder})
        self.events.publish(
            "conversation_released", conversation_id=conversation_id, by=user.id, held_by=holder
        )
        return conv

    def takeover_queue(self, user: User, audit: bool = True) -> list[QueueItem]:
        """Conversations waiting for a person: asked for one, in distress, or left without a
        reply that got through; most urgent and longest waiting first. `audit=False` only for a
        count that shows none of them."""
        with self.store.transaction() as session:
            asked = session.exec(
                select(Conversation).where(
                    col(Conversation.human_requested).is_(True),
                    col(Conversation.held_by).is_(None),
                )
            ).all()
            distress = session.exec(
                select(Case).where(
                    Case.kind == "distress",
                    col(Case.status).in_(("new", "acknowledged", "in_progress")),
                    col(Case.conversation_id).is_not(None),
                    self._visible(user),
                )
            ).all()
            items: dict[int, QueueItem] = {}
            for case in distress:
                conv = session.get(Conversation, case.conversation_id)
                if conv is None or conv.held_by is not None or conv.channel not in TEXT_CHANNELS:
                    continue
                items[conv.id] = QueueItem(conv, case, case.priority, case.created_at, "distress")  # type: ignore[index]
            waiting = [(conv, conv.updated_at, "human_requested") for conv in asked]
            # A reply that never reached the person (the provider failed it for good, or it
            # may not have gone): a person must see that they are still waiting for it.
            for conv_id, when in self.outbox.undelivered():
                conv = session.get(Conversation, conv_id)
                if conv is not None and conv.held_by is None:
                    if not self.store.is_opted_out(conv.channel, conv.sender):
                        waiting.append((conv, when, "reply_undelivered"))
            for conv, since, reason in waiting:
                if conv.id in items or conv.channel not in TEXT_CHANNELS:
                    continue
                filed = session.get(Case, conv.case_id) if conv.case_id else None
                if user.role == "consul" and (
                    filed is None or filed.consulate_id != user.consulate_id
                ):
                    continue
                priority = filed.priority if filed else 3
                if reason == "human_requested":
                    since = self._asked_at(conv)
                items[conv.id] = QueueItem(conv, filed, priority, since, reason)  # type: ignore[index]
            if audit:
                self.audit.record(user, "view_queue", count=len(items))
            return sorted(items.values(), key=lambda i: (i.priority, i.waiting_since))

    def _asked_at(self, conv: Conversation) -> datetime:
        """When the person asked for a person: their first such message since an agent last
        took the conversation (later messages must not restart the clock)."""
        with self.store.transaction() as session:
            query = select(func.min(Message.created_at)).where(
                Message.conversation_id == conv.id,
                Message.direction == "in",
                Message.intent == "human",
            )
            if conv.held_at is not None:
                query = query.where(col(Message.created_at) > conv.held_at)
            return session.exec(query).one() or conv.updated_at

    def _mark_read(self, user: User, conversation_id: int, transcript: Sequence[Message]) -> None:
        """What this user has now seen of the conversation, for the queue's unread counts."""
        if not transcript or transcript[-1].id is None or user.id is None:
            return
        with self.store.transaction() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
            values = {"message_id": transcript[-1].id, "at": self.clock()}
            session.exec(
                insert(ConversationRead)
                .values(user_id=user.id, conversation_id=conversation_id, **values)
                .on_conflict_do_update(index_elements=["user_id", "conversation_id"], set_=values)
            )

    def _may_work(self, user: User) -> None:
        if user.role not in WORKERS:
            raise Forbidden(
                "only agents, supervisors and admins take over conversations", "workers_only"
            )

    def _say(self, user: User, conv: Conversation, text: str) -> Message:
        language = conv.language or "es"
        rows = self.outbox.enqueue(
            conv.channel, conv.sender, conv.id, [Reply(text, language=language)], author_id=user.id
        )
        sent = [row.id for row in rows if row.id is not None]
        return self.store.add_message(
            conv.id,  # type: ignore[arg-type]
            "out",
            text,
            language=language,
            author_id=user.id,
            outbox_ids=sent,
        )

    def _send(self, user: User, case: Case, text: str) -> None:
        with self.store.transaction() as session:
            conv = session.get(Conversation, case.conversation_id) if case.conversation_id else None
            if conv is None or conv.channel not in TEXT_CHANNELS:
                raise Conflict(
                    "this person can only be reached by a call back, not a message",
                    "call_back_only",
                )
            self._say(user, conv, text)
            self._event(user, case, "follow_up_sent", {"channel": conv.channel})

    def _note_case(
        self, user: User, conv: Conversation, kind: str, detail: dict[str, Any] | None = None
    ) -> None:
        if conv.case_id:
            case = self.store.case(conv.case_id)
            if case is not None:
                self._event(user, case, kind, detail or {})

    def _acknowledge_open(self, user: User, conv: Conversation, why: str) -> None:
        """An agent talking to the person answers for the conversation's new cases: they are
        acknowledged (timeline, audit), so escalation calls nobody about them."""
        with self.store.transaction() as session:
            waiting = session.exec(
                select(Case.id).where(Case.conversation_id == conv.id, Case.status == "new")
            ).all()
            for case_id in waiting:
                self.change_status(user, case_id, "acknowledged", why)  # type: ignore[arg-type]

    # statistics: the consular observatory

    def stats(self, user: User, days: int = 30, zone: tzinfo = UTC) -> dict[str, Any]:
        """Counts by kind, nationality, place, channel, status and day; time to acknowledge.

        Duplicates (a conversation's later cases of the same kind) count once, as its first
        case. Places are the directory's cities (by id); a place in free words the directory
        does not know counts as "other", none as "—". Days are those of this time zone."""
        since = self.clock() - timedelta(days=days)
        with self.store.transaction() as session:
            filed: Sequence[Case] = session.exec(
                select(Case)
                .where(
                    self._visible(user),
                    col(Case.created_at) >= since,
                    col(Case.merged_into).is_(None),  # a merged duplicate counts in its survivor
                )
                .order_by(col(Case.created_at), col(Case.id))
            ).all()
            self.audit.record(user, "view_stats", days=days)
        firsts: dict[tuple[int, str], Case] = {}
        cases = [
            case
            for case in filed
            if case.conversation_id is None
            or firsts.setdefault((case.conversation_id, case.kind), case) is case
        ]
        result: dict[str, Any] = {
            "total": len(cases),
            "duplicates": len(filed) - len(cases),
            "days": days,
        }
        for name in ("kind", "nationality", "place", "channel", "status", "priority"):
            counts: dict[str, int] = {}
            for case in cases:
                value = getattr(case, name)
                key = self._city_key(value) if name == "place" else str(value or "—")
                counts[key] = counts.get(key, 0) + 1
            result[f"by_{name}"] = dict(sorted(counts.items(), key=lambda kv: -kv[1]))
        per_day: dict[str, int] = {}
        for case in cases:
            day = as_utc(case.created_at).astimezone(zone).date().isoformat()
            per_day[day] = per_day.get(day, 0) + 1
        result["by_day"] = dict(sorted(per_day.items()))
        waits = sorted(
            (c.acknowledged_at - c.created_at).total_seconds() / 60
            for c in cases
            if c.acknowledged_at is not None
        )
        result["acknowledged"] = len(waits)
        result["minutes_to_acknowledge"] = {
            "median": waits[len(waits) // 2] if waits else None,
            "p90": waits[min(len(waits) - 1, int(len(waits) * 0.9))] if waits else None,
        }
        return result

    def _city_key(self, place: str | None) -> str:
        """A case's place as the statistics count it: a directory city's id, "other", "—"."""
        if not place:
            return "—"
        city = self.directory.city(place) or self.directory.find_city(place)
        return city.id if city else OTHER_PLACE


# What a case holds in lists, the duplicate's added to the survivor's when merged.
_LISTS = ("facts", "attachments", "referrals", "voicemails")


def merged_details(survivor: dict[str, Any], duplicate: dict[str, Any]) -> dict[str, Any]:
    """The survivor's details, completed with what only the duplicate knew; lists joined."""
    merged = {**duplicate, **survivor}
    for key in _LISTS:
        if key in survivor or key in duplicate:
            joined = [*survivor.get(key, []), *duplicate.get(key, [])]
            merged[key] = [x for n, x in enumerate(joined) if x not in joined[:n]]
    return merged
