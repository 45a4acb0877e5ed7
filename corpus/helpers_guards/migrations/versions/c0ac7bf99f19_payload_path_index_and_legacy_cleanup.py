"""jsonb_path_ops payload index, drop legacy notification tables

Revision ID: c0ac7bf99f19
Revises: aaed4fb8608e
Create Date: 2025-03-03 11:36:20.492867

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "c0ac7bf99f19"
down_revision: Union[str, Sequence[str], None] = "aaed4fb8608e"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# tables of the notification module this service replaced; only very old
# installations still have them
LEGACY_TABLES = ("legacy_notifications", "legacy_notification_log")


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    for name in LEGACY_TABLES:
        if inspector.has_table(name):
            op.drop_table(name)

    # only PostgreSQL got the gin index in ae1155d2bc75
    indexes = {ix["name"] for ix in inspector.get_indexes("deliveries")}
    if "ix_deliveries_payload" in indexes:
        op.drop_index("ix_deliveries_payload", table_name="deliveries")
        op.create_index(
            "ix_deliveries_payload",
            "deliveries",
            ["payload"],
            postgresql_using="gin",
            postgresql_ops={"payload": "jsonb_path_ops"},
        )


def downgrade() -> None:
    """Downgrade schema."""
    # the legacy tables are not restored
    if op.get_context().dialect.name == "postgresql":
        op.drop_index("ix_deliveries_payload", table_name="deliveries")
        op.create_index(
            "ix_deliveries_payload", "deliveries", ["payload"], postgresql_using="gin"
        )
