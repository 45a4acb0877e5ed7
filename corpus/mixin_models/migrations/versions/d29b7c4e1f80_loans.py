"""loans

Revision ID: d29b7c4e1f80
Revises: 6a0f3e2b9c14
Create Date: 2025-04-09 11:05:47.902316

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d29b7c4e1f80"
down_revision: Union[str, Sequence[str], None] = "6a0f3e2b9c14"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "loans",
        sa.Column("shelf_id", sa.Integer(), nullable=False),
        sa.Column("borrower", sa.String(length=60), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("touched_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_loans_created_by"),
        sa.ForeignKeyConstraint(["shelf_id"], ["shelfs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shelf_id", "borrower", name="uq_loans_borrower"),
    )


def downgrade() -> None:
    op.drop_table("loans")
