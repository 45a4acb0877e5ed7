import datetime
from typing import TYPE_CHECKING, Generic, Optional, TypeVar

from sqlalchemy import Column, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class HasId:
    id: Mapped[int] = mapped_column(primary_key=True)


class Named:
    """The table is named after the class, in the plural."""

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower() + "s"


class Audited:
    """Who created the row: a column each model gets from a function of its class."""

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", name=f"fk_{cls.__name__.lower()}s_created_by"))


class Noted:
    """A note on each row: the column the inherited table has already, else a new one (while a
    subclass is being mapped, `cls.__table__` is still its parent's table)."""

    @declared_attr
    def note(cls):
        return cls.__table__.c.get("note", Column(String(200)))


class Touched:
    """When a row last changed: a column of each model, unless the model defines it itself."""

    touched_at: Mapped[Optional[datetime.datetime]]


class Shelving:
    LIVE_STATES = ("open", "full")

    @classmethod
    def live(cls):
        return list(cls.LIVE_STATES)


ID = TypeVar("ID")


class Flagged(Generic[ID]):
    """Who flagged a row, and why: columns declared for run time only (type checkers see
    plain annotations, as a library's generic mixin writes them)."""

    if TYPE_CHECKING:
        flagged_by: ID
        flag_reason: str
    else:
        flagged_by: Mapped[Optional[int]] = mapped_column(nullable=True)
        flag_reason: Mapped[Optional[str]] = mapped_column(String(80))


class FlaggedById(Flagged[int]):
    if TYPE_CHECKING:
        flag_count: int
    else:
        flag_count: Mapped[int] = mapped_column(server_default="0")
