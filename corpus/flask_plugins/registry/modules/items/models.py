import enum
from itertools import chain

from sqlalchemy import Date, cast
from sqlalchemy.orm import declared_attr

from registry.db import db
from registry.modules.labels.models import Label


class LinkType(enum.IntEnum):
    label = 1
    owner = 2
    shelf = 3


_columns_for_types = {
    LinkType.label: {"label_id"},
    LinkType.owner: {"owner_name"},
    LinkType.shelf: {"shelf_code"},
}


def _make_checks(allowed):
    """One check per link type: its column set, the others' empty."""
    available = set(
        chain.from_iterable(cols for type_, cols in _columns_for_types.items() if type_ in allowed)
    )
    for link_type in allowed:
        required = available & _columns_for_types[link_type]
        forbidden = available - required
        criteria = [f"{col} IS NULL" for col in sorted(forbidden)]
        criteria += [f"{col} IS NOT NULL" for col in sorted(required)]
        condition = "link_type != {} OR ({})".format(link_type, " AND ".join(criteria))
        yield db.CheckConstraint(condition, f"valid_{link_type.name}_link")


class Item(db.Model):
    __tablename__ = "items"
    allowed_link_types = frozenset(LinkType) - {LinkType.shelf}

    @declared_attr
    def __table_args__(cls):
        return (
            *_make_checks(cls.allowed_link_types),
            db.Index("ix_items_added_day", cast(cls.added_at, Date)),
            {"schema": "catalog"},
        )

    id = db.Column(db.Integer, primary_key=True)
    link_type = db.Column(db.Integer, nullable=False)
    # Without a type, a foreign key's column takes the type of the column it names.
    label_id = db.Column(db.ForeignKey("catalog.labels.id"), index=True, nullable=True)
    owner_name = db.Column(db.String)
    shelf_code = db.Column(db.String)
    added_at = db.Column(db.DateTime, nullable=False)
    # Keys named by the model's column and by its table's full name (`catalog.labels`).
    parent_label_id = db.Column(db.Integer, db.ForeignKey(Label.id))
    alias_label_id = db.Column(db.Integer, db.ForeignKey(column=Label.__table__.fullname + ".id"))


# An association table bound to no name: it joins the metadata when it is made, and the
# relationship names it by string.
db.Table(
    "item_labels",
    db.metadata,
    db.Column("item_id", db.ForeignKey("catalog.items.id"), primary_key=True),
    db.Column("label_id", db.ForeignKey("catalog.labels.id"), primary_key=True, index=True),
    schema="catalog",
)
Item.labels = db.relationship("Label", secondary="catalog.item_labels")
