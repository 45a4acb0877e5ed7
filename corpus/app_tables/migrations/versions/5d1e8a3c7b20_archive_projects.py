"""archive projects, index runs by start

Revision ID: 5d1e8a3c7b20
Revises:
Create Date: 2025-02-03 10:12:44.118203

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5d1e8a3c7b20"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The tables this revision alters come from tracker/initial_models.py: the application
    # creates them before it migrates (tracker/db.py).
    op.add_column(
        "projects",
        sa.Column("archived", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.add_column("runs", sa.Column("started_at", sa.DateTime(), nullable=True))
    op.create_index("ix_runs_started_at", "runs", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_runs_started_at", table_name="runs")
    op.drop_column("runs", "started_at")
    op.drop_column("projects", "archived")
