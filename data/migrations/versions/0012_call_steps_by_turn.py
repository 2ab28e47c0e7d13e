"""call steps by turn: every answered turn's step, so any repeated request gets its own answer

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

call = sa.table(
    "call",
    sa.column("call_sid", sa.String()),
    sa.column("turn", sa.Integer()),
    sa.column("last_step", sa.JSON()),
    sa.column("steps", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.add_column(sa.Column("steps", sa.JSON(), nullable=True))
    # A call under way keeps its last answer, as the answer to the turn it answered.
    bind = op.get_bind()
    for sid, turn, last in bind.execute(
        sa.select(call.c.call_sid, call.c.turn, call.c.last_step)
    ).all():
        steps = {str(max(turn - 1, 0)): last} if last else {}
        bind.execute(call.update().where(call.c.call_sid == sid).values(steps=steps))
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.alter_column("steps", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("last_step")


def downgrade() -> None:
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_step", sa.JSON(), nullable=True))
    bind = op.get_bind()
    for sid, steps in bind.execute(sa.select(call.c.call_sid, call.c.steps)).all():
        last = steps[max(steps, key=int)] if steps else {}
        bind.execute(call.update().where(call.c.call_sid == sid).values(last_step=last))
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.alter_column("last_step", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("steps")
