"""The project's database module: the framework's base, with the project's own naming
convention, assigned after the metadata was made (it replaces the framework's)."""
from toolkit.base import Base

Base.metadata.naming_convention = {
    "ix": "%(column_0_N_label)s_index",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "fk": "%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}
