"""The ledger's models, as the application declares them today."""
import datetime
from decimal import Decimal
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[Optional[str]] = mapped_column(sa.String(200))

    __table_args__ = (sa.UniqueConstraint("email", name="uq_accounts_email"),)


class Entry(Base):
    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    posted_at: Mapped[Optional[datetime.datetime]] = mapped_column(server_default=sa.func.now())
