from datetime import datetime, timezone

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.db import Base


class Shelf(Base):
    __tablename__ = "shelves"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str] = mapped_column(String(80))


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (CheckConstraint("qty >= 0", name="positive_qty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelves.id"), index=True)
    qty: Mapped[int]
    # A server default written from a datetime: PostgreSQL keeps the constant, in UTC.
    added: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=datetime(2024, 11, 20, 6, 30, tzinfo=timezone.utc).isoformat(),
    )
