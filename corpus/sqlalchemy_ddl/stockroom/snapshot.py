"""A frozen snapshot of two tables, built on a fresh `MetaData` at each call (so the revisions
that use it never share or change one), and the additive reconcile that brings a database to
it: missing tables created whole, missing indexes added to tables that exist."""

import sqlalchemy as sa


def snapshot_metadata() -> sa.MetaData:
    metadata = sa.MetaData()

    def _index(name, table, columns, **kw):
        return sa.Index(name, *(metadata.tables[table].c[c] for c in columns), **kw)

    sa.Table(
        "ledgers",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("opened_at", sa.DateTime(), server_default=sa.func.now()),
    )
    _index("ix_ledgers_code", "ledgers", ["code"], unique=True)
    sa.Table(
        "ledger_lines",
        metadata,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ledger_id", sa.Integer(), sa.ForeignKey("ledgers.id"), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
    )
    _index("ix_ledger_lines_ledger_amount", "ledger_lines", ["ledger_id", "amount"])
    return metadata


def create_missing_tables(bind, metadata):
    existing = set(sa.inspect(bind).get_table_names())
    created = []
    for table in metadata.sorted_tables:
        if table.name not in existing:
            table.create(bind)
            created.append(table.name)
    return created


def reconcile(bind, metadata):
    inspector = sa.inspect(bind)
    existing = set(inspector.get_table_names())
    create_missing_tables(bind, metadata)
    for table in metadata.sorted_tables:
        if table.name in existing:
            present = {index["name"] for index in inspector.get_indexes(table.name)}
            for index in table.indexes:
                if index.name not in present:
                    index.create(bind)
