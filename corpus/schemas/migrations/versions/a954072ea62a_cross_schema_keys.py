"""cross-schema keys, checks and comments

Revision ID: a954072ea62a
Revises: ccb33d92cca2
Create Date: 2024-07-22 10:30:55.781260

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "a954072ea62a"
down_revision: Union[str, Sequence[str], None] = "ccb33d92cca2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "payments", sa.Column("customer_id", sa.Integer), schema="billing"
    )
    # billing -> public
    op.create_foreign_key(
        "fk_payments_customer",
        "payments",
        "customers",
        ["customer_id"],
        ["id"],
        source_schema="billing",
        referent_schema="public",
        ondelete="SET NULL",
    )
    # public -> billing, unnamed: PostgreSQL names it
    # invoices_billing_invoice_id_fkey (in public.invoices)
    op.create_foreign_key(
        None,
        "invoices",
        "invoices",
        ["billing_invoice_id"],
        ["id"],
        referent_schema="billing",
    )
    op.create_unique_constraint(
        "uq_payments_reference", "payments", ["reference"], schema="billing"
    )
    op.create_check_constraint(
        "ck_invoices_total_nonnegative", "invoices", "total >= 0", schema="billing"
    )
    op.alter_column(
        "invoices",
        "total",
        type_=sa.Numeric(14, 2),
        existing_type=sa.Numeric(12, 2),
        comment="Gross amount in the invoice currency",
        schema="billing",
    )
    op.create_table_comment(
        "invoices", "Invoices issued to customers", schema="billing"
    )
    op.drop_column("payments", "legacy_batch", schema="billing")


def downgrade() -> None:
    """Downgrade schema."""
    op.add_column(
        "payments", sa.Column("legacy_batch", sa.String(20)), schema="billing"
    )
    op.drop_table_comment(
        "invoices",
        existing_comment="Invoices issued to customers",
        schema="billing",
    )
    op.alter_column(
        "invoices",
        "total",
        type_=sa.Numeric(12, 2),
        existing_type=sa.Numeric(14, 2),
        comment=None,
        schema="billing",
    )
    op.drop_constraint(
        "ck_invoices_total_nonnegative", "invoices", type_="check", schema="billing"
    )
    op.drop_constraint(
        "uq_payments_reference", "payments", type_="unique", schema="billing"
    )
    op.drop_constraint(
        "invoices_billing_invoice_id_fkey", "invoices", type_="foreignkey"
    )
    op.drop_constraint(
        "fk_payments_customer", "payments", type_="foreignkey", schema="billing"
    )
    op.drop_column("payments", "customer_id", schema="billing")
