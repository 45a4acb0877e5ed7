"""account emails

Revision ID: e93b0d5a6f18
Revises: 5d1e8b2f7c40
Create Date: 2025-02-20 14:45:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e93b0d5a6f18"
down_revision: Union[str, Sequence[str], None] = "5d1e8b2f7c40"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("email", sa.String(length=200)))
    op.create_unique_constraint("uq_accounts_email", "accounts", ["email"])


def downgrade() -> None:
    op.drop_constraint("uq_accounts_email", "accounts", type_="unique")
    op.drop_column("accounts", "email")
