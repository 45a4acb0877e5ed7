"""depots

Revision ID: 4a9c2e7b1d30
Revises:
Create Date: 2024-03-04 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sitekit.runtime import current_site

# revision identifiers, used by Alembic.
revision: str = "4a9c2e7b1d30"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(suffix: str = "") -> None:
    op.create_table(
        "depots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_depots")),
        sa.UniqueConstraint("code", name=op.f("uq_depots_code")),
        schema=current_site.schema,
    )


def downgrade(suffix: str = "") -> None:
    op.drop_table("depots", schema=current_site.schema)
