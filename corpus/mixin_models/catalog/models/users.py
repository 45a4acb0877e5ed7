import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from catalog.types import Code

from .base import Base, HasId, Named, Noted, Touched


class User(Named, HasId, Touched, Base):
    name: Mapped[str] = mapped_column(Code("u", 40))
    # users and shelfs reference each other: this key is added after both tables.
    default_shelf_id: Mapped[Optional[int]] = mapped_column(
        Integer, ForeignKey("shelfs.id", use_alter=True, name="fk_users_default_shelf")
    )

    # Filled by the query that loads the user (the last change of its loans): no column.
    touched_at: Mapped[Optional[datetime.datetime]] = query_expression()

    # What an instance is called in the application's resource tree. The class keeps its own
    # `__name__` (`Named` reads `cls.__name__`): a type's name is not found in its body.
    @property
    def __name__(self):
        return self.name


class Librarian(Noted, User):
    """Joined-table inheritance: `Named`'s function names this class's own table too, and
    `Noted`'s column is new (the `users` table it looks in has no `note`)."""

    id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    desk: Mapped[str] = mapped_column(String(20))
