"""books and loans

Revision ID: 1f0a6c3d9b27
Revises:
Create Date: 2025-07-01 10:12:44.501337

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "1f0a6c3d9b27"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The application may have created these already (shelf/db.py).
    existing = sa.inspect(op.get_bind()).get_table_names()
    if "books" not in existing:
        op.create_table(
            "books",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("title", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
    if "loans" not in existing:
        op.create_table(
            "loans",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("book_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["book_id"], ["books.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
        )


def downgrade() -> None:
    op.drop_table("loans")
    op.drop_table("books")
