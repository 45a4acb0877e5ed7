"""pages, tags and their history

Revision ID: 4a7c1e9b0d52
Revises:
Create Date: 2025-09-02 11:20:05.731664

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "4a7c1e9b0d52"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("view_count", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index("ix_pages_status", "pages", ["status"])
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "page_tags",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"]),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"]),
        sa.PrimaryKeyConstraint("page_id", "tag_id"),
    )
    # Continuum numbers transactions from its own sequence, not a column default.
    op.execute("CREATE SEQUENCE transaction_id_seq")
    op.create_table(
        "transaction",
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for table, columns in (
        (
            "pages_version",
            [
                sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
                sa.Column("slug", sa.String(length=80), autoincrement=False, nullable=True),
                sa.Column("body", sa.Text(), server_default="", autoincrement=False, nullable=True),
                sa.Column("status", sa.String(length=12), autoincrement=False, nullable=True),
            ],
        ),
        (
            "tags_version",
            [
                sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
                sa.Column("name", sa.String(length=40), autoincrement=False, nullable=True),
            ],
        ),
        (
            "page_tags_version",
            [
                sa.Column("page_id", sa.Integer(), autoincrement=False, nullable=False),
                sa.Column("tag_id", sa.Integer(), autoincrement=False, nullable=False),
            ],
        ),
    ):
        keys = [c.name for c in columns if not c.nullable]
        op.create_table(
            table,
            *columns,
            sa.Column("transaction_id", sa.BigInteger(), autoincrement=False, nullable=False),
            sa.Column("end_transaction_id", sa.BigInteger(), nullable=True),
            sa.Column("operation_type", sa.SmallInteger(), nullable=False),
            sa.PrimaryKeyConstraint(*keys, "transaction_id"),
        )
        for column in ("end_transaction_id", "operation_type", "transaction_id"):
            op.create_index(f"ix_{table}_{column}", table, [column])
    op.create_index("ix_pages_version_status", "pages_version", ["status"])


def downgrade() -> None:
    for table in ("page_tags_version", "tags_version", "pages_version"):
        op.drop_table(table)
    op.drop_table("transaction")
    op.execute("DROP SEQUENCE transaction_id_seq")
    op.drop_table("page_tags")
    op.drop_table("tags")
    op.drop_index("ix_pages_status", table_name="pages")
    op.drop_table("pages")
