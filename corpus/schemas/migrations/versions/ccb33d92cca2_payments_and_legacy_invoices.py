"""payments, and the legacy public invoices table

Revision ID: ccb33d92cca2
Revises: bfc0f064a1e1
Create Date: 2024-07-09 14:47:18.006342

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "ccb33d92cca2"
down_revision: Union[str, Sequence[str], None] = "bfc0f064a1e1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "invoice_id",
            sa.Integer,
            sa.ForeignKey("billing.invoices.id"),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
        sa.Column("legacy_batch", sa.String(20)),
        schema="billing",
    )
    # same table name as billing.invoices, in public: the old invoicing
    # module still writes here
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id")),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2)),
        sa.Column("billing_invoice_id", sa.Integer),
    )
    # same index name as billing.ix_invoices_number: index names are
    # unique per schema, not per database
    op.create_index("ix_invoices_number", "invoices", ["number"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_invoices_number", table_name="invoices")
    op.drop_table("invoices")
    op.drop_table("payments", schema="billing")
