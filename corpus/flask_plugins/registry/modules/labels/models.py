from sqlalchemy.orm import declared_attr

from registry.db import db


class Label(db.Model):
    __tablename__ = "labels"

    @declared_attr
    def __table_args__(cls):
        return (
            db.Index("ix_uq_labels_title_lower", db.func.lower(cls.title), unique=True),
            {"schema": "catalog"},
        )

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String, nullable=False, index=True)
