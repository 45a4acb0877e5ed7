"""bin notes, in the schema the migration context names

Revision ID: 2d9a7f41c6e3
Revises: e81f4c6d2b07
Create Date: 2025-03-19 15:02:11.481902

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import context, op

# revision identifiers, used by Alembic.
revision: str = "2d9a7f41c6e3"
down_revision: Union[str, Sequence[str], None] = "e81f4c6d2b07"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _schema() -> str:
    # The schema of the version table when env.py gives one (it does not), else the service's.
    return context.get_context().version_table_schema or "warehouse"


def upgrade(**kw) -> None:
    """Upgrade schema."""
    op.add_column("bins", sa.Column("note", sa.String(40)), schema=_schema())


def downgrade(**kw) -> None:
    """Downgrade schema."""
    op.drop_column("bins", "note", schema=_schema())
