"""routes and regions

Revision ID: b7e1f3a9c542
Revises: 4a9c2e7b1d30
Create Date: 2024-04-18 15:30:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sitekit import runtime

# revision identifiers, used by Alembic.
revision: str = "b7e1f3a9c542"
down_revision: Union[str, Sequence[str], None] = "4a9c2e7b1d30"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SITE = runtime.current_site.schema


def upgrade(**kw) -> None:
    op.add_column("depots", sa.Column("region", sa.String(length=30)), schema=SITE)
    op.create_table(
        "routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("depot_id", sa.Integer(), nullable=False),
        sa.Column("stops", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["depot_id"],
            [f"{SITE}.depots.id"],
            name=op.f("fk_routes_depot_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routes")),
        schema=SITE,
    )
    op.create_index("ix_routes_depot_stops", "routes", ["depot_id", "stops"], schema=SITE)


def downgrade(**kw) -> None:
    op.drop_index("ix_routes_depot_stops", table_name="routes", schema=SITE)
    op.drop_table("routes", schema=SITE)
    op.drop_column("depots", "region", schema=SITE)
