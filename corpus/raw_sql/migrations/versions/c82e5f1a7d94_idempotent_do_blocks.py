"""idempotent do blocks

Revision ID: c82e5f1a7d94
Revises: f0e6a4d9c388
Create Date: 2024-11-02 09:15:44.208113

Each change is made only where PostgreSQL's catalog says it is still to be made, inside
PL/pgSQL DO blocks, the way revisions meant to run on databases fixed by hand are written.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c82e5f1a7d94"
down_revision: Union[str, Sequence[str], None] = "f0e6a4d9c388"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHECKS = [
    ("members_tier_known", "members", "tier IS NOT NULL OR status = 'suspended'"),
    # books has it since its first revision: the guard leaves it.
    ("books_price_check", "books", "price > 0"),
]


def upgrade() -> None:
    """Upgrade schema."""
    # An enum type made where pg_type does not have it yet: the second block finds it.
    for _ in range(2):
        op.execute(
            """
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'member_tier') THEN
                    CREATE TYPE member_tier AS ENUM ('basic', 'plus');
                END IF;
            END
            $$;
            """
        )
    # A column converted only where information_schema still shows the old type.
    op.execute("ALTER TABLE members ADD COLUMN tier varchar(16)")
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = 'members'
                  AND column_name = 'tier' AND data_type = 'character varying'
            ) THEN
                ALTER TABLE members ALTER COLUMN tier TYPE member_tier USING tier::member_tier;
            END IF;
        END
        $$;
        """
    )
    for name, table, expression in CHECKS:
        op.execute(
            f"""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '{name}') THEN
                    ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({expression});
                END IF;
            END
            $$;
            """
        )
    # A full index replaced by a partial one where pg_indexes shows no WHERE in it yet.
    op.execute("CREATE INDEX ix_members_status ON members (status)")
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM pg_indexes
                WHERE schemaname = 'public' AND indexname = 'ix_members_status'
                  AND indexdef NOT LIKE '%WHERE%'
            ) THEN
                DROP INDEX ix_members_status;
                CREATE INDEX ix_members_status ON members (status) WHERE status <> 'active';
            END IF;
        END
        $$;
        """
    )
    # A rename where the old name exists and the new one does not; ELSIF and ELSE.
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM pg_constraint WHERE conname = 'members_email_key' AND contype = 'u'
            ) AND NOT EXISTS (
                SELECT 1 FROM pg_constraint WHERE conname = 'members_email_uq'
            ) THEN
                ALTER TABLE members RENAME CONSTRAINT members_email_key TO members_email_uq;
            ELSIF to_regclass('public.members_email_uq') IS NULL THEN
                CREATE UNIQUE INDEX members_email_uq ON members (email);
            ELSE
                RAISE NOTICE 'members_email_uq is there';
            END IF;
        END
        $$;
        """
    )
    # The constraint exists already: the block is undone (the table it made too) and its
    # handler runs.
    op.execute(
        """
        DO $$
        BEGIN
            CREATE TABLE isbn_checks (isbn char(13));
            ALTER TABLE books ADD CONSTRAINT books_isbn_uq UNIQUE (isbn);
        EXCEPTION WHEN duplicate_table OR duplicate_object THEN
            CREATE TABLE isbn_conflicts (isbn char(13) NOT NULL);
        END
        $$;
        """
    )
    # A condition on the rows, with nothing of the schema depending on it.
    op.execute(
        """
        DO $$
        BEGIN
            IF (SELECT count(*) FROM members) = 0 THEN
                RAISE NOTICE 'no members yet';
            END IF;
        END
        $$;
        """
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP TABLE isbn_conflicts")
    op.execute("ALTER TABLE members RENAME CONSTRAINT members_email_uq TO members_email_key")
    op.execute("DROP INDEX ix_members_status")
    op.execute("ALTER TABLE members DROP CONSTRAINT members_tier_known")
    op.execute("ALTER TABLE members DROP COLUMN tier")
    op.execute("DROP TYPE member_tier")
