"""2025.2 expand: session tokens

Revision ID: 4e92b1f0c6a3
Revises: 8b0e4d6a1c52
Create Date: 2025-09-02 10:44:08.713005

"""
from alembic import op
import sqlalchemy as sa


revision = "4e92b1f0c6a3"
down_revision = "8b0e4d6a1c52"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("sessions", sa.Column("token", sa.String(length=64), nullable=True))
    op.create_index("ix_sessions_token", "sessions", ["token"], unique=True)
    # One item in an IN list: PostgreSQL keeps the plain comparison, not `<> ALL (ARRAY[...])`.
    op.create_index(
        "ix_sessions_live",
        "sessions",
        ["account_id"],
        postgresql_where=sa.text("token NOT IN ('revoked')"),
    )
    # A MetaData among the elements, as some projects write it: SQLAlchemy's Table takes it
    # as one more item and nothing changes.
    op.create_table(
        "session_events",
        sa.MetaData(),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("session_events")
    op.drop_index("ix_sessions_live", table_name="sessions")
    op.drop_index("ix_sessions_token", table_name="sessions")
    op.drop_column("sessions", "token")
