"""ledger

Revision ID: 5c0e9a7d2b14
Revises:
Create Date: 2025-07-14 08:31:09.204117

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5c0e9a7d2b14"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA ledger")
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        schema="ledger",
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["ledger.accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
        schema="ledger",
    )
    op.create_table(
        "entry_tags",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["ledger.entries.id"]),
        schema="ledger",
    )


def downgrade() -> None:
    op.drop_table("entry_tags", schema="ledger")
    op.drop_table("entries", schema="ledger")
    op.drop_table("accounts", schema="ledger")
    op.execute("DROP SCHEMA ledger")
