"""The audit log: who viewed or changed which case or conversation, and when.

Entries hold ids and the names of what changed, never the messages or a person's details.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from data.models import AuditEntry, User
from data.store import Store


class Audit:
    def __init__(self, store: Store) -> None:
        self.store = store

    def record(
        self,
        user: User | None,
        action: str,
        *,
        case_id: int | None = None,
        conversation_id: int | None = None,
        **detail: Any,
    ) -> None:
        """One entry, committed with whatever the caller's transaction changes."""
        entry = AuditEntry(
            user_id=user.id if user else None,
            action=action,
            case_id=case_id,
            conversation_id=conversation_id,
            detail=detail,
        )
        with self.store.transaction() as session:
            session.add(entry)

    def entries(
        self,
        *,
        user_id: int | None = None,
        case_id: int | None = None,
        action: str | None = None,
        since: datetime | None = None,
        limit: int = 200,
    ) -> Sequence[AuditEntry]:
        """The newest entries first, filtered."""
        query = select(AuditEntry)
        if user_id is not None:
            query = query.where(AuditEntry.user_id == user_id)
        if case_id is not None:
            query = query.where(AuditEntry.case_id == case_id)
        if action:
            query = query.where(AuditEntry.action == action)
        if since:
            query = query.where(col(AuditEntry.at) >= since)
        query = query.order_by(col(AuditEntry.id).desc()).limit(limit)
        with self.store.transaction() as session:
            return list(session.exec(query))
