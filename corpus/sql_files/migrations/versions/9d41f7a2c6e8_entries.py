"""entries

Revision ID: 9d41f7a2c6e8
Revises: 3b8e0c5d1f27
Create Date: 2024-03-12 10:30:00.000000

"""
import os
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "9d41f7a2c6e8"
down_revision: Union[str, Sequence[str], None] = "3b8e0c5d1f27"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SQL_DIR = os.path.join(os.path.dirname(__file__), "sql")


def upgrade() -> None:
    with open(os.path.join(SQL_DIR, "entries.sql"), encoding="utf-8") as f:
        op.execute(f.read())


def downgrade() -> None:
    op.drop_table("entries", schema="ledger")
