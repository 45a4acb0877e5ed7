"""accounts active

Revision ID: 2b8e0a4d3f15
Revises: 2a3d7f1c9e46
Create Date: 2025-09-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2b8e0a4d3f15'
down_revision: Union[str, Sequence[str], None] = '2a3d7f1c9e46'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("active", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "active")
