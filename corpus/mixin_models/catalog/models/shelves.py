from typing import Optional

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from catalog.types import Code

from .base import Audited, Base, HasId, Named, Shelving


class Shelf(Named, HasId, Audited, Base):
    label: Mapped[str] = mapped_column(Code("s", 30), unique=True)
    state: Mapped[str] = mapped_column(String(10))
    # A foreign key without a type takes its target's, whatever the annotation says.
    owner_id: Mapped[Optional[Code]] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (
        Index("ix_shelfs_live_label", "label", postgresql_where=state.in_(Shelving.live())),
    )
