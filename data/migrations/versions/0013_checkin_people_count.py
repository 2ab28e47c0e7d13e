"""check-in head count: "we are four, all fine" is four people accounted for

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("safecheckin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("people_count", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("safecheckin", schema=None) as batch_op:
        batch_op.drop_column("people_count")
