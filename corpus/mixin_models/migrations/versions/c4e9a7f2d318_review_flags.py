"""review flags

Revision ID: c4e9a7f2d318
Revises: b7d2e9a4c610
Create Date: 2025-03-02 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c4e9a7f2d318"
down_revision: Union[str, Sequence[str], None] = "b7d2e9a4c610"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("reviews", sa.Column("flagged_by", sa.Integer(), nullable=True))
    op.add_column("reviews", sa.Column("flag_reason", sa.String(length=80), nullable=True))
    op.add_column(
        "reviews", sa.Column("flag_count", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("reviews", "flag_count")
    op.drop_column("reviews", "flag_reason")
    op.drop_column("reviews", "flagged_by")
