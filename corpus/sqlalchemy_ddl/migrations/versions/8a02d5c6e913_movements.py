"""movements

Revision ID: 8a02d5c6e913
Revises: 3c9e1f7a2b40
Create Date: 2025-04-15 11:30:45.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "8a02d5c6e913"
down_revision: Union[str, Sequence[str], None] = "3c9e1f7a2b40"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

movements = sa.Table(
    "movements",
    sa.MetaData(),
    sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    sa.Column("item_id", sa.Integer(), nullable=False),
    sa.Column("qty", sa.Integer(), nullable=False),
    sa.Column("note", sa.Text()),
    sa.CheckConstraint("qty <> 0", name="movements_qty_nonzero"),
    sa.Index("ix_movements_item_id", "item_id"),
)


def upgrade() -> None:
    bind = op.get_bind()
    movements.create(bind, checkfirst=True)
    sa.Index("ix_movements_qty", movements.c.qty).create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    sa.Index("ix_movements_qty", movements.c.qty).drop(bind)
    movements.drop(bind)
