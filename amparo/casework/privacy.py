"""A person's data on request, and retention: export, and purge after a retention period.

Erasure itself is Store.erase (also reached from the conversation: "borrar mis datos").
"""

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from data.models import (
    Call,
    Case,
    CaseEvent,
    Conversation,
    OutboxMessage,
    Person,
    PersonNote,
    SafeCheckin,
    utcnow,
)
from data.store import Store

FINISHED = ("resolved", "closed")


class Privacy:
    def __init__(self, store: Store) -> None:
        self.store = store

    def find(self, channel: str, sender: str) -> Conversation | None:
        with self.store.transaction() as session:
            return session.exec(
                select(Conversation).where(
                    Conversation.channel == channel, Conversation.sender == sender
                )
            ).first()

    def export(self, channel: str, sender: str) -> dict[str, Any] | None:
        """Everything Amparo holds about one person on one channel, as plain JSON data."""
        conv = self.find(channel, sender)
        if conv is None:
            return None
        with self.store.transaction() as session:
            cases = session.exec(select(Case).where(Case.conversation_id == conv.id)).all()
            return {
                "exported_at": utcnow().isoformat(),
                "conversation": conv.model_dump(mode="json"),
                "messages": [
                    m.model_dump(mode="json", exclude={"author_id"})
                    for m in self.store.transcript(conv.id)  # type: ignore[arg-type]
                ],
                "cases": [
                    {
                        **case.model_dump(mode="json"),
                        "timeline": [
                            e.model_dump(mode="json", exclude={"user_id"})
                            for e in session.exec(
                                select(CaseEvent).where(CaseEvent.case_id == case.id)
                            )
                        ],
                    }
                    for case in cases
                ],
                "safe_checkins": [
                    c.model_dump(mode="json")
                    for c in session.exec(
                        select(SafeCheckin).where(SafeCheckin.conversation_id == conv.id)
                    )
                ],
                "replies": [
                    {
                        "text": o.payload.get("text"),
                        "status": o.status,
                        "at": o.created_at.isoformat(),
                    }
                    for o in session.exec(
                        select(OutboxMessage).where(OutboxMessage.conversation_id == conv.id)
                    )
                ],
                # The people this person told us about (themselves, or whom they seek), never
                # whom they were matched with: that is someone else's to tell.
                "people": [
                    {
                        **person.model_dump(mode="json", exclude={"name_key"}),
                        "notes": [
                            n.model_dump(mode="json")
                            for n in session.exec(
                                select(PersonNote).where(PersonNote.person_id == person.id)
                            )
                        ],
                    }
                    for person in session.exec(
                        select(Person).where(Person.conversation_id == conv.id)
                    )
                ],
                "calls": [
                    c.model_dump(mode="json", include={"call_sid", "stage", "status", "created_at"})
                    for c in session.exec(select(Call).where(Call.conversation_id == conv.id))
                ],
            }

    def erase(self, channel: str, sender: str) -> bool:
        """Remove the person from every table and queue; the opt-out stays (as a hash)."""
        conv = self.find(channel, sender)
        if conv is None:
            return False
        with self.store.transaction():
            self.store.erase(conv.id)  # type: ignore[arg-type]
            self.store.opt_out(channel, sender)
        return True

    def purge(self, retention_days: int, now: datetime | None = None) -> dict[str, int]:
        """After the retention period: cases finished that long ago keep only their counts,
        and conversations silent that long, with no open case, are deleted."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        done = {"cases": 0, "conversations": 0}
        with self.store.transaction() as session:
            for case in session.exec(
                select(Case).where(
                    col(Case.status).in_(FINISHED),
                    col(Case.updated_at) < cutoff,
                    col(Case.conversation_id).is_not(None) | col(Case.contact).is_not(None),
                )
            ).all():
                self.store.anonymise(case, "purged")
                done["cases"] += 1
            open_conversations = select(Case.conversation_id).where(
                col(Case.status).not_in(FINISHED), col(Case.conversation_id).is_not(None)
            )
            for conv in session.exec(
                select(Conversation).where(
                    col(Conversation.updated_at) < cutoff,
                    col(Conversation.id).not_in(open_conversations),
                )
            ).all():
                self.store.erase(conv.id)  # type: ignore[arg-type]
                done["conversations"] += 1
        return done
