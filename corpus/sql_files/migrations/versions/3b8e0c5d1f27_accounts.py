"""accounts

Revision ID: 3b8e0c5d1f27
Revises:
Create Date: 2024-02-01 08:00:00.000000

"""
import importlib.resources
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "3b8e0c5d1f27"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(importlib.resources.read_text("ledger_sql", "accounts.sql"))


def downgrade() -> None:
    op.execute("DROP SCHEMA ledger CASCADE")
