"""stock levels

Revision ID: c81f4d6a5e07
Revises: 3b7e0c9d2a41
Create Date: 2025-03-18 14:02:51.730244

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c81f4d6a5e07"
down_revision: Union[str, Sequence[str], None] = "3b7e0c9d2a41"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "stock_levels",
        sa.Column("bin_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_stock_levels_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["bin_id"], ["bins.id"], name=op.f("fk_stock_levels_bin_id_bins")
        ),
        sa.PrimaryKeyConstraint("bin_id", "sku", name=op.f("pk_stock_levels")),
    )


def downgrade() -> None:
    op.drop_table("stock_levels")
