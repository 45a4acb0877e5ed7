"""rename payments to settlements, add credit notes

Revision ID: f1949b5d8d06
Revises: a954072ea62a
Create Date: 2024-08-05 16:04:22.519604

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = "f1949b5d8d06"
down_revision: Union[str, Sequence[str], None] = "a954072ea62a"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # ALTER TABLE billing.payments RENAME TO settlements: the table stays in
    # billing, and payments_pkey, payments_id_seq, uq_payments_reference,
    # fk_payments_customer keep their names
    op.rename_table("payments", "settlements", schema="billing")

    op.create_table(
        "credit_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "invoice_id",
            sa.Integer,
            sa.ForeignKey("billing.invoices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        # billing.invoice_status exists already
        sa.Column(
            "status",
            postgresql.ENUM(name="invoice_status", schema="billing", create_type=False),
            nullable=False,
            server_default="draft",
        ),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        schema="billing",
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("credit_notes", schema="billing")
    op.rename_table("settlements", "payments", schema="billing")
