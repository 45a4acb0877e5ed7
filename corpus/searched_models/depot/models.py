"""The warehouses and their bins: imports the base relatively."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    city: Mapped[str | None] = mapped_column(String(80))


class Bin(Base):
    __tablename__ = "bins"

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    # Declared here, added by no migration: drift reports it.
    capacity: Mapped[int | None]
