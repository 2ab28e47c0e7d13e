"""case priority set by hand and merged duplicates

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority_set_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_case_priority_set_by_user", "user", ["priority_set_by"], ["id"]
        )
        batch_op.create_foreign_key("fk_case_merged_into_case", "case", ["merged_into"], ["id"])
        batch_op.create_index(batch_op.f("ix_case_merged_into"), ["merged_into"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_merged_into"))
        batch_op.drop_constraint("fk_case_merged_into_case", type_="foreignkey")
        batch_op.drop_constraint("fk_case_priority_set_by_user", type_="foreignkey")
        batch_op.drop_column("merged_into")
        batch_op.drop_column("priority_set_by")
