"""accounts and plugins

Revision ID: 3f8a1c5e7b20
Revises:
Create Date: 2025-05-02 09:14:26.118204

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "3f8a1c5e7b20"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("referrer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["referrer_id"], ["accounts.id"], name=op.f("fk_accounts_referrer_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
    )
    op.create_index(op.f("ix_accounts_email"), "accounts", ["email"], unique=False)
    op.create_table(
        "plugins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_plugins_name"), "plugins", ["name"], unique=False)
    op.create_table(
        "plugin_runs",
        sa.Column("plugin_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plugin_id"], ["plugins.id"]),
        sa.PrimaryKeyConstraint("plugin_id", "started_at", name="plugin_runs_by_time"),
    )


def downgrade() -> None:
    op.drop_table("plugin_runs")
    op.drop_index(op.f("ix_plugins_name"), table_name="plugins")
    op.drop_table("plugins")
    op.drop_index(op.f("ix_accounts_email"), table_name="accounts")
    op.drop_table("accounts")
