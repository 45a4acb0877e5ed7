"""urgent ticket priority

Revision ID: 00d5cfad083f
Revises: 5375926c28be
Create Date: 2024-10-21 16:05:42.731180

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '00d5cfad083f'
down_revision: Union[str, Sequence[str], None] = '5375926c28be'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # A value added in a transaction cannot be used before it commits (and
    # before PostgreSQL 12 ADD VALUE could not run in a transaction at all).
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE ticket_priority ADD VALUE IF NOT EXISTS 'urgent' AFTER 'high'")


def downgrade() -> None:
    """Downgrade schema."""
    # PostgreSQL cannot drop an enum value: rebuild the type without it.
    op.execute("UPDATE tickets SET priority = 'high' WHERE priority = 'urgent'")
    op.execute('ALTER TYPE ticket_priority RENAME TO ticket_priority_old')
    op.execute("CREATE TYPE ticket_priority AS ENUM ('low', 'normal', 'high')")
    # the old default ('normal'::ticket_priority_old) cannot be cast
    op.alter_column('tickets', 'priority', server_default=None)
    op.alter_column(
        'tickets',
        'priority',
        type_=postgresql.ENUM('low', 'normal', 'high', name='ticket_priority', create_type=False),
        existing_nullable=False,
        postgresql_using='priority::text::ticket_priority',
    )
    op.alter_column('tickets', 'priority', server_default='normal')
    op.execute('DROP TYPE ticket_priority_old')
