"""add tags

Revision ID: 289441f5b0e5
Revises: 802aa3bf20b1
Create Date: 2022-10-05 17:52:08.663210

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '289441f5b0e5'
down_revision = '802aa3bf20b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'post_tags',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'tag_id'),
    )


def downgrade():
    op.drop_table('post_tags')
    op.drop_table('tags')
