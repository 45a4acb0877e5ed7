"""tables from the models

Revision ID: 3c9e1f7a2b40
Revises: 
Create Date: 2025-04-01 09:00:12.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from stockroom import db_utils
from stockroom.models import Base

# revision identifiers, used by Alembic.
revision: str = "3c9e1f7a2b40"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The models' tables, created through SQLAlchemy by a helper, not through op.*.
    db_utils.create_missing_tables(Base.metadata, op.get_bind())


def downgrade() -> None:
    Base.metadata.drop_all(op.get_bind())
