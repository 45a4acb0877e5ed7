"""constraint names found by reflection

Revision ID: e4f9a2b7c1d3
Revises: c83f4d19e6a7
Create Date: 2025-07-16 11:04:51.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e4f9a2b7c1d3"
down_revision: Union[str, Sequence[str], None] = "c83f4d19e6a7"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def foreign_key_name(bind, table, columns, referenced):
    """The name PostgreSQL gave the foreign key of `columns` that references `referenced`."""
    loaded = sa.Table(table, sa.MetaData(), autoload_with=bind)
    for fk in loaded.foreign_key_constraints:
        if fk.referred_table.name == referenced and set(fk.column_keys) == columns:
            return fk.name
    return None


def unique_name(inspector, table, columns):
    # Callers pass a list or a set: only a set can equal the set of a constraint's columns.
    for uq in inspector.get_unique_constraints(table):
        if columns == set(uq["column_names"]):
            return uq["name"]
    return None


def has_index(inspector, table, name):
    return any(ix["name"] == name for ix in inspector.get_indexes(table))


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    # The unnamed foreign key of the first revision, renamed and made RESTRICT.
    name = foreign_key_name(bind, "entries", {"account_id"}, "accounts")
    if name:
        op.drop_constraint(name, "entries", type_="foreignkey")
        op.create_foreign_key(
            "fk_entries_account",
            "entries",
            "accounts",
            ["account_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    # A list is never equal to a set: not found, nothing dropped.
    listed = unique_name(inspector, "accounts", ["code"])
    if listed:
        op.drop_constraint(listed, "accounts", type_="unique")
    found = unique_name(inspector, "accounts", {"code"})
    if found:
        op.drop_constraint(found, "accounts", type_="unique")
        op.create_unique_constraint("uq_accounts_code", "accounts", ["code"])
    # `op.f(...)` is a string: the index that exists is found, the other one is created.
    if not has_index(inspector, "entries", op.f("ix_entries_account_id")):
        op.create_index(op.f("ix_entries_account_id"), "entries", ["account_id"])
    if not has_index(inspector, "entries", op.f("ix_entries_amount")):
        op.create_index(op.f("ix_entries_amount"), "entries", ["amount"])


def downgrade() -> None:
    op.drop_index(op.f("ix_entries_amount"), table_name="entries")
    op.drop_constraint("uq_accounts_code", "accounts", type_="unique")
    op.create_unique_constraint("accounts_code_key", "accounts", ["code"])
    op.drop_constraint("fk_entries_account", "entries", type_="foreignkey")
    op.create_foreign_key(
        "entries_account_id_fkey",
        "entries",
        "accounts",
        ["account_id"],
        ["id"],
        ondelete="CASCADE",
    )
