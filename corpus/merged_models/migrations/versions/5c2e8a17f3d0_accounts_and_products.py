"""accounts and products

Revision ID: 5c2e8a17f3d0
Revises:
Create Date: 2025-05-12 09:14:40.220913

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from registry.accounts import models as account_models

# revision identifiers, used by Alembic.
revision: str = "5c2e8a17f3d0"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=account_models.NAME_LENGTH), nullable=False),
        # The first rows were backfilled with a default the next revision drops.
        sa.Column("region", sa.String(length=8), nullable=False, server_default="eu"),
        sa.Column("nickname", sa.String(length=30), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["invited_by_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_accounts_lower_name", "accounts", [sa.text("lower(name)")], unique=True
    )
    op.create_index("ix_accounts_nickname", "accounts", ["nickname"])
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "role", name="uq_memberships_account_id"),
    )
    op.create_index("ix_memberships_account_id", "memberships", ["account_id"])
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )


def downgrade() -> None:
    op.drop_table("products")
    op.drop_index("ix_memberships_account_id", table_name="memberships")
    op.drop_table("memberships")
    op.drop_index("ix_accounts_nickname", table_name="accounts")
    op.drop_index("ix_accounts_lower_name", table_name="accounts")
    op.drop_table("accounts")
