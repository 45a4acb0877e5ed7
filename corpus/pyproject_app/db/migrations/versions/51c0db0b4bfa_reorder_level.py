"""reorder level and low-stock index

Revision ID: 51c0db0b4bfa
Revises: b73ece01607d
Create Date: 2025-08-14 14:20:37.744102

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '51c0db0b4bfa'
down_revision: Union[str, Sequence[str], None] = 'b73ece01607d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('stock_items', sa.Column('reorder_level', sa.Integer(), nullable=True))
    op.create_index(
        'ix_stock_items_below_reorder',
        'stock_items',
        ['warehouse_id'],
        unique=False,
        postgresql_where=sa.text('quantity < reorder_level'),
    )
    op.create_table_comment(
        'stock_items',
        'Current stock per warehouse and SKU',
        existing_comment=None,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table_comment(
        'stock_items',
        existing_comment='Current stock per warehouse and SKU',
    )
    op.drop_index(
        'ix_stock_items_below_reorder',
        table_name='stock_items',
        postgresql_where=sa.text('quantity < reorder_level'),
    )
    op.drop_column('stock_items', 'reorder_level')
