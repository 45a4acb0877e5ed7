"""region without default; scratch and audit tables

Revision ID: e4b91d0c6a25
Revises: 5c2e8a17f3d0
Create Date: 2025-06-03 17:02:11.904417

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import ProgrammingError

# revision identifiers, used by Alembic.
revision: str = "e4b91d0c6a25"
down_revision: Union[str, Sequence[str], None] = "5c2e8a17f3d0"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def add_column_once(table, column):
    """Adds a column unless it is there: the error PostgreSQL gives is caught (outside a
    transaction, so that it does not abort the rest)."""
    with op.get_context().autocommit_block():
        try:
            op.add_column(table, column)
        except ProgrammingError as e:
            if "already exists" in str(e).lower():
                pass
            else:
                raise


def upgrade() -> None:
    # Some deployments added it by hand before this revision existed.
    add_column_once("accounts", sa.Column("nickname", sa.String(length=30), nullable=True))
    op.alter_column(
        "accounts",
        "region",
        existing_type=sa.String(length=8),
        existing_nullable=False,
        server_default=None,
    )
    op.create_table(
        "scratch_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scratch_log_line", "scratch_log", ["line"])
    # No model declares audit_trail (yet): autogenerate lists it, and its index, to remove.
    op.create_table(
        "audit_trail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "action", name="uq_audit_trail_account_action"),
    )
    op.create_index("ix_audit_trail_action", "audit_trail", ["action"])


def downgrade() -> None:
    op.drop_index("ix_audit_trail_action", table_name="audit_trail")
    op.drop_table("audit_trail")
    op.drop_index("ix_scratch_log_line", table_name="scratch_log")
    op.drop_table("scratch_log")
    op.alter_column(
        "accounts",
        "region",
        existing_type=sa.String(length=8),
        existing_nullable=False,
        server_default="eu",
    )
