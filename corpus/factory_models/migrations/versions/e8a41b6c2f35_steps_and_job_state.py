"""steps and job state

Revision ID: e8a41b6c2f35
Revises: 5c2d8e1f7a90
Create Date: 2024-06-11 14:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e8a41b6c2f35"
down_revision: Union[str, Sequence[str], None] = "5c2d8e1f7a90"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(prefix: str = "jk_") -> None:
    op.add_column(
        f"{prefix}jobs",
        sa.Column("state", sa.String(length=16), server_default="queued", nullable=False),
    )
    op.create_table(
        f"{prefix}steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("command", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], [f"{prefix}jobs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "position"),
    )


def downgrade(prefix: str = "jk_") -> None:
    op.drop_table(f"{prefix}steps")
    op.drop_column(f"{prefix}jobs", "state")
