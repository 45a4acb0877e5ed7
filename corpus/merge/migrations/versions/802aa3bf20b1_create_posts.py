"""create posts

Revision ID: 802aa3bf20b1
Revises: 96f592fa8c36
Create Date: 2022-09-14 09:05:51.908316

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '802aa3bf20b1'
down_revision = '96f592fa8c36'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'posts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('published', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_posts_author_id', 'posts', ['author_id'])


def downgrade():
    op.drop_index('ix_posts_author_id', table_name='posts')
    op.drop_table('posts')
