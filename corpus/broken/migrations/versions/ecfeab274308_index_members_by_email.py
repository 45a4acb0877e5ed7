"""index members by email

Revision ID: ecfeab274308
Revises: 983e8750c335
Create Date: 2025-02-18 11:03:58.774019

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'ecfeab274308'
down_revision: Union[str, Sequence[str], None] = '983e8750c335'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        'ix_members_email',
        'members',
        ['email'],
        unique=True,


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_members_email', table_name='members')
