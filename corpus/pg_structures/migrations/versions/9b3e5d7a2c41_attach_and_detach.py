"""attach and detach partitions, changes that reach them

Revision ID: 9b3e5d7a2c41
Revises: 4f2a9c1e7b30
Create Date: 2025-02-10 16:40:02.775930

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "9b3e5d7a2c41"
down_revision: Union[str, Sequence[str], None] = "4f2a9c1e7b30"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # A table shaped like the parent, with an index of its own that matches the parent's
    # (attached under its own name), then attached: the rest is made for it.
    op.execute(
        "CREATE TABLE events_2025 (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    op.execute("CREATE INDEX events_2025_by_account ON events_2025 (account_id)")
    op.execute(
        "ALTER TABLE events ATTACH PARTITION events_2025 "
        "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"
    )
    op.execute("ALTER TABLE events DETACH PARTITION events_default")
    # Changes to the partitioned table reach its partitions (not the detached one).
    op.add_column("events", sa.Column("source", sa.String(20), nullable=True))
    op.create_index("ix_events_source", "events", ["source"])
    op.create_check_constraint("ck_events_source", "events", "source <> ''")
    op.alter_column("events", "payload", new_column_name="body")
    # An index made on the parent alone, and a partition's index attached to it by hand.
    op.execute("CREATE INDEX events_at_idx ON ONLY events (at)")
    op.execute("CREATE INDEX events_2024_on_at ON events_2024 (at)")
    op.execute("CREATE INDEX events_2025_on_at ON events_2025 (at)")
    op.execute("ALTER INDEX events_at_idx ATTACH PARTITION events_2024_on_at")
    op.execute("ALTER INDEX events_at_idx ATTACH PARTITION events_2025_on_at")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP INDEX events_at_idx")
    op.alter_column("events", "body", new_column_name="payload")
    op.drop_constraint("ck_events_source", "events", type_="check")
    op.drop_index("ix_events_source", table_name="events")
    op.drop_column("events", "source")
    op.execute("ALTER TABLE events ATTACH PARTITION events_default DEFAULT")
    op.execute("ALTER TABLE events DETACH PARTITION events_2025")
    op.drop_table("events_2025")
