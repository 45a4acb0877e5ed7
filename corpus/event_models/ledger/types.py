"""Column types of the ledger's own, each adding a CHECK of its values to the table of the
column it joins: one through SQLAlchemy's schema events, one through `_set_table`."""
from sqlalchemy import SmallInteger, String, type_coerce
from sqlalchemy.event import listens_for
from sqlalchemy.sql.schema import CheckConstraint
from sqlalchemy.sql.sqltypes import SchemaType
from sqlalchemy.sql.type_api import TypeDecorator


class IntEnumType(TypeDecorator, SchemaType):
    """Stores the value of an `IntEnum` member; a CHECK allows its members' values, but
    `exclude_values`."""

    impl = SmallInteger
    cache_ok = True

    def __init__(self, enum=None, exclude_values=None):
        self.enum = enum
        self.exclude_values = frozenset(exclude_values or ())
        TypeDecorator.__init__(self)
        SchemaType.__init__(self)


@listens_for(IntEnumType, "before_parent_attach")
def _type_before_parent_attach(type_, col):
    @listens_for(col, "after_parent_attach")
    def _col_after_parent_attach(col, table):
        int_col = type_coerce(col, SmallInteger)
        allowed = (x.value for x in type_.enum if x not in type_.exclude_values)
        CheckConstraint(int_col.in_(allowed), f"{col.name}_allowed")


class CodeType(TypeDecorator, SchemaType):
    """A short code among a fixed list, checked by the database."""

    impl = String(8)
    cache_ok = True

    def __init__(self, codes):
        self.codes = list(codes)
        TypeDecorator.__init__(self)
        SchemaType.__init__(self)

    def _set_table(self, column, table):
        listed = ", ".join(f"'{c}'" for c in self.codes)
        table.append_constraint(
            CheckConstraint(f"{column.name} IN ({listed})", name=f"{column.name}_known")
        )
