"""stock items in the warehouse schema

Revision ID: 5c0e7b3a9d21
Revises:
Create Date: 2024-09-02 10:12:44.103912

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5c0e7b3a9d21"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade(**kw) -> None:
    """Upgrade schema."""
    op.create_table(
        "items",
        sa.Column(
            "id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False
        ),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("sku", name=op.f("uq_items_sku")),
        schema="warehouse",
    )


def downgrade(**kw) -> None:
    """Downgrade schema."""
    op.drop_table("items", schema="warehouse")
