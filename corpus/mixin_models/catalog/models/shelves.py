from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text, type_coerce
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
        # `Code` binds "lost" as "s:lost": SQLAlchemy writes the values through the type.
        Index("ix_shelfs_reserved_label", "state", postgresql_where=label.in_(["lost", "repair"])),
        # Coerced to a plain `String`, the values are written as they are.
        Index(
            "ix_shelfs_gone_label",
            "state",
            postgresql_where=type_coerce(label, String).in_(["s:gone"]),
        ),
    )


class ShelfTotals(Base):
    """One row, updated in place: a key with a client-side default is not SERIAL."""

    __tablename__ = "shelf_totals"

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    shelves: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    note: Mapped[Optional[str]] = mapped_column(String(40))


def _install_total_checks() -> None:
    """Checks added to the table after the class, as some applications install invariants."""
    table = ShelfTotals.__table__
    table.append_constraint(CheckConstraint(table.c.id == 1, name="ck_shelf_totals_single_row"))
    table.append_constraint(CheckConstraint("shelves >= 0", name="ck_shelf_totals_shelves"))
    # A backslash in a literal: PostgreSQL prints it back as a standard string.
    table.append_constraint(
        CheckConstraint(r"note IS NULL OR strpos(note, '\') = 0", name="ck_shelf_totals_note")
    )


_install_total_checks()
