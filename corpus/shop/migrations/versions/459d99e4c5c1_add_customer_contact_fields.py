"""add customer contact fields and product description

Revision ID: 459d99e4c5c1
Revises: 39adde30f1f1
Create Date: 2024-04-02 14:26:18.902331

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '459d99e4c5c1'
down_revision: Union[str, Sequence[str], None] = '39adde30f1f1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('customers', sa.Column('phone', sa.String(length=20), nullable=True))
    op.add_column(
        'customers',
        sa.Column(
            'marketing_opt_in',
            sa.Boolean(),
            server_default=sa.text('false'),
            nullable=False,
        ),
    )
    op.add_column('products', sa.Column('description', sa.Text(), nullable=True))
    op.create_index(op.f('ix_products_name'), 'products', ['name'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_products_name'), table_name='products')
    op.drop_column('products', 'description')
    op.drop_column('customers', 'marketing_opt_in')
    op.drop_column('customers', 'phone')
