"""check-in contact: a number to reach a family that is safe, when not the one they wrote from

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("safecheckin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("safecheckin", schema=None) as batch_op:
        batch_op.drop_column("contact")
