"""pinned notes

Revision ID: e7b3d2a1f954
Revises: c2f48a9e3d10
Create Date: 2025-07-09 16:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e7b3d2a1f954"
down_revision: Union[str, Sequence[str], None] = "c2f48a9e3d10"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("pinned_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("notes", "pinned_at")
