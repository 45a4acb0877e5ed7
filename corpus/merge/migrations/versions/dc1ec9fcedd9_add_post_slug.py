"""add post slug

Revision ID: dc1ec9fcedd9
Revises: c4ec01915be7
Create Date: 2022-10-19 15:26:49.730812

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'dc1ec9fcedd9'
down_revision: Union[str, Sequence[str], None] = 'c4ec01915be7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('posts', sa.Column('slug', sa.String(length=200), nullable=True))
    # existing posts get a placeholder slug; editors rename them by hand
    op.execute("UPDATE posts SET slug = 'post-' || id")
    op.alter_column('posts', 'slug', existing_type=sa.String(length=200), nullable=False)
    op.create_unique_constraint('uq_posts_slug', 'posts', ['slug'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint('uq_posts_slug', 'posts', type_='unique')
    op.drop_column('posts', 'slug')
