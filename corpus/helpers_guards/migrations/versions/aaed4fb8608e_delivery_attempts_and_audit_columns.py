"""delivery attempts and updated_by audit columns

Revision ID: aaed4fb8608e
Revises: 38c7448e4b53
Create Date: 2025-02-17 14:11:58.870432

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from migrations.utils import (
    add_column_if_missing,
    create_index_if_missing,
    drop_column_if_present,
)

# revision identifiers, used by Alembic.
revision: str = "aaed4fb8608e"
down_revision: Union[str, Sequence[str], None] = "38c7448e4b53"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AUDITED_TABLES = ["email_templates", "sms_templates", "push_templates", "webhooks"]


def upgrade() -> None:
    """Upgrade schema."""
    # missing: added
    add_column_if_missing(
        "deliveries",
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    )
    # deliveries.status exists since ae1155d2bc75: nothing happens
    add_column_if_missing(
        "deliveries",
        sa.Column("status", sa.String(20), nullable=False, server_default="queued"),
    )
    for table in AUDITED_TABLES:
        add_column_if_missing(table, sa.Column("updated_by", sa.String(64)))
    create_index_if_missing("ix_deliveries_attempts", "deliveries", ["attempts"])
    # created in ae1155d2bc75 already: nothing happens
    create_index_if_missing("ix_deliveries_status", "deliveries", ["status"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_deliveries_attempts", table_name="deliveries")
    for table in reversed(AUDITED_TABLES):
        drop_column_if_present(table, "updated_by")
    drop_column_if_present("deliveries", "attempts")
