"""drop, add and extend what the catalog lists

Revision ID: 8d0f4b6a9e21
Revises: 3a61c0e2b7d4
Create Date: 2024-05-09 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8d0f4b6a9e21"
down_revision: Union[str, Sequence[str], None] = "3a61c0e2b7d4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A single-column unique constraint on `name`, whatever PostgreSQL named it, in each table.
NAME_UNIQUE = (
    "SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
    "WHERE t.relname = :tbl AND c.contype = 'u' AND array_length(c.conkey, 1) = 1 "
    "AND (SELECT a.attname FROM pg_attribute a "
    "WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[1]) = 'name'"
)


def upgrade() -> None:
    bind = op.get_bind()
    for tbl in ("accounts", "sessions"):
        for name_row in bind.execute(sa.text(NAME_UNIQUE).bindparams(tbl=tbl)):
            op.execute(f'ALTER TABLE {tbl} DROP CONSTRAINT IF EXISTS "{name_row[0]}"')

    # The labels the type lacks, added in the order given.
    rows = bind.execute(
        sa.text("SELECT unnest(enum_range(NULL::account_state))::text")
    ).fetchall()
    labels = [r[0] for r in rows]
    for label in ("new", "suspended", "active", "closed"):
        if label not in labels:
            op.execute(f"ALTER TYPE account_state ADD VALUE '{label}'")

    # The columns information_schema does not list yet.
    present = {
        row.column_name
        for row in bind.execute(
            sa.text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = 'accounts'"
            )
        )
    }
    for column in ("email", "phone", "region", "country"):
        if column not in present:
            op.add_column("accounts", sa.Column(column, sa.Text(), nullable=True))

    # The session indexes pg_indexes lists, but for the token's.
    result = bind.execute(
        sa.text(
            "SELECT indexname, tablename FROM pg_indexes "
            "WHERE schemaname = 'public' AND tablename = 'sessions' "
            "AND indexname LIKE 'ix\\_%' ORDER BY indexname"
        )
    )
    for index in result:
        if index.indexname != "ix_sessions_token":
            op.drop_index(index.indexname, table_name=index.tablename)

    # A unique constraint left on sessions: dropped by a DO block that asks a join.
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE t.relname = 'sessions' AND c.contype = 'u'
                  AND array_length(c.conkey, 1) = 2
            ) THEN
                ALTER TABLE sessions DROP CONSTRAINT sessions_account_id_token_key;
            END IF;
        END $$;
        """
    )


def downgrade() -> None:
    op.create_unique_constraint(
        "sessions_account_id_token_key", "sessions", ["account_id", "token"]
    )
    op.create_index("ix_sessions_account_id", "sessions", ["account_id"])
    op.drop_column("accounts", "country")
    op.drop_column("accounts", "phone")
    # PostgreSQL cannot take a label off a type: it is made again (no column uses it).
    op.execute("DROP TYPE account_state")
    op.execute("CREATE TYPE account_state AS ENUM ('new', 'active')")
    op.create_unique_constraint("sessions_name_key", "sessions", ["name"])
    op.create_unique_constraint("accounts_name_key", "accounts", ["name"])
