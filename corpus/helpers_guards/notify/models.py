"""Tables of the notification service (SQLAlchemy Core)."""

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

CHANNELS = ("email", "sms", "push")


def timestamps():
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


# email_templates, sms_templates, push_templates
templates = {}
for channel in CHANNELS:
    columns = [
        Column("id", Integer, primary_key=True),
        Column("name", String(100), nullable=False, unique=True),
        Column("body", Text, nullable=False),
    ]
    if channel == "email":
        columns.append(Column("subject", String(200), nullable=False))
    templates[channel] = Table(
        f"{channel}_templates",
        metadata,
        *columns,
        *timestamps(),
        Column("updated_by", String(64)),
    )

subscribers = Table(
    "subscribers",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("email", String(255), unique=True),
    Column("phone", String(32)),
    *timestamps(),
    *(
        Column(
            f"{channel}_opt_out",
            Boolean,
            nullable=False,
            server_default=false(),
            comment=f"Subscriber opted out of {channel} notifications",
        )
        for channel in CHANNELS
    ),
    CheckConstraint(
        "email IS NOT NULL OR phone IS NOT NULL", name="ck_subscribers_reachable"
    ),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column(
        "subscriber_id",
        BigInteger,
        ForeignKey("subscribers.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("channel", String(10), nullable=False),
    Column("template_name", String(100), nullable=False),
    Column("status", String(20), nullable=False, server_default="queued"),
    Column("payload", JSONB),
    Column("queued_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_deliveries_subscriber_id_queued_at", "subscriber_id", "queued_at"),
    Index("ix_deliveries_status", "status", postgresql_where=text("status <> 'sent'")),
    Index(
        "ix_deliveries_payload",
        "payload",
        postgresql_using="gin",
        postgresql_ops={"payload": "jsonb_path_ops"},
    ),
    Index("ix_deliveries_attempts", "attempts"),
    Index("ix_deliveries_sent_at", "sent_at"),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("secret", String(64), nullable=False),
    Column("event_types", ARRAY(String(50)), nullable=False, server_default="{}"),
    Column("active", Boolean, nullable=False, server_default=true()),
    *timestamps(),
    Column("updated_by", String(64)),
)

# The schema version of the service's settings: a row the history writes and reads back.
service_settings = Table(
    "service_settings",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("value", BigInteger, nullable=False),
    Column("note", Text),
    Index("ix_service_settings_value", "value"),
    CheckConstraint("value >= 0", name="ck_service_settings_value_not_negative"),
)
