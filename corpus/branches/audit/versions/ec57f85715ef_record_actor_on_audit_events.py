"""record actor on audit events

Revision ID: ec57f85715ef
Revises: 55b17c277a74
Create Date: 2024-03-07 13:49:52.110946

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'ec57f85715ef'
down_revision: Union[str, Sequence[str], None] = '55b17c277a74'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        'events',
        sa.Column('actor', sa.Text(), server_default=sa.text('CURRENT_USER'), nullable=False),
        schema='audit',
    )
    op.create_index(
        'ix_events_table_row',
        'events',
        ['table_name', 'row_id'],
        unique=False,
        schema='audit',
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_events_table_row', table_name='events', schema='audit')
    op.drop_column('events', 'actor', schema='audit')
