"""widen customer name and phone, require orders.placed_at

Revision ID: 53de61bbe5a9
Revises: 459d99e4c5c1
Create Date: 2024-05-20 11:40:02.274519

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '53de61bbe5a9'
down_revision: Union[str, Sequence[str], None] = '459d99e4c5c1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.alter_column(
        'customers',
        'full_name',
        existing_type=sa.String(length=120),
        type_=sa.String(length=200),
        existing_nullable=False,
    )
    op.alter_column(
        'customers',
        'phone',
        existing_type=sa.String(length=20),
        type_=sa.String(length=32),
        existing_nullable=True,
    )

    # Orders created before checkout stamped placed_at have no value; use the
    # migration time, then make the column required.
    op.execute("UPDATE orders SET placed_at = now() WHERE placed_at IS NULL")
    op.alter_column(
        'orders',
        'placed_at',
        existing_type=sa.DateTime(timezone=True),
        nullable=False,
        server_default=sa.text('now()'),
    )
    op.create_index('ix_orders_status_placed_at', 'orders', ['status', 'placed_at'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_orders_status_placed_at', table_name='orders')
    op.alter_column(
        'orders',
        'placed_at',
        existing_type=sa.DateTime(timezone=True),
        nullable=True,
        server_default=None,
    )
    op.alter_column(
        'customers',
        'phone',
        existing_type=sa.String(length=32),
        type_=sa.String(length=20),
        existing_nullable=True,
    )
    op.alter_column(
        'customers',
        'full_name',
        existing_type=sa.String(length=200),
        type_=sa.String(length=120),
        existing_nullable=False,
    )
