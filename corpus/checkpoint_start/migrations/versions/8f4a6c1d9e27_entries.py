"""entries

Revision ID: 8f4a6c1d9e27
Revises: 2b7c9e0a4d13
Create Date: 2024-03-02 11:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8f4a6c1d9e27"
down_revision: Union[str, Sequence[str], None] = "2b7c9e0a4d13"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Written for the database the project used then: the table of the checkpoint differs
    # (its amount is numeric(12,2), and it has a posted_at).
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id")),
        sa.Column("amount", sa.Float()),
    )


def downgrade() -> None:
    op.drop_table("entries")
