"""region without default; scratch and audit tables

Revision ID: e4b91d0c6a25
Revises: 5c2e8a17f3d0
Create Date: 2025-06-03 17:02:11.904417

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e4b91d0c6a25"
down_revision: Union[str, Sequence[str], None] = "5c2e8a17f3d0"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
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
