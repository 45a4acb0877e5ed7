"""A ledger whose tables all live in the `ledger` schema because their metadata says so
(`MetaData(schema="ledger")`): no table names a schema, and neither do the foreign keys."""
from sqlalchemy import DDL, Column, ForeignKey, ForeignKeyConstraint, Integer, MetaData, String, Table, event
from sqlalchemy.orm import declarative_base

metadata = MetaData(schema="ledger")
# create_all() needs the schema before the tables.
event.listen(metadata, "before_create", DDL("CREATE SCHEMA IF NOT EXISTS ledger"))

Base = declarative_base(metadata=metadata)


class Account(Base):
    __tablename__ = "accounts"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False)


class Entry(Base):
    __tablename__ = "entries"

    id = Column(Integer, primary_key=True)
    # `accounts.id` is `ledger.accounts.id`: the metadata's schema.
    account_id = Column(ForeignKey("accounts.id"), nullable=False)


entry_tags = Table(
    "entry_tags",
    metadata,
    Column("entry_id", Integer, nullable=False),
    Column("tag", String(40), nullable=False),
    ForeignKeyConstraint(["entry_id"], ["entries.id"]),
)
