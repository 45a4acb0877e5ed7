from typing import Optional

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from catalog.types import Code

from .base import Base, HasId, Named


class User(Named, HasId, Base):
    name: Mapped[str] = mapped_column(Code("u", 40))
    # users and shelfs reference each other: this key is added after both tables.
    default_shelf_id: Mapped[Optional[int]] = mapped_column(
        Integer, ForeignKey("shelfs.id", use_alter=True, name="fk_users_default_shelf")
    )
