"""berth length

Revision ID: c4d2e6f8a0b1
Revises: a1f0c3e5b7d9
Create Date: 2025-10-21 16:02:37.905141

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from harbor import db

# revision identifiers, used by Alembic.
revision: str = "c4d2e6f8a0b1"
down_revision: Union[str, Sequence[str], None] = "a1f0c3e5b7d9"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("berths", sa.Column("length_m", sa.Numeric(6, 2), nullable=True), schema=db.SCHEMA)
    op.create_index("ix_berths_vessel_id", "berths", ["vessel_id"], schema=db.SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_berths_vessel_id", table_name="berths", schema=db.SCHEMA)
    op.drop_column("berths", "length_m", schema=db.SCHEMA)
