"""guards that catch

Revision ID: f41c9b2d7e05
Revises: e5b7403d1c28
Create Date: 2025-06-11 10:45:19.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import NoSuchTableError

# revision identifiers, used by Alembic.
revision: str = "f41c9b2d7e05"
down_revision: Union[str, Sequence[str], None] = "e5b7403d1c28"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _columns(inspector, table):
    # A helper that lets SQLAlchemy's exception through to the caller's `try`.
    return [c["name"] for c in inspector.get_columns(table)]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    # The inspector raises NoSuchTableError for a table that does not exist.
    try:
        inspector.get_columns("stock_audit")
    except NoSuchTableError:
        op.create_table(
            "stock_audit",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("note", sa.Text()),
        )
    try:
        columns = _columns(inspector, "items")
    except sa.exc.NoSuchTableError:
        columns = []
    if "discontinued" not in columns:
        op.add_column(
            "items",
            sa.Column("discontinued", sa.Boolean(), server_default=sa.false(), nullable=False),
        )


def downgrade() -> None:
    op.drop_column("items", "discontinued")
    op.drop_table("stock_audit")
