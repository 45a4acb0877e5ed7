"""2025.1 expand: display names and sessions

Revision ID: 8b0e4d6a1c52
Revises: 3f1c9a2b7d40
Create Date: 2025-03-17 14:02:10.551200

"""
from alembic import op
import sqlalchemy as sa

from release_labels import EXPAND_BRANCH


revision = "8b0e4d6a1c52"
down_revision = "3f1c9a2b7d40"
branch_labels = (EXPAND_BRANCH,)
depends_on = None


def upgrade():
    op.add_column("accounts", sa.Column("display_name", sa.String(length=100), nullable=True))
    op.create_table(
        "sessions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("sessions")
    op.drop_column("accounts", "display_name")
