"""search and lookup indexes, organization settings

Revision ID: 0c93ff537e04
Revises: 0c25ba13bc8c
Create Date: 2024-05-02 10:02:19.731552

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = "0c93ff537e04"
down_revision: Union[str, Sequence[str], None] = "0c25ba13bc8c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "organizations",
        sa.Column(
            "settings",
            postgresql.JSONB,
            nullable=False,
            server_default=sa.text("'{}'::jsonb"),
        ),
        if_not_exists=True,
    )
    # expression index
    op.create_index(
        "ix_members_email_lower", "members", [sa.text("lower(email)")], unique=True
    )
    # partial index
    op.create_index(
        "ix_bookings_room_active",
        "bookings",
        ["room_id"],
        postgresql_where=sa.text("NOT is_cancelled"),
    )
    op.create_index(
        "ix_organizations_settings",
        "organizations",
        ["settings"],
        postgresql_using="gin",
    )
    # covering index
    op.create_index(
        "ix_bookings_member",
        "bookings",
        ["member_id"],
        postgresql_using="btree",
        postgresql_include=["during"],
    )
    # operator class for LIKE 'prefix%' searches
    op.create_index(
        "ix_members_email_prefix",
        "members",
        ["email"],
        postgresql_ops={"email": "varchar_pattern_ops"},
    )
    # no name: SQLAlchemy's default convention names it ix_activity_log_action
    op.create_index(None, "activity_log", ["action"])
    op.create_index(
        "ix_rooms_name",
        "rooms",
        ["name"],
        if_not_exists=True,
        postgresql_with={"fillfactor": 70},
    )
    op.create_index(
        "ix_activity_log_actor_recent",
        "activity_log",
        ["actor_id", sa.text("created_at DESC")],
    )

    op.drop_index("ix_members_phone", "members")
    op.drop_index(
        index_name="ix_members_invite_code", table_name="members", if_exists=True
    )

    # CREATE INDEX CONCURRENTLY cannot run inside a transaction block
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_bookings_during",
            "bookings",
            ["during"],
            postgresql_using="gist",
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.get_context().autocommit_block():
        op.drop_index(
            "ix_bookings_during", table_name="bookings", postgresql_concurrently=True
        )
    op.create_index(
        "ix_members_invite_code", "members", ["invite_code"], unique=True
    )
    op.create_index("ix_members_phone", "members", ["phone"])
    op.drop_index("ix_activity_log_actor_recent", table_name="activity_log")
    op.drop_index("ix_rooms_name", table_name="rooms", if_exists=True)
    op.drop_index("ix_activity_log_action", table_name="activity_log")
    op.drop_index("ix_members_email_prefix", table_name="members")
    op.drop_index("ix_bookings_member", table_name="bookings")
    op.drop_index("ix_organizations_settings", table_name="organizations")
    op.drop_index("ix_bookings_room_active", table_name="bookings")
    op.drop_index("ix_members_email_lower", table_name="members")
    op.drop_column("organizations", "settings", if_exists=True)
