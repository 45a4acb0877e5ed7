"""settings widths

Revision ID: c7e9a1b3d5f7
Revises: b4d6f8a0c2e3
Create Date: 2025-07-02 09:41:12.550913

Widens the settings columns where the inspector says they are still narrow, the way
projects that must run on several databases write it: the reflected type compared as text
(`str(column["type"])`), the dialect read through `hasattr`, the migration context reached
through the operations object itself, and the reflected table's constraints told apart with
`isinstance`.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c7e9a1b3d5f7"
down_revision: Union[str, Sequence[str], None] = "b4d6f8a0c2e3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

NARROW_INTEGERS = {"SMALLINT", "INTEGER"}


def _is_narrow_integer(type_text: str) -> bool:
    return type_text.upper().split("(")[0].split()[0].strip() in NARROW_INTEGERS


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name if hasattr(bind, "dialect") else None
    columns = {c["name"]: c for c in sa.inspect(bind).get_columns("service_settings")}
    value_type = str(columns.get("value", {}).get("type", ""))
    if _is_narrow_integer(value_type):
        op.alter_column(
            "service_settings", "value", existing_type=sa.Integer(), type_=sa.BigInteger()
        )
    if str(columns["name"]["type"]) == "VARCHAR(40)" and dialect == "postgresql":
        op.alter_column(
            "service_settings", "name", existing_type=sa.String(40), type_=sa.String(80)
        )
    if op._proxy.migration_context.dialect.name == "postgresql":
        op.create_index("ix_service_settings_value", "service_settings", ["value"])
    table = sa.Table("service_settings", sa.MetaData(), autoload_with=bind)
    checks = [c for c in table.constraints if isinstance(c, sa.CheckConstraint)]
    keys = [c for c in table.constraints if isinstance(c, sa.PrimaryKeyConstraint)]
    if not checks and keys and not isinstance(keys[0], sa.UniqueConstraint):
        op.create_check_constraint(
            "ck_service_settings_value_not_negative", "service_settings", "value >= 0"
        )


def downgrade() -> None:
    op.drop_constraint(
        "ck_service_settings_value_not_negative", "service_settings", type_="check"
    )
    op.drop_index("ix_service_settings_value", table_name="service_settings")
    op.alter_column(
        "service_settings", "name", existing_type=sa.String(80), type_=sa.String(40)
    )
    op.alter_column(
        "service_settings", "value", existing_type=sa.BigInteger(), type_=sa.Integer()
    )
