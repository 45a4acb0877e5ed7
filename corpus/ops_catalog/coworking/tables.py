"""Table definitions (SQLAlchemy Core) matching the schema at the head revision.

Names that PostgreSQL generated, or kept through ``rename_table``, are spelled
out so that ``metadata.create_all()`` and ``alembic upgrade head`` agree; see
README.md for the two places where they cannot.
"""

from sqlalchemy import (
    DDL,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSRANGE, ExcludeConstraint

metadata = MetaData()

# ex_bookings_no_overlap needs "=" on integers in a gist index
event.listen(
    metadata, "before_create", DDL("CREATE EXTENSION IF NOT EXISTS btree_gist")
)

organizations = Table(
    "organizations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("plan", Integer, nullable=False, server_default=text("1")),
    Column(
        "created_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
    ),
    Column(
        "account_no",
        BigInteger,
        Identity(always=True, start=100000, increment=1),
        nullable=False,
    ),
    Column("settings", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Index("ix_organizations_settings", "settings", postgresql_using="gin"),
    comment="Tenants of the coworking service",
)

members = Table(
    "members",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column(
        "org_id",
        Integer,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("email", String(255), nullable=False),
    Column("full_name", String(200), nullable=False, comment="As printed on the badge"),
    Column("role", String(20), nullable=False),
    Column("invite_code", String(16)),
    Column("manager_id", BigInteger, ForeignKey("members.id", ondelete="SET NULL")),
    Column("badge_no", String(12), unique=True),
    Column("phone", String(32)),
    Column("age", Integer, CheckConstraint("age >= 16")),
    Column("bio", Text, comment="Shown in the member directory"),
    Column("timezone", String(64), server_default="UTC"),
    UniqueConstraint("org_id", "email"),
    UniqueConstraint(
        "org_id",
        "badge_no",
        name="uq_members_org_badge",
        deferrable=True,
        initially="DEFERRED",
    ),
    UniqueConstraint("phone", postgresql_nulls_not_distinct=True),
    CheckConstraint(
        "role IN ('owner', 'admin', 'member', 'guest')", name="ck_members_role"
    ),
    # members_age_check1 (NOT VALID in the migrated database)
    CheckConstraint("age <= 120"),
    Index("ix_members_email_prefix", "email", postgresql_ops={"email": "varchar_pattern_ops"}),
)
Index("ix_members_email_lower", func.lower(members.c.email), unique=True)

rooms = Table(
    "rooms",
    metadata,
    Column("id", Integer, autoincrement=False, nullable=False),
    Column("org_id", Integer, nullable=False),
    Column("name", String(80), nullable=False),
    Column("capacity", Integer, nullable=False, server_default="10"),
    Column("min_booking", Integer, nullable=False, server_default=text("30")),
    Column("max_booking", Integer, nullable=False, server_default=text("480")),
    Column("seats_with_standing", Integer, Computed("capacity + 2")),
    PrimaryKeyConstraint("id", name="pk_rooms"),
    ForeignKeyConstraint(
        ["org_id"],
        ["organizations.id"],
        name="fk_rooms_org",
        ondelete="RESTRICT",
        onupdate="CASCADE",
        deferrable=True,
        initially="DEFERRED",
    ),
    UniqueConstraint("org_id", "name", name="uq_rooms_org_name"),
    # rooms_capacity_check, rooms_check, rooms_check1
    CheckConstraint("capacity > 0"),
    CheckConstraint("min_booking <= max_booking"),
    CheckConstraint("max_booking <= 24 * 60 AND min_booking >= 15"),
    Index("ix_rooms_org_capacity", "org_id", "capacity"),
    Index("ix_rooms_name", "name", postgresql_with={"fillfactor": 70}),
    comment="Bookable spaces; id is the facilities room number",
)

room_features = Table(
    "room_features",
    metadata,
    Column(
        "room_id", Integer, ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False
    ),
    Column("feature", String(40), nullable=False),
    PrimaryKeyConstraint("room_id", "feature", name="pk_room_features"),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", Integer, nullable=False),
    Column("member_id", BigInteger, nullable=False),
    Column("during", TSRANGE, nullable=False),
    Column("attendees", Integer, nullable=False, server_default="1"),
    Column("is_cancelled", Boolean, nullable=False, server_default=false()),
    Column("ref", Integer, Identity(always=True)),
    Column("booked_by_id", BigInteger),
    ForeignKeyConstraint(
        ["room_id"],
        ["rooms.id"],
        name="fk_bookings_room",
        ondelete="CASCADE",
        onupdate="CASCADE",
        match="FULL",
    ),
    ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE"),
    ForeignKeyConstraint(
        ["booked_by_id"], ["members.id"], deferrable=True, initially="IMMEDIATE"
    ),
    CheckConstraint("attendees > 0", name="ck_bookings_attendees"),
    ExcludeConstraint(
        ("room_id", "="),
        ("during", "&&"),
        name="ex_bookings_no_overlap",
        using="gist",
        where=text("NOT is_cancelled"),
    ),
    Index("ix_bookings_room_active", "room_id", postgresql_where=text("NOT is_cancelled")),
    Index("ix_bookings_member", "member_id", postgresql_include=["during"]),
    Index("ix_bookings_during", "during", postgresql_using="gist"),
)

booking_guests = Table(
    "booking_guests",
    metadata,
    Column(
        "booking_id",
        Integer,
        ForeignKey("bookings.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("guest_email", String(255), primary_key=True),
)

# renamed from audit_entries: PostgreSQL kept the old names of its key, index
# and foreign key (and of the id sequence, which a model cannot name)
activity_log = Table(
    "activity_log",
    metadata,
    Column("id", Integer),
    Column("actor_id", BigInteger),
    Column("action", String(50), nullable=False, index=True),
    Column("payload", JSONB),
    Column(
        "created_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=text("now()"),
    ),
    Column("room_id", Integer, ForeignKey("rooms.id", ondelete="SET NULL")),
    PrimaryKeyConstraint("id", name="audit_entries_pkey"),
    ForeignKeyConstraint(
        ["actor_id"],
        ["members.id"],
        name="audit_entries_actor_id_fkey",
        ondelete="SET NULL",
    ),
    Index("ix_audit_entries_created_at", "created_at"),
)
Index(
    "ix_activity_log_actor_recent",
    activity_log.c.actor_id,
    activity_log.c.created_at.desc(),
)

room_notes = Table(
    "room_notes",
    metadata,
    Column(
        "room_id", Integer, ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False
    ),
    Column("note", Text, nullable=False),
    Column("id", Integer, primary_key=True),
)

subscription_renewal_reminder_notifications = Table(
    "subscription_renewal_reminder_notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "organization_id",
        Integer,
        ForeignKey("organizations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("notification_delivery_channel_identifier", String(100), unique=True),
    Column("scheduled_for", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
)
