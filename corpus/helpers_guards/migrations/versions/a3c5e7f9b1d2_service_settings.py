"""service settings

Revision ID: a3c5e7f9b1d2
Revises: f2b3c4d5e6a7
Create Date: 2025-06-09 08:12:44.107316

The settings table, with the row later revisions read to know which schema version the
service's own upgrade code last ran.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "a3c5e7f9b1d2"
down_revision: Union[str, Sequence[str], None] = "f2b3c4d5e6a7"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    settings = op.create_table(
        "service_settings",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(settings, [{"name": "schema", "value": 1}])


def downgrade() -> None:
    op.drop_table("service_settings")
