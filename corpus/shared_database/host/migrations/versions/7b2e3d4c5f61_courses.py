"""courses

Revision ID: 7b2e3d4c5f61
Revises: 6a1f2c3d4e50
Create Date: 2026-11-09 14:03:11.502918

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "7b2e3d4c5f61"
down_revision: Union[str, Sequence[str], None] = "6a1f2c3d4e50"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_courses_owner_id"), "courses", ["owner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_courses_owner_id"), table_name="courses")
    op.drop_table("courses")
