from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.types import DateTime, TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}



class UTCDateTime(TypeDecorator):
    """Timestamps kept in UTC, with their time zone."""

    impl = DateTime(timezone=True)
    cache_ok = True


class StoreSQLAlchemy(SQLAlchemy):
    """The database object, with the store's own types beside SQLAlchemy's."""

    def __getattr__(self, name):
        if name == "UTCDateTime":
            return UTCDateTime
        return super().__getattr__(name)


db = None


def init_db():
    """Makes the database object (again: the tests make a fresh one)."""
    global db
    db = StoreSQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))


init_db()
