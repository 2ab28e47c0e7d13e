"""inbox index on a conversation's unhandled messages; outbox retry budget

The worker handles a conversation's oldest unhandled message first, whatever the queue
delivered (issue 14, point 10): one index seek, where the index on the conversation key alone
walked the conversation's whole history. It covers every query the old index served.

A reply is retried for a time, not a number of tries (point 11): `retrying_since` is when its
first try failed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inbox_unhandled", ["conversation_key", "processed_at", "id"], unique=False
        )
        batch_op.drop_index("ix_inboxmessage_conversation_key")
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retrying_since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_column("retrying_since")
    with op.batch_alter_table("inboxmessage", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inboxmessage_conversation_key", ["conversation_key"], unique=False
        )
        batch_op.drop_index("ix_inbox_unhandled")
