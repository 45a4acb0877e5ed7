"""roles of accounts

Revision ID: 3b0d7a1f5e84
Revises: 3a6b2e8d4c10
Create Date: 2025-09-03 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3b0d7a1f5e84'
down_revision: Union[str, Sequence[str], None] = '3a6b2e8d4c10'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '2b8e0a4d3f15'


def upgrade() -> None:
    op.create_table(
        "account_roles",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("role_id", sa.Integer(), sa.ForeignKey("roles.id"), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("account_roles")
