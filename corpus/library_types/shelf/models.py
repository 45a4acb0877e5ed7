import sqlalchemy as sa
import sqlalchemy_utils
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy_utils.types.uuid import UUIDType

from shelf.types import Payload


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "books"

    id = sa.Column(UUIDType(binary=False), primary_key=True)
    legacy_id = sa.Column(UUIDType(binary=False, native=False))
    checksum = sa.Column(UUIDType(native=True))
    meta = sa.Column(sqlalchemy_utils.JSONType())
    payload = sa.Column(Payload(), nullable=False)
    # Types given as classes, which SQLAlchemy calls with no arguments.
    reader_id = sa.Column(UUIDType)
    extra = sa.Column(Payload)

    __table_args__ = (
        sa.Index("ix_books_payload", "payload", postgresql_using="gin"),
    )
