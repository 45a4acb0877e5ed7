"""accounts

Revision ID: 3f1c9a2b7d40
Revises:
Create Date: 2025-01-06 09:12:44.102311

"""
from alembic import op
import sqlalchemy as sa


revision = "3f1c9a2b7d40"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("legacy_code", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_accounts_email", "accounts", ["email"], unique=True)


def downgrade():
    op.drop_index("ix_accounts_email", table_name="accounts")
    op.drop_table("accounts")
