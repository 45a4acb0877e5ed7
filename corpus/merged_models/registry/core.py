from packaging.version import parse
from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

from registry import __version__

# Releases from 2.0 on name unique constraints by convention (older ones let PostgreSQL).
# The convention is built from (key, pattern) pairs.
if parse(parse(__version__).base_version) >= parse("2.0"):
    NAMING = dict(
        (
            ("ix", "ix_%(column_0_label)s"),
            ("uq", "uq_%(table_name)s_%(column_0_name)s"),
        )
    )
else:
    NAMING = {"ix": "ix_%(column_0_label)s"}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING))
