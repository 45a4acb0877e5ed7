"""note archived

Revision ID: 9b3d6e1f4a28
Revises: 5d2e8f1a7c43
Create Date: 2025-08-02 10:41:57.118302

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app


# revision identifiers, used by Alembic.
revision = '9b3d6e1f4a28'
down_revision = '5d2e8f1a7c43'
branch_labels = None
depends_on = None


def upgrade():
    # Only the running application holds its configuration: driftlock.toml's `define` says
    # what this deployment's is.
    if current_app.config.get('STORE_NOTE_ARCHIVING', False):
        op.add_column('note', sa.Column('archived', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    if 'STORE_NOTE_LABELS' in current_app.config:
        op.add_column('note', sa.Column('label', sa.String(length=40), nullable=True))


def downgrade():
    if 'STORE_NOTE_LABELS' in current_app.config:
        op.drop_column('note', 'label')
    if current_app.config['STORE_NOTE_ARCHIVING']:
        op.drop_column('note', 'archived')
