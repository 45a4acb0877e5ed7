"""shelf totals and reserved labels

Revision ID: e5a2c8d4b793
Revises: c4e9a7f2d318
Create Date: 2025-03-09 10:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e5a2c8d4b793"
down_revision: Union[str, Sequence[str], None] = "c4e9a7f2d318"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # One row, updated in place: the key has a client-side default, so it is not SERIAL.
    op.create_table(
        "shelf_totals",
        sa.Column("id", sa.Integer(), nullable=False, default=1),
        sa.Column("shelves", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("note", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("id = 1", name="ck_shelf_totals_single_row"),
        sa.CheckConstraint("shelves >= 0", name="ck_shelf_totals_shelves"),
        sa.CheckConstraint(r"note IS NULL OR strpos(note, '\') = 0", name="ck_shelf_totals_note"),
    )
    op.create_index(
        "ix_shelfs_reserved_label",
        "shelfs",
        ["state"],
        postgresql_where=sa.text("label IN ('s:lost', 's:repair')"),
    )
    op.create_index(
        "ix_shelfs_gone_label",
        "shelfs",
        ["state"],
        postgresql_where=sa.text("label IN ('s:gone')"),
    )


def downgrade() -> None:
    op.drop_index("ix_shelfs_gone_label", table_name="shelfs")
    op.drop_index("ix_shelfs_reserved_label", table_name="shelfs")
    op.drop_table("shelf_totals")
