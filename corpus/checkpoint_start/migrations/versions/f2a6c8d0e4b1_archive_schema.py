"""archive schema

Revision ID: f2a6c8d0e4b1
Revises: e93b0d5a6f18
Create Date: 2025-03-05 09:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import CreateSchema, DropSchema

# revision identifiers, used by Alembic.
revision: str = "f2a6c8d0e4b1"
down_revision: Union[str, Sequence[str], None] = "e93b0d5a6f18"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # The schema as SQLAlchemy's DDL elements write it, not as SQL text.
    op.execute(CreateSchema("archive"))
    op.execute(CreateSchema("archive", if_not_exists=True))
    op.create_table(
        "old_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        schema="archive",
    )


def downgrade() -> None:
    op.drop_table("old_entries", schema="archive")
    op.execute(DropSchema("archive"))
