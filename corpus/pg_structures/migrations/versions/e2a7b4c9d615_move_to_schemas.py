"""move a table and an enum to another schema

Revision ID: e2a7b4c9d615
Revises: c6d1f08e4a93
Create Date: 2025-03-01 08:25:40.660117

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "e2a7b4c9d615"
down_revision: Union[str, Sequence[str], None] = "c6d1f08e4a93"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("CREATE SCHEMA archive")
    op.create_table(
        "ledger",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column(
            "state",
            sa.Enum("open", "closed", name="ledger_state"),
            server_default="open",
            nullable=False,
        ),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id")),
        sa.UniqueConstraint("account_id", "id"),
    )
    op.create_index("ix_ledger_amount", "ledger", ["amount"])
    # The table moves with its indexes, constraints and sequence; the type on its own.
    op.execute("ALTER TABLE ledger SET SCHEMA archive")
    op.execute("ALTER TYPE ledger_state SET SCHEMA archive")
    # inherit_schema=True: the type goes where the table is.
    op.create_table(
        "vault",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "state",
            sa.Enum("sealed", "open", name="vault_state", inherit_schema=True),
            nullable=False,
        ),
        schema="archive",
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("vault", schema="archive")
    op.execute("DROP TYPE archive.vault_state")
    op.execute("ALTER TYPE archive.ledger_state SET SCHEMA public")
    op.execute("ALTER TABLE archive.ledger SET SCHEMA public")
    op.drop_index("ix_ledger_amount", table_name="ledger")
    op.drop_table("ledger")
    op.execute("DROP TYPE ledger_state")
    op.execute("DROP SCHEMA archive")
