"""deliveries

Revision ID: ae1155d2bc75
Revises: 655bca6cfba4
Create Date: 2025-01-20 15:42:10.648271

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "ae1155d2bc75"
down_revision: Union[str, Sequence[str], None] = "655bca6cfba4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLE = "deliveries"
IX_PREFIX = "ix_%s_" % TABLE


def _index(*columns, **kw):
    """create_index with a name built from the columns."""
    op.create_index(IX_PREFIX + "_".join(columns), TABLE, list(columns), **kw)


def upgrade() -> None:
    """Upgrade schema."""
    # the test suite runs these migrations on SQLite
    if op.get_context().dialect.name == "postgresql":
        payload_type = postgresql.JSONB(astext_type=sa.Text())
    else:
        payload_type = sa.JSON()

    op.create_table(
        TABLE,
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column(
            "subscriber_id",
            sa.BigInteger,
            sa.ForeignKey("subscribers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("template_name", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="queued"),
        sa.Column("payload", payload_type),
        sa.Column(
            "queued_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
    )
    _index("subscriber_id", "queued_at")

    if op.get_bind().engine.name == "postgresql":
        _index("status", postgresql_where=sa.text("status <> 'sent'"))
        op.create_index(
            "ix_deliveries_payload", TABLE, ["payload"], postgresql_using="gin"
        )
    else:
        _index("status")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().engine.name == "postgresql":
        op.drop_index("ix_deliveries_payload", table_name=TABLE)
    op.drop_index(IX_PREFIX + "status", table_name=TABLE)
    op.drop_index(IX_PREFIX + "subscriber_id_queued_at", table_name=TABLE)
    op.drop_table(TABLE)
