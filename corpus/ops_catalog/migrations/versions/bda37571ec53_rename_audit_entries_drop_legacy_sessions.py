"""rename audit_entries to activity_log, drop legacy sessions

Revision ID: bda37571ec53
Revises: bba6a7f60f17
Create Date: 2024-02-20 14:03:12.004519

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "bda37571ec53"
down_revision: Union[str, Sequence[str], None] = "bba6a7f60f17"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # PostgreSQL renames only the table: the primary key stays
    # audit_entries_pkey, the index ix_audit_entries_created_at, the FK
    # audit_entries_actor_id_fkey and the sequence audit_entries_id_seq.
    op.rename_table("audit_entries", "activity_log")

    # sessions moved to the token service
    op.drop_table(table_name="legacy_sessions")


def downgrade() -> None:
    """Downgrade schema."""
    op.create_table(
        "legacy_sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column(
            "member_id", sa.BigInteger, sa.ForeignKey("members.id"), nullable=False
        ),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.rename_table(old_table_name="activity_log", new_table_name="audit_entries")
