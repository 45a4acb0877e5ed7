from sqlalchemy.orm import DeclarativeBase


def _column_names(constraint, table):
    return "_".join(c if isinstance(c, str) else c.name for c in constraint.columns)


def _unique_index(constraint, table):
    return "uq_" if constraint.unique else ""


# Tokens of the project's own (functions SQLAlchemy calls with the constraint and its table).
NAMING_CONVENTION = {
    "ix": "ix_%(unique_index)s%(table_name)s_%(column_names)s",
    "uq": "uq_%(table_name)s_%(column_names)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "column_names": _column_names,
    "unique_index": _unique_index,
}


class Base(DeclarativeBase):
    pass


# Given to the metadata after it was made, as some applications do.
Base.metadata.naming_convention = NAMING_CONVENTION
