"""a table qualified as a newer pg_dump writes it, and one on the connection's own path

Revision ID: e0a3c6b95f48
Revises: b4e81f07c3d2
Create Date: 2024-03-15 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e0a3c6b95f48"
down_revision: Union[str, Sequence[str], None] = "b4e81f07c3d2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # pg_dump 10 and later empty the path and qualify every name.
    op.execute(
        """
        SELECT pg_catalog.set_config('search_path', '', false);
        CREATE TABLE shop.sizes_seen (
            size shop.size NOT NULL,
            product_id integer NOT NULL REFERENCES shop.products (id)
        );
        SET search_path TO DEFAULT;
        CREATE TABLE plain (id integer PRIMARY KEY);
        """
    )


def downgrade() -> None:
    # `SET ... TO DEFAULT` returned to the path the connection started with: `plain` is in
    # `catalog`, where the downgrade, a run of its own on the same engine, finds it.
    op.execute("DROP TABLE plain")
    op.execute("DROP TABLE shop.sizes_seen")
