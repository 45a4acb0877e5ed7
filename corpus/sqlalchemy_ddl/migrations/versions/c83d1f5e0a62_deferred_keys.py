"""deferred keys

Revision ID: c83d1f5e0a62
Revises: b6d3e0a9c271
Create Date: 2025-06-13 09:02:11.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c83d1f5e0a62"
down_revision: Union[str, Sequence[str], None] = "b6d3e0a9c271"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Autogenerate writes `use_alter=True` keys into `op.create_table` as the models declare
    # them; `CREATE TABLE` leaves them out (only `create_all()` adds them, afterwards).
    op.create_table(
        "transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("items.id", use_alter=True)),
        sa.Column("from_warehouse_id", sa.Integer(), nullable=True),
        sa.Column("to_warehouse_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["from_warehouse_id"], ["warehouses.id"], use_alter=True),
        sa.ForeignKeyConstraint(["to_warehouse_id"], ["warehouses.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    # The same through SQLAlchemy: `Table.create` leaves them out too.
    sa.Table(
        "transfer_notes",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("transfer_id", sa.Integer(), sa.ForeignKey("transfers.id", use_alter=True)),
        sa.Column("body", sa.Text()),
    ).create(op.get_bind())


def downgrade() -> None:
    op.drop_table("transfer_notes")
    op.drop_table("transfers")
