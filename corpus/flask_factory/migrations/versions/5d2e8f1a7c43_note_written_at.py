"""note written at

Revision ID: 5d2e8f1a7c43
Revises: c4a9e2f7b310
Create Date: 2025-07-21 16:02:13.904127

"""
from alembic import op
import sqlalchemy as sa

from store.db import db


# revision identifiers, used by Alembic.
revision = '5d2e8f1a7c43'
down_revision = 'c4a9e2f7b310'
branch_labels = None
depends_on = None


def upgrade():
    # The database object's own type, which its class gives through __getattr__.
    op.add_column('note', sa.Column('written_at', db.UTCDateTime(), nullable=True))


def downgrade():
    op.drop_column('note', 'written_at')
