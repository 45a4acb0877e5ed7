"""checkpoint

Revision ID: 5d1e8b2f7c40
Revises: 8f4a6c1d9e27
Create Date: 2025-01-15 08:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5d1e8b2f7c40"
down_revision: Union[str, Sequence[str], None] = "8f4a6c1d9e27"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(op=None) -> None:
    # Equivalent to the revisions before it. Alembic calls it without `op` on a database older
    # than the checkpoint, where it does nothing; the migrate command (ledger/migrate.py) calls
    # it with one on a new database, which it builds.
    if op is None:
        return
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=100), nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("posted_at", sa.DateTime(), server_default=sa.func.now()),
    )
    op.create_index("ix_entries_account_id", "entries", ["account_id"])


def downgrade() -> None:
    raise NotImplementedError("a checkpoint is not downgraded")
