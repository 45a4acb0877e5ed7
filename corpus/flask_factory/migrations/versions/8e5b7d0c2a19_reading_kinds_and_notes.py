"""reading kinds and notes

Revision ID: 8e5b7d0c2a19
Revises: 3f1c8a2d9b64
Create Date: 2024-04-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from store.db import db


# revision identifiers, used by Alembic.
revision = '8e5b7d0c2a19'
down_revision = '3f1c8a2d9b64'
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    # Labels added only where the type lacks them, as asked of the catalog.
    for label in ('clean', 'late'):
        result = conn.execute(sa.text(
            "SELECT 1 FROM pg_enum WHERE enumlabel = :label "
            "AND enumtypid = (SELECT oid FROM pg_type WHERE typname = 'reading_kind')"
        ), {'label': label})
        if result.rowcount == 0:
            op.execute(f"ALTER TYPE reading_kind ADD VALUE '{label}'")
    if conn.execute(sa.text(
        "SELECT 1 FROM pg_enum WHERE enumtypid = 'reading_kind'::regtype AND enumlabel = 'raw'"
    )).first() is None:
        op.execute("ALTER TYPE reading_kind ADD VALUE 'raw'")
    op.add_column('sensor_reading', sa.Column(
        'kind', postgresql.ENUM(name='reading_kind', create_type=False), nullable=True))

    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # The application's engine is another connection: it does not see what this upgrade
    # has not committed yet.
    if not sa.inspect(db.engine).has_table('note'):
        op.add_column('note', sa.Column('unseen_elsewhere', sa.Boolean(), nullable=True))


def downgrade():
    op.drop_table('note')
    op.drop_column('sensor_reading', 'kind')
    # PostgreSQL cannot remove a label: the type is made again with the first one alone.
    op.execute("DROP TYPE reading_kind")
    op.execute("CREATE TYPE reading_kind AS ENUM ('raw')")
