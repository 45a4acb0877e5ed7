"""badges

Revision ID: 3c4d5e6f7a81
Revises:
Create Date: 2026-11-16 10:41:27.093311

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "3c4d5e6f7a81"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The host's accounts exist: its history ran first on this database.
    op.create_table(
        "badges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_badges_account_id"), "badges", ["account_id"])
    # A column on one of the host's tables, which no model declares.
    op.add_column(
        "courses",
        sa.Column("badge_count", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("courses", "badge_count")
    op.drop_index(op.f("ix_badges_account_id"), table_name="badges")
    op.drop_table("badges")
