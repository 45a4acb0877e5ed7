"""depot archive

Revision ID: 0d5f8a2c6e19
Revises: b7e1f3a9c542
Create Date: 2024-06-02 08:45:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sitekit.runtime import current_site

# revision identifiers, used by Alembic.
revision: str = "0d5f8a2c6e19"
down_revision: Union[str, Sequence[str], None] = "b7e1f3a9c542"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(suffix: str) -> None:
    # What env.py passes to run_migrations(suffix=...), from the migrate command's Config.
    if not suffix:
        raise RuntimeError("atlas.archive_suffix is not set: run the migrate command")
    op.create_table(
        "depots" + suffix,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_depots" + suffix)),
        schema=current_site.schema,
    )


def downgrade(suffix: str) -> None:
    op.drop_table("depots" + suffix, schema=current_site.schema)
