from typing import Optional

from sqlalchemy import ForeignKey, Index, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sitekit.runtime import current_site

SITE = current_site.schema


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "pk": "pk_%(table_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s",
            "ix": "ix_%(table_name)s_%(column_0_name)s",
        }
    )


class Directory(Base):
    """The platform's list of sites, kept by the platform's own history, not this one: env.py
    compares the site's schema alone."""

    __tablename__ = "site_directory"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Depot(Base):
    __tablename__ = "depots"
    __table_args__ = {"schema": SITE}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    region: Mapped[Optional[str]] = mapped_column(String(30))


class Route(Base):
    __tablename__ = "routes"
    __table_args__ = (
        Index("ix_routes_depot_stops", "depot_id", "stops"),
        {"schema": SITE},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    depot_id: Mapped[int] = mapped_column(ForeignKey(f"{SITE}.depots.id", ondelete="CASCADE"))
    stops: Mapped[int] = mapped_column(server_default="0")


class DepotArchive(Base):
    """Depots taken out of service: the table's name ends with the suffix the migrate command
    sets (`atlas.archive_suffix`)."""

    __tablename__ = "depots_archive"
    __table_args__ = {"schema": SITE}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12))
