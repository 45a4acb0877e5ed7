"""tables, functions and triggers

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2025-02-03 09:12:44.120391

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "1a2b3c4d5e6f"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
    )
    op.execute(
        """
        CREATE TABLE orders (
            id integer PRIMARY KEY,
            customer_id integer NOT NULL REFERENCES customers (id),
            total numeric(10, 2) NOT NULL DEFAULT 0,
            note text,
            updated_at timestamptz
        )
        """
    )
    op.execute(
        "CREATE TABLE audit_log "
        "(id bigserial PRIMARY KEY, entry text NOT NULL, updated_at timestamptz)"
    )
    # A trigger function, an SQL function and a SECURITY DEFINER one with its search_path.
    op.execute(
        """
        CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END
        $$;
        CREATE FUNCTION order_total(order_id integer) RETURNS numeric
            LANGUAGE sql STABLE
            AS 'SELECT total FROM orders WHERE id = order_id';
        CREATE OR REPLACE FUNCTION log_entry(entry text) RETURNS void
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
            AS $$ INSERT INTO audit_log (entry) VALUES (entry) $$
        """
    )
    op.execute(
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders "
        "FOR EACH ROW EXECUTE FUNCTION touch_updated_at()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_touch BEFORE INSERT ON audit_log "
        "FOR EACH ROW EXECUTE PROCEDURE touch_updated_at()"
    )
    # OR REPLACE of an existing trigger (PostgreSQL 14+).
    op.execute(
        "CREATE OR REPLACE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON orders "
        "FOR EACH ROW EXECUTE FUNCTION touch_updated_at()"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP TRIGGER orders_touch ON orders")
    # Dropping the table takes its trigger with it.
    op.execute("DROP TABLE audit_log")
    op.execute("DROP FUNCTION log_entry(text), order_total(integer), touch_updated_at")
    op.drop_table("orders")
    op.drop_table("customers")
