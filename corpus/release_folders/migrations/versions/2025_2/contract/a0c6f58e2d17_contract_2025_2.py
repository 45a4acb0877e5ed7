"""2025.2 contract: every session has a token

Revision ID: a0c6f58e2d17
Revises: d5a7c3e91f08
Create Date: 2025-09-02 10:47:55.260117

"""
from alembic import op
import sqlalchemy as sa


revision = "a0c6f58e2d17"
down_revision = "d5a7c3e91f08"
branch_labels = None
depends_on = "4e92b1f0c6a3"


def upgrade():
    op.execute("UPDATE sessions SET token = md5(random()::text) WHERE token IS NULL")
    op.alter_column("sessions", "token", existing_type=sa.String(length=64), nullable=False)


def downgrade():
    op.alter_column("sessions", "token", existing_type=sa.String(length=64), nullable=True)
