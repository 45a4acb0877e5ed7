from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = None


def init_db():
    """Makes the database object (again: the tests make a fresh one)."""
    global db
    db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))


init_db()
