"""jobs

Revision ID: 5c2d8e1f7a90
Revises:
Create Date: 2024-05-06 09:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5c2d8e1f7a90"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(prefix: str = "jk_") -> None:
    op.create_table(
        f"{prefix}jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade(prefix: str = "jk_") -> None:
    op.drop_table(f"{prefix}jobs")
