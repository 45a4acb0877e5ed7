"""snapshots declared here

Revision ID: e5b7403d1c28
Revises: 8a02d5c6e913
Create Date: 2025-05-02 16:12:03.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import declarative_base

# revision identifiers, used by Alembic.
revision: str = "e5b7403d1c28"
down_revision: Union[str, Sequence[str], None] = "8a02d5c6e913"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# A table declared in the revision itself, on a base of its own.
SnapshotBase = declarative_base()


class Snapshot(SnapshotBase):
    __tablename__ = "stock_snapshots"

    id = sa.Column(sa.Integer, primary_key=True)
    item_sku = sa.Column(sa.String(32), nullable=False, index=True)
    qty = sa.Column(sa.Integer, nullable=False, server_default="0")
    taken_at = sa.Column(sa.DateTime(timezone=True), server_default=sa.func.now())


def upgrade() -> None:
    SnapshotBase.metadata.create_all(op.get_bind())


def downgrade() -> None:
    Snapshot.__table__.drop(op.get_bind())
