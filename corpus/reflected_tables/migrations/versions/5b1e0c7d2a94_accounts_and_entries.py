"""accounts and entries

Revision ID: 5b1e0c7d2a94
Revises:
Create Date: 2025-07-02 09:12:40.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "5b1e0c7d2a94"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=20), nullable=False, unique=True),
        sa.Column(
            "kind",
            sa.Enum("asset", "liability", "equity", name="account_kind"),
            nullable=False,
            server_default="asset",
        ),
        sa.Column("opened_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("balance", sa.Numeric(12, 2), nullable=False, server_default="0"),
        sa.Column("owner_ip", postgresql.INET()),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer(),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("memo", sa.Text()),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=30))),
        sa.CheckConstraint("amount <> 0", name="entries_amount_nonzero"),
    )
    op.create_index("ix_entries_account_id", "entries", ["account_id"])
    op.create_index(
        "ix_entries_memo_present",
        "entries",
        ["account_id", "amount"],
        postgresql_where=sa.text("memo IS NOT NULL"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=50), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_entries_memo_present", table_name="entries")
    op.drop_index("ix_entries_account_id", table_name="entries")
    op.drop_table("entries")
    op.drop_table("accounts")
    op.execute("DROP TYPE account_kind")
