"""primary keys for link tables, stricter foreign keys and checks

Revision ID: 6c2f00b3466c
Revises: 0c93ff537e04
Create Date: 2024-05-21 17:14:36.092381

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "6c2f00b3466c"
down_revision: Union[str, Sequence[str], None] = "0c93ff537e04"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_primary_key("pk_room_features", "room_features", ["room_id", "feature"])
    # unnamed: ADD PRIMARY KEY, PostgreSQL names it booking_guests_pkey
    op.create_primary_key(None, "booking_guests", ["booking_id", "guest_email"])
    # ADD COLUMN id SERIAL NOT NULL PRIMARY KEY: room_notes_pkey, room_notes_id_seq
    op.add_column(
        "room_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        inline_primary_key=True,
    )
    # ADD COLUMN room_id INTEGER REFERENCES rooms (id) ON DELETE SET NULL:
    # PostgreSQL names it activity_log_room_id_fkey
    op.add_column(
        "activity_log",
        sa.Column("room_id", sa.Integer, sa.ForeignKey("rooms.id", ondelete="SET NULL")),
        inline_references=True,
    )

    # replace the PostgreSQL-named FK from f92d7e9efa8c by one that cascades
    op.drop_constraint("bookings_room_id_fkey", "bookings", type_="foreignkey")
    op.create_foreign_key(
        "fk_bookings_room",
        "bookings",
        "rooms",
        ["room_id"],
        ["id"],
        ondelete="CASCADE",
        onupdate="CASCADE",
        match="FULL",
        source_schema="public",
        referent_schema="public",
    )
    # unnamed: bookings_booked_by_id_fkey
    op.create_foreign_key(
        None,
        "bookings",
        "members",
        ["booked_by_id"],
        ["id"],
        deferrable=True,
        initially="IMMEDIATE",
    )

    op.create_unique_constraint(
        "uq_members_org_badge",
        "members",
        ["org_id", "badge_no"],
        deferrable=True,
        initially="DEFERRED",
    )
    # unnamed: members_phone_key
    op.create_unique_constraint(
        None, "members", ["phone"], postgresql_nulls_not_distinct=True
    )

    # positional type_
    op.drop_constraint("ck_members_role", "members", "check")
    op.create_check_constraint(
        "ck_members_role", "members", "role IN ('owner', 'admin', 'member', 'guest')"
    )
    # condition as a SQL expression, keyword form
    op.create_check_constraint(
        constraint_name="ck_bookings_attendees",
        table_name="bookings",
        condition=sa.column("attendees") > 0,
    )
    # unnamed, one column, and members_age_check exists: members_age_check1
    # (NOT VALID: existing rows are not checked)
    op.create_check_constraint(
        None, "members", "age <= 120", postgresql_not_valid=True
    )
    # unnamed, two columns, and rooms_check exists: rooms_check1
    op.create_check_constraint(
        None, "rooms", "max_booking <= 24 * 60 AND min_booking >= 15"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint("rooms_check1", "rooms", type_="check")
    op.drop_constraint("members_age_check1", "members", type_="check")
    op.drop_constraint(
        constraint_name="ck_bookings_attendees", table_name="bookings", type_="check"
    )
    op.drop_constraint("ck_members_role", "members", "check")
    op.create_check_constraint(
        "ck_members_role", "members", "role IN ('owner', 'admin', 'member')"
    )
    op.drop_constraint("members_phone_key", "members", type_="unique", if_exists=True)
    op.drop_constraint("uq_members_org_badge", "members", type_="unique")
    op.drop_constraint("bookings_booked_by_id_fkey", "bookings", type_="foreignkey")
    op.drop_constraint("fk_bookings_room", "bookings", type_="foreignkey")
    op.create_foreign_key(None, "bookings", "rooms", ["room_id"], ["id"])
    op.drop_constraint("booking_guests_pkey", "booking_guests", type_="primary")
    op.drop_column("activity_log", "room_id")
    op.drop_column("room_notes", "id")
    op.drop_constraint("pk_room_features", "room_features", type_="primary")
