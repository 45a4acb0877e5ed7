"""ORM models (SQLAlchemy 2.0 declarative) for the fleet service.

Column types are spelled the way the application code prefers; the migrations
use the spellings autogenerate rendered at the time (``sa.VARCHAR(50)`` for
``String(50)``, ``postgresql.DOUBLE_PRECISION()`` for ``Double()``, ...).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from typing import Any, Optional

from sqlalchemy import (
    ARRAY,
    CHAR,
    DDL,
    DefaultClause,
    JSON,
    REAL,
    BigInteger,
    Date,
    DateTime,
    Double,
    Enum,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
    Unicode,
    Uuid,
    event,
    false,
    func,
    literal_column,
    text,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# citext and hstore come from extensions (created by the first migration)
for _ext in ("citext", "hstore"):
    event.listen(
        Base.metadata, "before_create", DDL(f"CREATE EXTENSION IF NOT EXISTS {_ext}")
    )


class AccountStatus(enum.Enum):
    active = "active"
    suspended = "suspended"
    closed = "closed"


class TicketPriority(enum.Enum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class TicketChannel(enum.Enum):
    email = "email"
    phone = "phone"
    chat = "chat"


account_status = Enum(AccountStatus, name="account_status")


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(postgresql.CITEXT, unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(Unicode(150))
    bio: Mapped[str] = mapped_column(Text, server_default="")
    country_code: Mapped[str] = mapped_column(CHAR(2), server_default="US")
    currency: Mapped[str] = mapped_column(CHAR(3), server_default=text("'EUR'"))
    status: Mapped[AccountStatus] = mapped_column(account_status, server_default="active")
    is_staff: Mapped[bool] = mapped_column(server_default=false())
    is_verified: Mapped[bool] = mapped_column(server_default=text("false"))
    email_opt_in: Mapped[bool] = mapped_column(server_default=true())
    login_count: Mapped[int] = mapped_column(BigInteger, server_default=DefaultClause("0"))
    credit_limit: Mapped[decimal.Decimal] = mapped_column(
        Numeric(10, 2), server_default="1.5"
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    previous_status: Mapped[Optional[AccountStatus]] = mapped_column(account_status)


class AccountStatusChange(Base):
    __tablename__ = "account_status_changes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    old_status: Mapped[Optional[AccountStatus]] = mapped_column(account_status)
    new_status: Mapped[AccountStatus] = mapped_column(account_status)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("CURRENT_TIMESTAMP")
    )


class Region(Base):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # SMALLSERIAL
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(Unicode)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[uuid.UUID] = mapped_column(
        postgresql.UUID(as_uuid=True),
        primary_key=True,
        server_default=text("gen_random_uuid()"),
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    region_id: Mapped[Optional[int]] = mapped_column(
        SmallInteger, ForeignKey("regions.id")
    )
    serial_number: Mapped[str] = mapped_column(String(50), unique=True)
    hardware_rev: Mapped[int] = mapped_column(SmallInteger, server_default=text("2"))
    ip_address: Mapped[Optional[str]] = mapped_column(postgresql.INET)
    subnet: Mapped[Optional[str]] = mapped_column(postgresql.CIDR)
    mac_address: Mapped[Optional[str]] = mapped_column(postgresql.MACADDR)
    feature_bits: Mapped[str] = mapped_column(
        postgresql.BIT(3), server_default=text("B'000'")
    )
    firmware: Mapped[Optional[bytes]] = mapped_column(postgresql.BYTEA)
    certificate: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    install_token: Mapped[Optional[uuid.UUID]] = mapped_column(Uuid)
    attributes: Mapped[Optional[dict[str, str]]] = mapped_column(postgresql.HSTORE)
    installed_on: Mapped[Optional[dt.date]] = mapped_column(
        Date, server_default=func.current_date()
    )


class DeviceTag(Base):
    __tablename__ = "device_tags"

    device_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    weight: Mapped[int] = mapped_column(SmallInteger, server_default=text("-1"))


class Reading(Base):
    __tablename__ = "readings"
    __table_args__ = (Index("ix_readings_device_recorded", "device_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # BIGSERIAL
    device_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE")
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(
        postgresql.TIMESTAMP(timezone=True, precision=3),
        server_default=text("CURRENT_TIMESTAMP"),
    )
    temperature: Mapped[Optional[decimal.Decimal]] = mapped_column(Numeric(6, 3))
    sequence_no: Mapped[decimal.Decimal] = mapped_column(Numeric(10))
    humidity: Mapped[Optional[float]] = mapped_column(Float())
    pressure: Mapped[Optional[float]] = mapped_column(Float(24))
    voltage: Mapped[Optional[float]] = mapped_column(Float(precision=53))
    latitude: Mapped[Optional[float]] = mapped_column(Double)
    longitude: Mapped[Optional[float]] = mapped_column(postgresql.DOUBLE_PRECISION)
    signal_dbm: Mapped[Optional[float]] = mapped_column(REAL)
    battery_pct: Mapped[int] = mapped_column(SmallInteger, server_default="100")
    energy_cost: Mapped[str] = mapped_column(postgresql.MONEY, server_default="0")


class AccountSettings(Base):
    __tablename__ = "account_settings"

    # integer primary key that is also a foreign key: no SERIAL
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    preferences: Mapped[dict[str, Any]] = mapped_column(
        postgresql.JSONB, server_default="{}"
    )
    feature_flags: Mapped[dict[str, Any]] = mapped_column(
        postgresql.JSONB, server_default=text("'{}'::jsonb")
    )
    legacy_blob: Mapped[Optional[Any]] = mapped_column(JSON)
    notify_emails: Mapped[list[str]] = mapped_column(
        ARRAY(String()), server_default="{}"
    )
    quiet_hours: Mapped[list[int]] = mapped_column(
        postgresql.ARRAY(Integer), server_default=text("'{}'::integer[]")
    )
    session_timeout: Mapped[dt.timedelta] = mapped_column(
        Interval, server_default=text("'1 day'")
    )


class MaintenanceWindow(Base):
    __tablename__ = "maintenance_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE")
    )
    starts_on: Mapped[dt.date] = mapped_column(Date)
    daily_start: Mapped[dt.time] = mapped_column(Time)
    daily_start_local: Mapped[Optional[dt.time]] = mapped_column(Time(timezone=True))
    duration: Mapped[dt.timedelta] = mapped_column(
        postgresql.INTERVAL(fields="HOUR TO MINUTE")
    )
    grace: Mapped[Optional[dt.timedelta]] = mapped_column(
        postgresql.INTERVAL(fields="DAY TO SECOND", precision=0)
    )
    active_during: Mapped[Optional[Any]] = mapped_column(postgresql.TSTZRANGE)
    firmware_range: Mapped[Optional[Any]] = mapped_column(postgresql.INT4RANGE)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("CURRENT_TIMESTAMP")
    )


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_search_vector", "search_vector", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger, Identity(always=False, start=1, increment=1), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, server_default="")
    search_vector: Mapped[Optional[Any]] = mapped_column(postgresql.TSVECTOR)
    revision: Mapped[int] = mapped_column(server_default=literal_column("1"))


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(
        Identity(always=True, start=1000), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    device_id: Mapped[Optional[uuid.UUID]] = mapped_column(
        ForeignKey("devices.id", ondelete="SET NULL")
    )
    subject: Mapped[str] = mapped_column(String(200))
    priority: Mapped[TicketPriority] = mapped_column(
        Enum(TicketPriority, name="ticket_priority"),
        server_default="normal",
        index=True,
    )
    channel: Mapped[TicketChannel] = mapped_column(
        Enum(TicketChannel, name="ticket_channel")
    )
    opened_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=text("now()")
    )
    resolution_time: Mapped[Optional[dt.timedelta]] = mapped_column(Interval)
