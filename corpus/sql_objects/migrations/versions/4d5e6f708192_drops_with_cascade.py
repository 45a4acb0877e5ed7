"""drops with CASCADE

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2025-02-24 16:20:05.318842

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4d5e6f708192"
down_revision: Union[str, Sequence[str], None] = "3c4d5e6f7081"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # order_notes reads the column: it goes with it.
    op.execute("ALTER TABLE purchases DROP COLUMN note CASCADE")
    # The foreign key of purchases and the views reading customers (purchase_summary, and
    # big_orders through it) go with the table.
    op.execute("DROP TABLE customers CASCADE")
    # The triggers that run the function go with it.
    op.execute("DROP FUNCTION touch_updated_at() CASCADE")
    op.execute("DROP MATERIALIZED VIEW customer_spend")
    op.execute("DROP FUNCTION IF EXISTS purchase_total(integer), log_entry")


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(
        """
        CREATE FUNCTION log_entry(entry text) RETURNS void
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
            AS $$ INSERT INTO audit_log (entry) VALUES (entry) $$;
        CREATE FUNCTION purchase_total(order_id integer) RETURNS numeric
            LANGUAGE sql STABLE
            AS 'SELECT amount FROM purchases WHERE id = order_id';
        CREATE MATERIALIZED VIEW customer_spend AS
            SELECT customer_id, sum(amount) AS spent FROM purchases GROUP BY customer_id
            WITH NO DATA;
        CREATE UNIQUE INDEX customer_spend_key ON customer_spend (customer_id);
        CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER purchases_touch BEFORE INSERT OR UPDATE ON purchases
            FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
        CREATE TRIGGER audit_log_touch BEFORE INSERT ON audit_log
            FOR EACH ROW EXECUTE PROCEDURE touch_updated_at();
        """
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
    )
    op.execute(
        """
        ALTER TABLE purchases
            ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id)
            REFERENCES customers (id);
        CREATE VIEW purchase_summary AS
            SELECT o.id, c.name, o.amount AS total, o.customer_id
            FROM purchases o JOIN customers AS c ON c.id = o.customer_id;
        CREATE VIEW big_orders AS SELECT * FROM purchase_summary WHERE total > 100;
        ALTER TABLE purchases ADD COLUMN note text;
        CREATE VIEW order_notes AS
            WITH noted AS (SELECT id, note FROM purchases WHERE note IS NOT NULL)
            SELECT * FROM noted
        """
    )
