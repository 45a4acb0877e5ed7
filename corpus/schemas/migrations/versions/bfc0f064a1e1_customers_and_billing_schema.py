"""customers and the billing schema

Revision ID: bfc0f064a1e1
Revises:
Create Date: 2024-07-01 09:12:40.330915

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "bfc0f064a1e1"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

invoice_status = sa.Enum(
    "draft", "issued", "paid", "void", name="invoice_status", schema="billing"
)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(255), nullable=False, unique=True),
    )

    # there is no op.create_schema
    op.execute("CREATE SCHEMA billing")
    # CREATE TYPE billing.invoice_status, then CREATE TABLE billing.invoices
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        # index=True in a schema: ix_billing_invoices_customer_id
        sa.Column(
            "customer_id",
            sa.Integer,
            sa.ForeignKey("customers.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("number", sa.String(20), nullable=False, unique=True),
        sa.Column("status", invoice_status, nullable=False, server_default="draft"),
        sa.Column("total", sa.Numeric(12, 2), nullable=False, server_default="0"),
        sa.Column("issued_at", sa.DateTime(timezone=True)),
        schema="billing",
    )
    op.create_index(
        "ix_invoices_number", "invoices", ["number"], schema="billing"
    )
    op.create_table(
        "dunning_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "invoice_id",
            sa.Integer,
            sa.ForeignKey("billing.invoices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("note", sa.Text, nullable=False),
        schema="billing",
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("dunning_notes", schema="billing")
    op.drop_index("ix_invoices_number", table_name="invoices", schema="billing")
    op.drop_index(
        "ix_billing_invoices_customer_id", table_name="invoices", schema="billing"
    )
    op.drop_table("invoices", schema="billing")
    invoice_status.drop(op.get_bind())
    op.execute("DROP SCHEMA billing")
    op.drop_table("customers")
