"""Table arguments gathered from mixins. Each class keeps its own private `__auto_args`
(Python stores it as `_Class__auto_args`, so the mixins' do not hide each other), read
through a class property, and `__table_args__` merges every one `dir(cls)` lists."""
import datetime
import enum

from sqlalchemy import CheckConstraint, ForeignKey, Index
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .base import Base, FlaggedById, HasId


class classproperty(property):
    """A property read on the class: its function gets the class (or nothing)."""

    def __get__(self, obj, owner=None):
        return self.fget.__get__(None, owner)()


def merged_table_args(cls, **extra):
    positional = []
    keywords = {}
    for name in dir(cls):
        if not name.endswith("__auto_args"):
            continue
        value = getattr(cls, name)
        if not value:
            continue
        if isinstance(value, dict):
            keywords.update(value)
        elif isinstance(value, tuple):
            if isinstance(value[-1], dict):
                positional.extend(value[:-1])
                keywords.update(value[-1])
            else:
                positional.extend(value)
    keywords.update(extra)
    return tuple(positional) + (keywords,)


class Score(enum.IntEnum):
    lowest = 1
    highest = 5


class Rated:
    rating: Mapped[int]

    @classproperty
    @staticmethod
    def __auto_args():
        # An IntEnum member formats as its value; a field can name a member of the class.
        check = "rating >= {} AND rating <= {s.highest}".format(Score.lowest, s=Score)
        return (CheckConstraint(check, name=f"rating_{Score.lowest.name}_to_{Score.highest.name}"),)


class Dated:
    written: Mapped[datetime.date]

    @classproperty
    @classmethod
    def __auto_args(cls):
        return (Index(f"ix_{cls.__tablename__}_written", "written"), {"comment": "dated rows"})


class Review(HasId, Rated, Dated, FlaggedById, Base):
    __tablename__ = "reviews"
    __auto_args = ()
    shelf_id: Mapped[int] = mapped_column(ForeignKey("shelfs.id"))
    body: Mapped[str]

    @declared_attr.directive
    def __table_args__(cls):
        return merged_table_args(cls, comment="what readers say")
