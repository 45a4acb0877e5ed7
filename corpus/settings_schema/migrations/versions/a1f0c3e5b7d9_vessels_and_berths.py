"""vessels and berths

Revision ID: a1f0c3e5b7d9
Revises:
Create Date: 2025-09-02 10:14:51.388012

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from harbor.db import SCHEMA

# revision identifiers, used by Alembic.
revision: str = "a1f0c3e5b7d9"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def qualified(name):
    return f"{SCHEMA}.{name}" if SCHEMA else name


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence("vessel_id_seq", schema=SCHEMA)))
    op.create_table(
        "vessels",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        schema=SCHEMA,
    )
    op.create_table(
        "berths",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vessel_id", sa.BigInteger(), nullable=True),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["vessel_id"], [qualified("vessels.id")]),
        sa.PrimaryKeyConstraint("id"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("berths", schema=SCHEMA)
    op.drop_table("vessels", schema=SCHEMA)
    op.execute(sa.schema.DropSequence(sa.Sequence("vessel_id_seq", schema=SCHEMA)))
