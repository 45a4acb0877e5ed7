"""page revisions and tags

Revision ID: a19112c69c72
Revises: 7d501079cc83
Create Date: 2024-02-26 09:41:07.702118

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a19112c69c72'
down_revision = '7d501079cc83'
branch_labels = None
depends_on = None


def upgrade():
    # Written by hand: the constraints have no names here, the naming
    # convention of target_metadata gives them pk_page_revision,
    # fk_page_revision_page_id_wiki_page, uq_tag_name, ...
    op.create_table('page_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['wiki_page.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['editor_id'], ['author.id']),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('page_revision', schema=None) as batch_op:
        batch_op.create_index(None, ['page_id', 'created_at'], unique=False)

    op.create_table('tag',
    sa.Column('id', sa.Integer(), primary_key=True),
    sa.Column('name', sa.String(length=50), nullable=False, unique=True)
    )
    # no primary key yet, see 8fadfe949459
    op.create_table('page_tags',
    sa.Column('page_id', sa.Integer(), sa.ForeignKey('wiki_page.id'), nullable=False),
    sa.Column('tag_id', sa.Integer(), sa.ForeignKey('tag.id'), nullable=False)
    )


def downgrade():
    op.drop_table('page_tags')
    op.drop_table('tag')
    with op.batch_alter_table('page_revision', schema=None) as batch_op:
        batch_op.drop_index('ix_page_revision_page_id')

    op.drop_table('page_revision')
