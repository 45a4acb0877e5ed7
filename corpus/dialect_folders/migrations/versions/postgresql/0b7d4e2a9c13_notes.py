"""notes

Revision ID: 0b7d4e2a9c13
Revises: 
Create Date: 2024-11-02 08:15:40.220117

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0b7d4e2a9c13"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("meta", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_notes_meta", "notes", ["meta"], postgresql_using="gin"
    )


def downgrade() -> None:
    op.drop_index("ix_notes_meta", table_name="notes")
    op.drop_table("notes")
