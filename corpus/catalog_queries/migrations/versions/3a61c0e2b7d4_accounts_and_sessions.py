"""accounts and sessions, with the constraints and indexes later revisions look for

Revision ID: 3a61c0e2b7d4
Revises:
Create Date: 2024-05-02 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "3a61c0e2b7d4"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE TYPE account_state AS ENUM ('new', 'active')")
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
    )
    op.create_index("ix_accounts_region", "accounts", ["region"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("name", sa.Text(), nullable=True, unique=True),
        sa.Column("token", sa.Text(), nullable=False),
        sa.UniqueConstraint("account_id", "token"),
    )
    op.create_index("ix_sessions_token", "sessions", ["token"])
    op.create_index("ix_sessions_account_id", "sessions", ["account_id"])


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_table("accounts")
    op.execute("DROP TYPE account_state")
