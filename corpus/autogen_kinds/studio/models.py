"""Models of a record label's catalogue.

They differ from ``migrations/versions`` on purpose, once for each kind of difference
``driftlock revision --autogenerate`` writes: ``README.md`` lists them. The revision it
writes, applied by Alembic, must leave ``compare_metadata`` empty.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import (
    CHAR,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Interval,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Stage(enum.Enum):
    draft = "draft"
    review = "review"
    scheduled = "scheduled"
    live = "live"
    retired = "retired"


class Medium(enum.Enum):
    vinyl = "vinyl"
    cd = "cd"


class Visibility(enum.Enum):
    public = "public"
    private = "private"


class Artist(Base):
    __tablename__ = "artists"
    __table_args__ = (
        UniqueConstraint("country", "name", name="uq_artists_country_name"),
        {"comment": "Recording artists"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), comment="Display name")
    bio: Mapped[Optional[str]] = mapped_column(Text)
    country: Mapped[str] = mapped_column(CHAR(2))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    rating: Mapped[Optional[int]] = mapped_column(Integer)
    public_id: Mapped[uuid.UUID] = mapped_column(server_default=func.gen_random_uuid())


class Album(Base):
    __tablename__ = "albums"
    __table_args__ = (
        CheckConstraint("price > 0", name="ck_albums_price"),
        Index("ix_albums_price", "price", postgresql_where=text("price IS NOT NULL")),
        Index("ix_albums_tags", "tags", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    stage: Mapped[Stage] = mapped_column(
        Enum(Stage, name="stage"), server_default="draft"
    )
    medium: Mapped[Optional[Medium]] = mapped_column(Enum(Medium, name="medium"))
    price: Mapped[Optional[Decimal]] = mapped_column(Numeric(8, 2))
    tags: Mapped[Optional[list[str]]] = mapped_column(ARRAY(String(40)))
    notes: Mapped[str] = mapped_column(Text)
    released: Mapped[bool] = mapped_column(server_default=false())
    extra: Mapped[Optional[dict[str, Any]]] = mapped_column(JSONB)
    catalog_no: Mapped[str] = mapped_column(String(20))


class AlbumCredit(Base):
    __tablename__ = "album_credits"
    __table_args__ = (PrimaryKeyConstraint("album_id", "artist_id", "role"),)

    album_id: Mapped[int] = mapped_column(ForeignKey("albums.id"))
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id"))
    role: Mapped[str] = mapped_column(String(30))


class Playlist(Base):
    __tablename__ = "playlists"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=func.gen_random_uuid())
    name: Mapped[str] = mapped_column(String(100))
    visibility: Mapped[Visibility] = mapped_column(
        Enum(Visibility, name="visibility"), server_default="private"
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("artists.id"))
    # Playlists and tracks reference each other: this key is added after both tables.
    featured_track_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("tracks.id", use_alter=True, name="fk_playlists_featured_track")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Track(Base):
    __tablename__ = "tracks"
    __table_args__ = (
        UniqueConstraint("playlist_id", "position", name="uq_tracks_playlist_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("playlists.id"))
    title: Mapped[str] = mapped_column(String(200), index=True)
    duration: Mapped[Optional[timedelta]] = mapped_column(Interval)
    position: Mapped[int] = mapped_column(SmallInteger)
    recorded_on: Mapped[Optional[date]]
