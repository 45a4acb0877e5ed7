"""case-insensitive unique email

Revision ID: 9a10705864ad
Revises: 35b1dd34450c
Create Date: 2022-10-11 10:44:30.157724

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9a10705864ad'
down_revision: Union[str, Sequence[str], None] = '35b1dd34450c'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.alter_column(
        'users',
        'email',
        existing_type=sa.String(length=120),
        type_=sa.String(length=255),
        existing_nullable=False,
    )
    op.create_index(
        'ix_users_lower_email',
        'users',
        [sa.text('lower(email)')],
        unique=True,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_users_lower_email', table_name='users')
    op.alter_column(
        'users',
        'email',
        existing_type=sa.String(length=255),
        type_=sa.String(length=120),
        existing_nullable=False,
    )
