"""roles granted at

Revision ID: 3c4e9c5b2a37
Revises: 3b0d7a1f5e84
Create Date: 2025-09-03 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3c4e9c5b2a37'
down_revision: Union[str, Sequence[str], None] = '3b0d7a1f5e84'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '1c9f3b6e0a27'


def upgrade() -> None:
    op.add_column("account_roles", sa.Column("granted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("account_roles", "granted_at")
