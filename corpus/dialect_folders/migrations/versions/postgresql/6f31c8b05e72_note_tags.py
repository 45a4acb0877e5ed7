"""note tags

Revision ID: 6f31c8b05e72
Revises: 0b7d4e2a9c13
Create Date: 2025-01-20 14:02:11.503822

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "6f31c8b05e72"
down_revision: Union[str, Sequence[str], None] = "0b7d4e2a9c13"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column(
        "notes",
        sa.Column("tags", sa.ARRAY(sa.String(length=40)), server_default="{}", nullable=False),
    )
    op.create_index(
        "ix_notes_body_prefix",
        "notes",
        [sa.text("left(body, 20)")],
        postgresql_where=sa.text("tags <> '{}'"),
    )


def downgrade() -> None:
    op.drop_index("ix_notes_body_prefix", table_name="notes")
    op.drop_column("notes", "tags")
