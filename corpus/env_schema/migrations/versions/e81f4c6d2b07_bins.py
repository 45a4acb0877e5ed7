"""bins hold items

Revision ID: e81f4c6d2b07
Revises: 5c0e7b3a9d21
Create Date: 2024-09-09 16:40:02.581377

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "e81f4c6d2b07"
down_revision: Union[str, Sequence[str], None] = "5c0e7b3a9d21"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(table_prefix: str = "") -> None:
    """Upgrade schema."""
    op.create_table(
        table_prefix + "bins",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bins")),
        schema="warehouse",
    )
    op.add_column(
        "items",
        sa.Column("bin_id", sa.BigInteger(), nullable=True),
        schema="warehouse",
    )
    op.create_foreign_key(
        op.f("fk_items_bin_id_bins"),
        "items",
        "bins",
        ["bin_id"],
        ["id"],
        source_schema="warehouse",
        referent_schema="warehouse",
        ondelete="SET NULL",
    )
    op.create_index(
        op.f("ix_warehouse_items_bin_id"), "items", ["bin_id"], schema="warehouse"
    )


def downgrade(table_prefix: str = "") -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_warehouse_items_bin_id"), table_name="items", schema="warehouse")
    op.drop_constraint(
        op.f("fk_items_bin_id_bins"), "items", schema="warehouse", type_="foreignkey"
    )
    op.drop_column("items", "bin_id", schema="warehouse")
    op.drop_table(table_prefix + "bins", schema="warehouse")
