"""isbn and due dates

Revision ID: 8d3e2b71c4a0
Revises: 1f0a6c3d9b27
Create Date: 2025-08-14 15:40:02.118930

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8d3e2b71c4a0"
down_revision: Union[str, Sequence[str], None] = "1f0a6c3d9b27"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    books = [c["name"] for c in inspector.get_columns("books")]
    if "isbn" not in books:
        op.add_column("books", sa.Column("isbn", sa.String(length=13), nullable=True))
        op.create_unique_constraint("books_isbn_key", "books", ["isbn"])
    loans = [c["name"] for c in inspector.get_columns("loans")]
    if "due" not in loans:
        op.add_column("loans", sa.Column("due", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("loans", "due")
    op.drop_constraint("books_isbn_key", "books", type_="unique")
    op.drop_column("books", "isbn")
