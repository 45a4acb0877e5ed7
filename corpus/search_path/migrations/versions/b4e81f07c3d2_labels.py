"""labels on env.py's path, a column on a path set for the transaction

Revision ID: b4e81f07c3d2
Revises: 7c2d5e9a4b10
Create Date: 2024-03-08 09:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b4e81f07c3d2"
down_revision: Union[str, Sequence[str], None] = "7c2d5e9a4b10"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # No schema given: Alembic writes the names unqualified, and env.py's path puts them in
    # `catalog`.
    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("text", sa.String(40), nullable=False),
        sa.Column("tone", sa.Enum("warm", "cold", name="tone"), nullable=True),
        sa.Column("audit_id", sa.Integer(), sa.ForeignKey("audit.id"), nullable=True),
    )
    op.create_index("ix_labels_text", "labels", ["text"], unique=True)
    op.add_column("audit", sa.Column("note", sa.Text(), nullable=True))
    op.execute("SET LOCAL search_path = shop, public")
    op.execute("ALTER TABLE variants ADD COLUMN sku varchar(20)")
    op.execute("CREATE INDEX ix_variants_sku ON variants (sku)")


def downgrade() -> None:
    op.drop_index("ix_variants_sku", table_name="variants", schema="shop")
    op.drop_column("variants", "sku", schema="shop")
    op.drop_column("audit", "note")
    op.drop_index("ix_labels_text", table_name="labels")
    op.drop_table("labels")
    op.execute("DROP TYPE tone")
