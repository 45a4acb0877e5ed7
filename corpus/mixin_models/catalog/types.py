from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class Code(TypeDecorator):
    """A string with a prefix; the length and the rest go to `String`."""

    impl = String
    cache_ok = True

    def __init__(self, prefix, *args, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def process_bind_param(self, value, dialect):
        return None if value is None else f"{self.prefix}:{value}"
