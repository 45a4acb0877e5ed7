"""sensors and readings

Revision ID: 3f1c8a2d9b64
Revises: 
Create Date: 2024-04-02 10:00:00.000000

"""
from datetime import timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1c8a2d9b64'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Unnamed constraints: Alembic names them with the naming convention of the
    # application's `SQLAlchemy(metadata=...)`, made by `store.db.init_db()`.
    op.create_table('sensor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('every', sa.Interval(), server_default=str(timedelta(minutes=15)), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.execute("CREATE TYPE reading_kind AS ENUM ('raw')")
    op.create_table('sensor_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sensor_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_foreign_key(None, 'sensor_reading', 'sensor', ['sensor_id'], ['id'])
    op.create_index('sensor_reading_taken_idx', 'sensor_reading', ['taken_at'], unique=False)


def downgrade():
    op.drop_index('sensor_reading_taken_idx', table_name='sensor_reading')
    op.drop_table('sensor_reading')
    op.execute("DROP TYPE reading_kind")
    op.drop_table('sensor')
