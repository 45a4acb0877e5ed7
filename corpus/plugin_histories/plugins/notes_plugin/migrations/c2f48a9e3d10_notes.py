"""notes

Revision ID: c2f48a9e3d10
Revises:
Create Date: 2025-07-02 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c2f48a9e3d10"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("notes_plugin",)
# The notes reference the tags plugin's table: its first revision runs first.
depends_on: Union[str, Sequence[str], None] = "5a1e0c7d9b21"


def upgrade(name: str = "") -> None:
    # The framework's multi-database template passes the engine's name; "" is the default one.
    if name:
        return
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_notes_tag_id_tags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index(op.f("ix_notes_tag_id"), "notes", ["tag_id"], unique=False)


def downgrade(name: str = "") -> None:
    if name:
        return
    op.drop_index(op.f("ix_notes_tag_id"), table_name="notes")
    op.drop_table("notes")
