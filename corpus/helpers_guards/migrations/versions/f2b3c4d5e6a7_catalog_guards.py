"""catalog guards

Revision ID: f2b3c4d5e6a7
Revises: e6a7b8c9d0f1
Create Date: 2025-06-02 10:41:09.551203

Each change is made only where PostgreSQL's catalog says it is still to be made, the way
revisions that must also run on databases someone fixed by hand are written.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "f2b3c4d5e6a7"
down_revision: Union[str, Sequence[str], None] = "e6a7b8c9d0f1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

INDEX_NAME = "ix_deliveries_sent_at"


def upgrade() -> None:
    bind = op.get_bind()
    # The index, unless pg_index already has it on the table.
    index = bind.exec_driver_sql(
        f"""
        SELECT n.nspname, c.relname, i.indisvalid
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE i.indrelid = to_regclass('deliveries') AND c.relname = '{INDEX_NAME}'
        """
    ).first()
    if index is None:
        op.create_index(INDEX_NAME, "deliveries", ["sent_at"])
    # The column, unless information_schema lists it (it does: an earlier revision added it).
    has_attempts = bind.execute(
        sa.text(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'deliveries' AND column_name = 'attempts')"
        )
    ).scalar()
    if not has_attempts:
        op.add_column("deliveries", sa.Column("attempts", sa.Integer(), nullable=True))
    # A constraint some databases were given by hand: dropped where pg_constraint has it.
    legacy = bind.execute(
        sa.text("SELECT 1 FROM pg_constraint WHERE conname = 'deliveries_legacy_check'")
    ).first()
    if legacy is not None:
        op.drop_constraint("deliveries_legacy_check", "deliveries", type_="check")


def downgrade() -> None:
    found = op.get_bind().execute(
        sa.text(f"SELECT 1 FROM pg_indexes WHERE indexname = '{INDEX_NAME}'")
    ).scalar()
    if found:
        op.drop_index(INDEX_NAME, table_name="deliveries")
