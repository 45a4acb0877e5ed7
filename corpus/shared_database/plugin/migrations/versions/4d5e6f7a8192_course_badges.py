"""course badges

Revision ID: 4d5e6f7a8192
Revises: 3c4d5e6f7a81
Create Date: 2026-11-23 16:20:05.771940

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "4d5e6f7a8192"
down_revision: Union[str, Sequence[str], None] = "3c4d5e6f7a81"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "course_badges",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("badge_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["badge_id"], ["badges.id"]),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"]),
        sa.PrimaryKeyConstraint("course_id", "badge_id"),
    )


def downgrade() -> None:
    op.drop_table("course_badges")
