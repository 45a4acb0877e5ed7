"""frozen snapshot

Revision ID: a3f8d2e6c915
Revises: f07c3e9a1b54
Create Date: 2025-06-20 09:12:00.000000

"""
from typing import Sequence, Union

from alembic import op

from stockroom.snapshot import create_missing_tables, reconcile, snapshot_metadata

# revision identifiers, used by Alembic.
revision: str = "a3f8d2e6c915"
down_revision: Union[str, Sequence[str], None] = "f07c3e9a1b54"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    bind = op.get_bind()
    # The snapshot's tables, with the indexes made apart on their columns.
    create_missing_tables(bind, snapshot_metadata())
    # One index goes; reconciling with a fresh snapshot adds it back and creates nothing else.
    op.drop_index("ix_ledger_lines_ledger_amount", table_name="ledger_lines")
    reconcile(bind, snapshot_metadata())


def downgrade() -> None:
    op.drop_table("ledger_lines")
    op.drop_table("ledgers")
