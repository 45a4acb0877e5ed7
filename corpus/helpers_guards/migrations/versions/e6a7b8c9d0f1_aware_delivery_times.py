"""store delivery times with their time zone

Revision ID: e6a7b8c9d0f1
Revises: d1f0a2b3c4e5
Create Date: 2025-04-09 14:30:05.118346

Converts the naive timestamps listed below to timestamptz (their values are UTC); columns
already aware are left alone. The downgrade makes sent_at naive again, the one this
revision converts. Row counts are checked around each conversion.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "e6a7b8c9d0f1"
down_revision: Union[str, Sequence[str], None] = "d1f0a2b3c4e5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TIMESTAMP_COLUMNS = {
    "deliveries": ("queued_at", "sent_at"),
    "subscribers": ("created_at",),
}


def _convert(tables: dict, timezone_aware: bool) -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    quote = bind.dialect.identifier_preparer.quote
    for table_name, names in tables.items():
        columns = inspector.get_columns(table_name)
        for name in names:
            column = next((c for c in columns if c["name"] == name), None)
            if column is None or column["type"].timezone == timezone_aware:
                continue
            table = sa.table(table_name, sa.column(name))
            count = sa.select(sa.func.count()).select_from(table)
            before = bind.execute(count).scalar()
            op.alter_column(
                table_name,
                name,
                existing_type=column["type"],
                type_=sa.DateTime(timezone=timezone_aware),
                postgresql_using=f"{quote(name)} AT TIME ZONE 'UTC'",
            )
            if bind.execute(count).scalar() != before:
                raise RuntimeError(f"{table_name}.{name}: row count changed")


def upgrade() -> None:
    """Upgrade schema."""
    _convert(TIMESTAMP_COLUMNS, timezone_aware=True)


def downgrade() -> None:
    """Downgrade schema."""
    _convert({"deliveries": ("sent_at",)}, timezone_aware=False)
