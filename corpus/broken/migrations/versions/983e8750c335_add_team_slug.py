"""add team slug

Revision ID: 983e8750c335
Revises: e8af8ce296ef
Create Date: 2025-01-20 15:12:49.906114

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '983e8750c335'
down_revision: Union[str, Sequence[str], None] = 'e8af8ce296ef'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('teams', sa.Column('slug', sa.String(length=80), nullable=True))
    op.create_unique_constraint('uq_teams_slug', 'teams', ['slug'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint('uq_teams_slug', 'teams', type_='unique')
    op.drop_column('teams', 'slug')
