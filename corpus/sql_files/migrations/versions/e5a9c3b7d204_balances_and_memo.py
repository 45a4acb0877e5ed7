"""balances and memo

Revision ID: e5a9c3b7d204
Revises: 9d41f7a2c6e8
Create Date: 2024-05-20 16:45:00.000000

"""
import importlib.resources
from pathlib import Path
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e5a9c3b7d204"
down_revision: Union[str, Sequence[str], None] = "9d41f7a2c6e8"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute((Path(__file__).parent / "sql" / "entries_memo.sql").read_text())
    op.execute(importlib.resources.files("ledger_sql").joinpath("balances.sql").read_text())


def downgrade() -> None:
    op.execute("DROP VIEW ledger.balances")
    op.drop_column("entries", "memo", schema="ledger")
