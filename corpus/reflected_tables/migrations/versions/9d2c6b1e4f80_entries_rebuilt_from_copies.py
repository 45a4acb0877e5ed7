"""entries rebuilt from copies of its reflected columns

Revision ID: 9d2c6b1e4f80
Revises: e4f9a2b7c1d3
Create Date: 2025-07-21 09:12:37.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "9d2c6b1e4f80"
down_revision: Union[str, Sequence[str], None] = "e4f9a2b7c1d3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def rebuilt(bind, name, dropped_checks):
    """A new table `<name>_rebuilt` with copies of `name`'s columns, its foreign keys and its
    checks but `dropped_checks`, created and filled from the old one."""
    metadata = sa.MetaData()
    old = sa.Table(name, metadata, autoload_with=bind)
    new = sa.Table(f"{name}_rebuilt", metadata)
    for column in old.columns:
        new.append_column(column.copy())
    for fk in old.foreign_keys:
        new.append_constraint(fk.constraint.copy())
    for constraint in old.constraints:
        if isinstance(constraint, sa.CheckConstraint) and constraint.name not in dropped_checks:
            new.append_constraint(constraint.copy())
    new.create(bind)
    names = [c.name for c in old.columns]
    bind.execute(new.insert().from_select(names, sa.select(*[old.c[n] for n in names])))
    return new.name


def upgrade() -> None:
    bind = op.get_bind()
    # Rebuilt without its check, with a unique constraint the old table could not have.
    new = rebuilt(bind, "entries", {"entries_amount_nonzero"})
    with op.batch_alter_table(new) as batch_op:
        batch_op.create_unique_constraint("uq_entries_account_memo", ["account_id", "memo"])
    op.drop_table("entries")
    op.rename_table(new, "entries")
    op.create_index("ix_entries_account_id", "entries", ["account_id"])
    op.create_index("ix_entries_amount", "entries", ["amount"])
    # Created again in a savepoint: PostgreSQL refuses it (it exists), the savepoint alone
    # rolls back, and the code goes on.
    try:
        with bind.begin_nested():
            op.create_index("ix_entries_amount", "entries", ["amount"])
            op.create_index("ix_entries_memo", "entries", ["memo"])
    except sa.exc.ProgrammingError:
        pass


def downgrade() -> None:
    # The rebuilt table's key and sequence take the old names again.
    op.execute("ALTER TABLE entries RENAME CONSTRAINT entries_rebuilt_pkey TO entries_pkey")
    op.execute("ALTER SEQUENCE entries_rebuilt_id_seq RENAME TO entries_id_seq")
    op.drop_constraint("uq_entries_account_memo", "entries", type_="unique")
    op.create_check_constraint("entries_amount_nonzero", "entries", "amount <> 0")
    op.create_index(
        "ix_entries_memo_present",
        "entries",
        ["account_id", "amount"],
        postgresql_where=sa.text("memo IS NOT NULL"),
    )
