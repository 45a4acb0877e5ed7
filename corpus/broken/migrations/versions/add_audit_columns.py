"""add audit columns to teams

Revises: 983e8750c335
Create Date: 2025-02-24 14:36:12.508817

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
down_revision: Union[str, Sequence[str], None] = '983e8750c335'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        'teams',
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    )
    op.add_column('teams', sa.Column('created_by', sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('teams', 'created_by')
    op.drop_column('teams', 'created_at')
