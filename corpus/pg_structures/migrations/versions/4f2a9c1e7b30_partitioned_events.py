"""partitioned events and metrics

Revision ID: 4f2a9c1e7b30
Revises:
Create Date: 2025-02-03 09:14:21.402113

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4f2a9c1e7b30"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # A range-partitioned table: its primary key and unique constraint include the key.
    op.execute(
        """
        CREATE TABLE events (
            id bigserial,
            account_id integer REFERENCES accounts (id) ON DELETE CASCADE,
            kind text NOT NULL DEFAULT 'click' CHECK (length(kind) < 40),
            at date NOT NULL,
            payload jsonb,
            PRIMARY KEY (id, at),
            UNIQUE (account_id, id, at)
        ) PARTITION BY RANGE (at)
        """
    )
    op.execute("CREATE INDEX ON events (account_id)")
    op.execute(
        "CREATE INDEX events_kind_lower ON events (lower(kind)) WHERE payload IS NOT NULL"
    )
    # Partitions made after the indexes get their own copies of them.
    op.execute(
        "CREATE TABLE events_2024 PARTITION OF events "
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    )
    op.execute("CREATE TABLE events_default PARTITION OF events DEFAULT")
    # A list-partitioned table through SQLAlchemy's dialect option.
    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("value", sa.Numeric(12, 2), server_default="0"),
        sa.PrimaryKeyConstraint("id", "region"),
        postgresql_partition_by="LIST (region)",
    )
    op.create_index("ix_metrics_value", "metrics", ["value"])
    op.execute(
        "CREATE TABLE metrics_eu PARTITION OF metrics "
        "(CONSTRAINT metrics_eu_value_check CHECK (value >= 0)) FOR VALUES IN ('eu')"
    )
    # A partition that is partitioned itself.
    op.execute(
        "CREATE TABLE metrics_us PARTITION OF metrics FOR VALUES IN ('us') "
        "PARTITION BY HASH (id)"
    )
    op.execute(
        "CREATE TABLE metrics_us_0 PARTITION OF metrics_us "
        "FOR VALUES WITH (MODULUS 2, REMAINDER 0)"
    )
    op.execute(
        "CREATE TABLE metrics_us_1 PARTITION OF metrics_us "
        "FOR VALUES WITH (MODULUS 2, REMAINDER 1)"
    )

    # pg_dump's way: the keys and indexes made ONLY on the parent, the partition's own made
    # on it and attached to them.
    op.execute(
        """
        CREATE TABLE sessions (id bigint NOT NULL, started date NOT NULL)
            PARTITION BY RANGE (started);
        CREATE TABLE sessions_2024 (id bigint NOT NULL, started date NOT NULL);
        ALTER TABLE ONLY sessions ATTACH PARTITION sessions_2024
            FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        ALTER TABLE ONLY sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY (id, started);
        ALTER TABLE ONLY sessions_2024
            ADD CONSTRAINT sessions_2024_pkey PRIMARY KEY (id, started);
        CREATE INDEX sessions_started_idx ON ONLY sessions USING btree (started);
        CREATE INDEX sessions_2024_started_idx ON sessions_2024 USING btree (started);
        ALTER INDEX sessions_pkey ATTACH PARTITION sessions_2024_pkey;
        ALTER INDEX sessions_started_idx ATTACH PARTITION sessions_2024_started_idx;
        """
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP TABLE sessions")
    # Dropping a partitioned table drops its partitions.
    op.drop_table("metrics")
    op.execute("DROP TABLE events")
    op.drop_table("accounts")
