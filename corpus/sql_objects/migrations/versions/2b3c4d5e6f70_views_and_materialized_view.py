"""views and a materialized view

Revision ID: 2b3c4d5e6f70
Revises: 1a2b3c4d5e6f
Create Date: 2025-02-10 14:03:12.554710

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "2b3c4d5e6f70"
down_revision: Union[str, Sequence[str], None] = "1a2b3c4d5e6f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(
        """
        CREATE VIEW order_summary AS
            SELECT o.id, c.name, o.total
            FROM orders o JOIN customers AS c ON c.id = o.customer_id;
        CREATE VIEW big_orders AS SELECT * FROM order_summary WHERE total > 100;
        CREATE VIEW order_notes AS
            WITH noted AS (SELECT id, note FROM orders WHERE note IS NOT NULL)
            SELECT * FROM noted
        """
    )
    # OR REPLACE may add columns at the end.
    op.execute(
        sa.text(
            "CREATE OR REPLACE VIEW order_summary AS "
            "SELECT o.id, c.name, o.total, o.customer_id "
            "FROM orders o JOIN customers AS c ON c.id = o.customer_id"
        )
    )
    op.execute(
        """
        CREATE MATERIALIZED VIEW customer_totals AS
            SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id
            WITH NO DATA
        """
    )
    op.execute("CREATE UNIQUE INDEX customer_totals_key ON customer_totals (customer_id)")
    op.execute("REFRESH MATERIALIZED VIEW customer_totals")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP MATERIALIZED VIEW customer_totals")
    # CASCADE takes big_orders, which reads order_summary.
    op.execute("DROP VIEW IF EXISTS order_summary, order_notes CASCADE")
    op.execute("DROP VIEW IF EXISTS big_orders")
