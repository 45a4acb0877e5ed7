"""Imported by nothing but the package's loop over its modules."""
import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from catalog.types import Code

from .base import Audited, Base, HasId, Named, Touched


class OneLoanPerBorrower:
    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("shelf_id", "borrower", name=f"uq_{cls.__tablename__}_borrower"),)


class Loan(Named, HasId, Audited, OneLoanPerBorrower, Touched, Base):
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelfs.id", ondelete="CASCADE"))
    borrower: Mapped[str] = mapped_column(Code("b", 60))
    due: Mapped[datetime.date]
