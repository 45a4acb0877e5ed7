"""checksums

Revision ID: c2f8a05d13e7
Revises: 7b1d2e9f4a60
Create Date: 2025-07-09 08:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy_utils import UUIDType

from shelf.types import Payload

# revision identifiers, used by Alembic.
revision: str = "c2f8a05d13e7"
down_revision: Union[str, Sequence[str], None] = "7b1d2e9f4a60"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("books", sa.Column("checksum", UUIDType(native=True)))
    # Types given as classes: SQLAlchemy calls them with no arguments (UUIDType() is native
    # uuid on PostgreSQL, Payload() jsonb).
    op.add_column("books", sa.Column("reader_id", UUIDType))
    op.add_column("books", sa.Column("extra", Payload))


def downgrade() -> None:
    op.drop_column("books", "extra")
    op.drop_column("books", "reader_id")
    op.drop_column("books", "checksum")
