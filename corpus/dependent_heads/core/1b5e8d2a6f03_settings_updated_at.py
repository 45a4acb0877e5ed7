"""settings updated at

Revision ID: 1b5e8d2a6f03
Revises: 1a0c4e7b2d91
Create Date: 2025-09-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1b5e8d2a6f03'
down_revision: Union[str, Sequence[str], None] = '1a0c4e7b2d91'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("settings", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("settings", "updated_at")
