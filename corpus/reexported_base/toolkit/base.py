from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

TOOLKIT_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The framework's base: every model of every project that uses it maps onto it."""

    metadata = MetaData(naming_convention=TOOLKIT_CONVENTION)
