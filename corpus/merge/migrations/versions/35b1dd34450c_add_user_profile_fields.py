"""add user profile fields

Revision ID: 35b1dd34450c
Revises: 802aa3bf20b1
Create Date: 2022-10-03 13:17:44.021593

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '35b1dd34450c'
down_revision = '802aa3bf20b1'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('bio', sa.Text(), nullable=True))
    op.add_column('users', sa.Column('avatar_url', sa.String(length=500), nullable=True))


def downgrade():
    op.drop_column('users', 'avatar_url')
    op.drop_column('users', 'bio')
