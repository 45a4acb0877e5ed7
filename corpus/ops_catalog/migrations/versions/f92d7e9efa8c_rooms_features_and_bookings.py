"""rooms, room features and bookings

Revision ID: f92d7e9efa8c
Revises: 8833752ba4ef
Create Date: 2024-01-15 16:40:09.118020

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = "f92d7e9efa8c"
down_revision: Union[str, Sequence[str], None] = "8833752ba4ef"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # the exclusion constraint below mixes "=" on an integer with "&&" on a
    # range; gist only supports "=" on integers through btree_gist
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")

    op.create_table(
        "rooms",
        # room numbers are assigned by facilities, not by a sequence
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("org_id", sa.Integer, nullable=False),
        sa.Column("building", sa.String(40), nullable=False, index=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("min_booking", sa.Integer, nullable=False, server_default=sa.text("30")),
        sa.Column("max_booking", sa.Integer, nullable=False, server_default=sa.text("480")),
        sa.PrimaryKeyConstraint("id", name="pk_rooms"),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
            name="fk_rooms_org",
            ondelete="RESTRICT",
            onupdate="CASCADE",
            deferrable=True,
            initially="DEFERRED",
        ),
        # unnamed: PostgreSQL calls these rooms_org_id_building_name_key,
        # rooms_capacity_check (one column) and rooms_check (two columns)
        sa.UniqueConstraint("org_id", "building", "name"),
        sa.CheckConstraint("capacity > 0"),
        sa.CheckConstraint("min_booking <= max_booking"),
        sa.Index("ix_rooms_org_capacity", "org_id", "capacity"),
    )
    # no primary key yet, see 6c2f00b3466c
    op.create_table(
        "room_features",
        sa.Column(
            "room_id",
            sa.Integer,
            sa.ForeignKey("rooms.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("feature", sa.String(40), nullable=False),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("room_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.BigInteger, nullable=False),
        sa.Column("during", postgresql.TSRANGE, nullable=False),
        sa.Column("attendees", sa.Integer, nullable=False, server_default="1"),
        sa.Column("is_cancelled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(["room_id"], ["rooms.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
    )
    op.create_exclude_constraint(
        "ex_bookings_no_overlap",
        "bookings",
        ("room_id", "="),
        ("during", "&&"),
        using="gist",
        where="(NOT is_cancelled)",
    )
    op.create_table(
        "booking_guests",
        sa.Column(
            "booking_id",
            sa.Integer,
            sa.ForeignKey("bookings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("guest_email", sa.String(255), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("booking_guests")
    # there is no drop_exclude_constraint; drop_constraint without type_ does it
    op.drop_constraint("ex_bookings_no_overlap", "bookings")
    op.drop_table("bookings")
    op.drop_table("room_features")
    op.drop_table("rooms")
    op.execute("DROP EXTENSION IF EXISTS btree_gist")
