"""create accounts

Revision ID: 2a3d7f1c9e46
Revises: 
Create Date: 2025-09-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2a3d7f1c9e46'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ('accounts',)
depends_on: Union[str, Sequence[str], None] = '1b5e8d2a6f03'


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("accounts")
