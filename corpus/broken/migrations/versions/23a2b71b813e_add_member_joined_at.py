"""add member joined_at

Revision ID: 23a2b71b813e
Revises: 983e8750c335
Create Date: 2025-02-03 09:27:14.552160

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '23a2b71b813e'
down_revision: Union[str, Sequence[str], None] = '983e8750c335'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        'members',
        sa.Column('joined_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('members', 'joined_at')
