"""create audit entries

Revision ID: bba6a7f60f17
Revises: f92d7e9efa8c
Create Date: 2024-02-02 09:55:31.870412

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = "bba6a7f60f17"
down_revision: Union[str, Sequence[str], None] = "f92d7e9efa8c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "actor_id",
            sa.BigInteger,
            sa.ForeignKey("members.id", ondelete="SET NULL"),
        ),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("payload", postgresql.JSONB),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.text("now()"),
            index=True,
        ),
        comment="Append-only audit trail",
    )
    # a heap of notes; it gets a surrogate key in 6c2f00b3466c
    op.create_table(
        "room_notes",
        sa.Column(
            "room_id",
            sa.Integer,
            sa.ForeignKey("rooms.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("note", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("room_notes")
    op.drop_index("ix_audit_entries_created_at", table_name="audit_entries")
    op.drop_table("audit_entries")
