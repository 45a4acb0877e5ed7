"""guarded by row counts

Revision ID: d94a6b2c7e18
Revises: c83d1f5e0a62
Create Date: 2025-06-14 11:20:45.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d94a6b2c7e18"
down_revision: Union[str, Sequence[str], None] = "c83d1f5e0a62"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Above this many rows the index is left to an operator (built CONCURRENTLY by hand).
SMALL_TABLE = 100_000


def upgrade() -> None:
    bind = op.get_bind()
    # Data statements: a seed row in one table; an update and a TRUNCATE of others.
    op.execute("INSERT INTO warehouses (code) VALUES ('main')")
    op.execute("UPDATE transfers SET to_warehouse_id = NULL WHERE to_warehouse_id = 0")
    op.execute("TRUNCATE transfer_notes")
    # Statements built in Python on a named table: that table's rows change, no other's.
    op.execute(sa.table("transfer_notes").delete())
    op.execute(sa.table("warehouses", sa.column("code")).insert().values(code="spare"))
    # SQL built from a query's result: only the rows of `warehouses` are unknown after it.
    codes = [row[0] for row in bind.execute(sa.text("SELECT code FROM warehouses"))]
    op.execute(f"UPDATE warehouses SET code = lower(code) WHERE code = ANY(ARRAY{codes}::text[])")
    # A WITH of plain queries only reads: the statement changes its own table's rows alone.
    op.execute(
        "WITH old AS (SELECT id FROM transfer_notes) "
        "DELETE FROM transfer_notes WHERE id IN (SELECT id FROM old)"
    )
    # DDL built from a query's result changes no table's rows.
    op.execute(f"ALTER TABLE transfers ALTER COLUMN item_id SET STATISTICS {100 + len(codes)}")
    # A query built in Python on a table the replay knows to be empty: the loop runs no time.
    notes = sa.table("transfer_notes", sa.column("id"), sa.column("body"))
    for note_id, body in bind.execute(sa.select(notes.c.id, notes.c.body)):
        op.execute(notes.update().where(notes.c.id == note_id).values(body=body.strip()))
    count = bind.execute(sa.text("SELECT count(*) FROM transfers")).scalar()
    if count < SMALL_TABLE:
        op.create_index("ix_transfers_item_id", "transfers", ["item_id"])
    else:
        print(f"transfers has {count} rows: build ix_transfers_item_id by hand")
    if bind.execute(sa.text("SELECT id FROM transfer_notes LIMIT 1")).first() is None:
        op.add_column("transfer_notes", sa.Column("author", sa.Text(), nullable=False))


def downgrade() -> None:
    op.drop_column("transfer_notes", "author")
    op.drop_index("ix_transfers_item_id", table_name="transfers")
    op.execute("DELETE FROM warehouses WHERE code IN ('main', 'spare')")
