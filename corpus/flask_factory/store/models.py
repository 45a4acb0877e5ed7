from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr

from store.db import db


class ReadingMixin:
    """Readings of any kind: an index named after the table Flask-SQLAlchemy names."""

    @declared_attr
    def __table_args__(cls):
        return (sa.Index(f"{cls.__tablename__}_taken_idx", "taken_at"),)

    taken_at = sa.Column(sa.DateTime(timezone=True), nullable=False)


class Sensor(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)
    every = db.Column(
        db.Interval, nullable=False, server_default=str(timedelta(minutes=15))
    )


class SensorReading(db.Model, ReadingMixin):
    id = db.Column(db.Integer, primary_key=True)
    sensor_id = db.Column(db.Integer, db.ForeignKey(Sensor.id), nullable=False)
    value = db.Column(db.Float)
    kind = db.Column(db.Enum("raw", "clean", "late", name="reading_kind"))


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    body = db.Column(db.Text, nullable=False)
    unseen_elsewhere = db.Column(db.Boolean)
    written_at = db.Column(db.UTCDateTime)
    archived = db.Column(db.Boolean, nullable=False, server_default=sa.false())
    label = db.Column(db.String(40))
