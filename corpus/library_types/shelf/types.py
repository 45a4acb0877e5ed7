"""The project's own column types."""
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator


class Payload(TypeDecorator):
    """JSONB on PostgreSQL, text elsewhere."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(Text())
