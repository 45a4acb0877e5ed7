"""objects built from what the catalog says

Revision ID: c5b2e7f1d0a3
Revises: 8d0f4b6a9e21
Create Date: 2024-05-16 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c5b2e7f1d0a3"
down_revision: Union[str, Sequence[str], None] = "8d0f4b6a9e21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    conn = op.get_bind()
    # The foreign keys of sessions, made again with ON DELETE CASCADE under their own names.
    fks = conn.execute(
        sa.text(
            "SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'sessions'::regclass AND contype = 'f'"
        )
    ).scalars().all()
    for fk in fks:
        op.drop_constraint(fk, "sessions", type_="foreignkey")
        op.create_foreign_key(fk, "sessions", "accounts", ["account_id"], ["id"], ondelete="CASCADE")

    # The labels in the type's order, as a check on a text column.
    labels = [
        row.enumlabel
        for row in conn.execute(
            sa.text(
                "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON e.enumtypid = t.oid "
                "WHERE t.typname = 'account_state' ORDER BY e.enumsortorder"
            )
        )
    ]
    op.add_column("accounts", sa.Column("state_name", sa.Text(), nullable=True))
    op.create_check_constraint(
        "ck_accounts_state_name", "accounts", f"state_name IN ('{labels[0]}', '{labels[-1]}')"
    )
    op.create_index(f"ix_accounts_{len(labels)}_labels", "accounts", ["state_name"])

    # The primary key's column of accounts, from information_schema, for a new table's key.
    pk = conn.execute(
        sa.text(
            "SELECT kcu.column_name FROM information_schema.table_constraints tc "
            "JOIN information_schema.key_column_usage kcu "
            "ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema "
            "WHERE tc.table_name = 'accounts' AND tc.constraint_type = 'PRIMARY KEY'"
        )
    ).scalar_one()
    op.create_table(
        "account_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(f"account_{pk}", sa.Integer(), sa.ForeignKey(f"accounts.{pk}")),
    )

    # An index only while accounts has few of them.
    count = conn.execute(
        sa.text("SELECT count(*) FROM pg_indexes WHERE tablename = 'accounts'")
    ).scalar()
    if count < 4:
        op.create_index("ix_accounts_email", "accounts", ["email"])
    else:
        op.create_index("ix_accounts_email_phone", "accounts", ["email", "phone"])

    # One row per NOT NULL column of sessions, as information_schema lists them.
    checks = conn.execute(
        sa.text(
            "SELECT count(*) FROM information_schema.table_constraints "
            "WHERE table_name = 'sessions' AND constraint_type = 'CHECK'"
        )
    ).scalar()
    op.add_column("sessions", sa.Column(f"checks_{checks}", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("sessions", "checks_3")
    op.drop_index("ix_accounts_email", table_name="accounts")
    op.drop_table("account_notes")
    op.drop_index("ix_accounts_4_labels", table_name="accounts")
    op.drop_constraint("ck_accounts_state_name", "accounts", type_="check")
    op.drop_column("accounts", "state_name")
    op.drop_constraint("sessions_account_id_fkey", "sessions", type_="foreignkey")
    op.create_foreign_key(
        "sessions_account_id_fkey", "sessions", "accounts", ["account_id"], ["id"]
    )
