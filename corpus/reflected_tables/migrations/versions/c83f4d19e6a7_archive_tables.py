"""archive tables, copied from the reflected ones

Revision ID: c83f4d19e6a7
Revises: 5b1e0c7d2a94
Create Date: 2025-07-09 15:30:02.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "c83f4d19e6a7"
down_revision: Union[str, Sequence[str], None] = "5b1e0c7d2a94"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Tables that are not archived.
NOT_ARCHIVED = ("settings",)


def _create_archive_tables(connection):
    # Every table of the database as it is now (Alembic's version table included), loaded
    # by reflection; each gets an archive_* twin with the same columns (copied: the primary key and the server defaults
    # come along, foreign keys and indexes do not).
    meta = sa.MetaData()
    meta.reflect(bind=connection)
    for table_name in list(meta.tables.keys()):
        if table_name in NOT_ARCHIVED:
            continue
        table = sa.Table(table_name, meta, autoload_with=connection)
        columns = []
        for column in table.columns:
            copy = None
            if isinstance(column.type, sa.types.NullType):
                copy = sa.Column(column.name, sa.BigInteger())
            # A reflected enum would be created again (CREATE TYPE fails): the archive gets
            # a type of its own.
            if isinstance(column.type, sa.Enum):
                copy = sa.Column(
                    column.name,
                    postgresql.ENUM(
                        *column.type.enums, name="archive_" + column.type.name
                    ),
                )
            if copy is None:
                copy = column._copy()
            columns.append(copy)
        op.create_table("archive_" + table_name, *columns)


def upgrade() -> None:
    _create_archive_tables(op.get_bind())
    bind = op.get_bind()
    # One table loaded alone, with a column given in place of the reflected one.
    meta = sa.MetaData()
    accounts = sa.Table(
        "accounts",
        meta,
        sa.Column("code", sa.String(length=20)),
        autoload_with=bind,
    )
    op.create_index("ix_accounts_code_kind", "accounts", [accounts.c.code.name, "kind"])
    if not accounts.c.balance.nullable and accounts.c.code.primary_key is False:
        op.add_column("accounts", sa.Column("closed_at", sa.DateTime(timezone=True)))
    # A table that does not exist: SQLAlchemy raises NoSuchTableError.
    try:
        sa.Table("ledgers", meta, autoload_with=bind)
    except sa.exc.NoSuchTableError:
        op.create_table(
            "ledgers",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("title", sa.String(length=80), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("ledgers")
    op.drop_column("accounts", "closed_at")
    op.drop_index("ix_accounts_code_kind", table_name="accounts")
    op.drop_table("archive_entries")
    op.drop_table("archive_accounts")
    # Alembic's own table is in the database while the revisions run: it was archived too.
    op.drop_table("archive_alembic_version")
    op.execute("DROP TYPE archive_account_kind")
