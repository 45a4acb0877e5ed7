"""Helpers shared by the revision files.

Revision files import this module as ``migrations.utils``: alembic.ini puts
the project directory on sys.path (``prepend_sys_path = .``).

The ``*_if_missing`` / ``*_if_present`` helpers look at the live database,
because some installations created these objects by hand before the
migrations managed them. They need a connection: ``alembic upgrade --sql``
cannot run them.
"""

import sqlalchemy as sa
from alembic import op


def timestamps():
    """created_at / updated_at columns, both set by the database."""
    return [
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
    ]


def _inspector():
    return sa.inspect(op.get_bind())


def column_exists(table_name, column_name):
    return any(c["name"] == column_name for c in _inspector().get_columns(table_name))


def add_column_if_missing(table_name, column):
    if not column_exists(table_name, column.name):
        op.add_column(table_name, column)


def drop_column_if_present(table_name, column_name):
    if column_exists(table_name, column_name):
        op.drop_column(table_name, column_name)


def create_index_if_missing(index_name, table_name, columns, **kw):
    existing = {ix["name"] for ix in _inspector().get_indexes(table_name)}
    if index_name not in existing:
        op.create_index(index_name, table_name, columns, **kw)
