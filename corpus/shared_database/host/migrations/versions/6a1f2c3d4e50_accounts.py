"""accounts

Revision ID: 6a1f2c3d4e50
Revises:
Create Date: 2026-11-02 09:12:40.118204

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "6a1f2c3d4e50"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )


def downgrade() -> None:
    op.drop_table("accounts")
