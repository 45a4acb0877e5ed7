"""Stock levels: imports the base absolutely, and is imported by nothing env.py reads."""
from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from depot.base import Base


class StockLevel(Base):
    __tablename__ = "stock_levels"
    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity_positive"),)

    bin_id: Mapped[int] = mapped_column(ForeignKey("bins.id"), primary_key=True)
    sku: Mapped[str] = mapped_column(primary_key=True)
    quantity: Mapped[int] = mapped_column(default=0)
