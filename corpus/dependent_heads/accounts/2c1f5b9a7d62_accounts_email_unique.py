"""accounts email unique

Revision ID: 2c1f5b9a7d62
Revises: 2b8e0a4d3f15
Create Date: 2025-09-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2c1f5b9a7d62'
down_revision: Union[str, Sequence[str], None] = '2b8e0a4d3f15'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_unique_constraint("uq_accounts_email", "accounts", ["email"])


def downgrade() -> None:
    op.drop_constraint("uq_accounts_email", "accounts", type_="unique")
