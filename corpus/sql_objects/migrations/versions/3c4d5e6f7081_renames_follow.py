"""renames: views and triggers follow

Revision ID: 3c4d5e6f7081
Revises: 2b3c4d5e6f70
Create Date: 2025-02-17 08:41:27.903115

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "3c4d5e6f7081"
down_revision: Union[str, Sequence[str], None] = "2b3c4d5e6f70"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.rename_table("orders", "purchases")
    op.alter_column("purchases", "total", new_column_name="amount")
    op.execute("ALTER VIEW order_summary RENAME TO purchase_summary")
    op.execute("ALTER MATERIALIZED VIEW customer_totals RENAME TO customer_spend")
    op.execute("ALTER INDEX customer_totals_key RENAME TO customer_spend_key")
    op.execute("ALTER FUNCTION order_total(integer) RENAME TO purchase_total")
    op.execute("ALTER TRIGGER orders_touch ON purchases RENAME TO purchases_touch")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("ALTER TRIGGER purchases_touch ON purchases RENAME TO orders_touch")
    op.execute("ALTER FUNCTION purchase_total RENAME TO order_total")
    op.execute("ALTER INDEX customer_spend_key RENAME TO customer_totals_key")
    op.execute("ALTER MATERIALIZED VIEW customer_spend RENAME TO customer_totals")
    op.execute("ALTER TABLE purchase_summary RENAME TO order_summary")
    op.alter_column("purchases", "amount", new_column_name="total")
    op.rename_table("purchases", "orders")
