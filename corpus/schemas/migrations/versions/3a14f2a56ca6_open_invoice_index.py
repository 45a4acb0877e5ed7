"""index open invoices, one reference per customer, drop dunning notes

Revision ID: 3a14f2a56ca6
Revises: f1949b5d8d06
Create Date: 2024-08-19 11:56:37.201448

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "3a14f2a56ca6"
down_revision: Union[str, Sequence[str], None] = "f1949b5d8d06"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # billing.ix_invoices_number only; public.ix_invoices_number stays
    op.drop_index("ix_invoices_number", table_name="invoices", schema="billing")
    op.create_index(
        "ix_invoices_open",
        "invoices",
        ["customer_id"],
        schema="billing",
        postgresql_where=sa.text("status <> 'paid'"),
    )
    op.drop_constraint(
        "uq_payments_reference", "settlements", type_="unique", schema="billing"
    )
    op.create_unique_constraint(
        "uq_settlements_customer_reference",
        "settlements",
        ["customer_id", "reference"],
        schema="billing",
    )
    op.drop_table("dunning_notes", schema="billing")


def downgrade() -> None:
    """Downgrade schema."""
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
    op.drop_constraint(
        "uq_settlements_customer_reference",
        "settlements",
        type_="unique",
        schema="billing",
    )
    op.create_unique_constraint(
        "uq_payments_reference", "settlements", ["reference"], schema="billing"
    )
    op.drop_index("ix_invoices_open", table_name="invoices", schema="billing")
    op.create_index("ix_invoices_number", "invoices", ["number"], schema="billing")
