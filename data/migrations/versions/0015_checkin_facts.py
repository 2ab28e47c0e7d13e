"""check-in facts: who among a family that is safe is vulnerable (children, elderly…)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 12:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("safecheckin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("safecheckin", schema=None) as batch_op:
        batch_op.drop_column("facts")
