"""books

Revision ID: 7b1d2e9f4a60
Revises:
Create Date: 2025-07-01 12:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

import shelf.types

# revision identifiers, used by Alembic.
revision: str = "7b1d2e9f4a60"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Column types of a library (sqlalchemy-utils) and of the project, each a TypeDecorator
    # that picks its type for PostgreSQL (per instance: `native=False` is char(32) here, not uuid).
    op.create_table(
        "books",
        sa.Column("id", sqlalchemy_utils.UUIDType(binary=False), nullable=False),
        sa.Column("legacy_id", sqlalchemy_utils.types.uuid.UUIDType(binary=False, native=False), nullable=True),
        sa.Column("meta", sqlalchemy_utils.JSONType(), nullable=True),
        sa.Column("payload", shelf.types.Payload(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().engine.name == "postgresql":
        op.create_index("ix_books_payload", "books", ["payload"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_books_payload", table_name="books")
    op.drop_table("books")
