"""authors and notes

Revision ID: 5d2c8e1a7b30
Revises:
Create Date: 2025-05-02 09:14:27.310552

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5d2c8e1a7b30"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handle", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("authors_pkey")),
        sa.UniqueConstraint("handle", name=op.f("authors_handle_key")),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["authors.id"],
            name=op.f("notes_author_id_authors_fkey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("notes_pkey")),
    )
    op.create_index(op.f("notes_written_at_index"), "notes", ["written_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("notes_written_at_index"), table_name="notes")
    op.drop_table("notes")
    op.drop_table("authors")
