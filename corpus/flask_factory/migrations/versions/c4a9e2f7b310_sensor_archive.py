"""sensor archive

Revision ID: c4a9e2f7b310
Revises: 8e5b7d0c2a19
Create Date: 2025-06-03 11:20:47.512306

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a9e2f7b310'
down_revision = '8e5b7d0c2a19'
branch_labels = None
depends_on = None


def upgrade():
    # A table the application's models no longer declare: autogenerate would drop it.
    op.create_table('sensor_archive',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sensor_archive'))
    )


def downgrade():
    op.drop_table('sensor_archive')
