"""The job tables, made per table prefix: one deployment keeps several sets of them in one
database, each set's classes on a base of its own."""
import functools

from sqlalchemy import Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, declared_attr

DEFAULT_PREFIX = "jk_"


class PrefixedTable:
    """Mixed into each prefix's base: the table name is the prefix and the class's own name."""

    __abstract__ = True

    _base_name: str = "unset"
    _prefix: str = ""

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls._prefix + cls._base_name


@functools.lru_cache
def new_base(prefix: str):
    base = declarative_base()
    return type(
        f"PrefixedBase{prefix}",
        (base, PrefixedTable),
        {"_prefix": prefix, "__abstract__": True},
    )


def new_models(base, prefix: str):
    class Models:
        """The classes of one prefix, and their metadata."""

        metadata = base.metadata

        class Job(base):
            _base_name = "jobs"

            id = Column(Integer, primary_key=True)
            name = Column(String(80), nullable=False)
            state = Column(String(16), nullable=False, server_default="queued")

        class Step(base):
            _base_name = "steps"
            __table_args__ = (UniqueConstraint("job_id", "position"),)

            id = Column(Integer, primary_key=True)
            # The target's name carries the prefix: the function's argument, seen from the
            # nested class bodies.
            job_id = Column(Integer, ForeignKey(f"{prefix}jobs.id", ondelete="CASCADE"), nullable=False)
            position = Column(Integer, nullable=False)
            command = Column(Text)

    return Models


# Once per prefix: a second set of classes on the same base would define its tables again.
@functools.lru_cache
def make_models(prefix: str = DEFAULT_PREFIX):
    return new_models(new_base(prefix), prefix)
