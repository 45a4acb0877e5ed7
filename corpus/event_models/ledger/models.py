"""The ledger's models. Its constraints are named by listeners of SQLAlchemy's schema events
(the recipe that predates `naming_convention`): every primary key `<TABLE>_PK`, every unique
constraint without a name `uq_<table>_<column>`; a foreign key keeps the name it is given."""
import enum

from sqlalchemy import DDL, ForeignKeyConstraint, Integer, String, UniqueConstraint, event, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import PrimaryKeyConstraint

from ledger.types import CodeType, IntEnumType


@event.listens_for(PrimaryKeyConstraint, "after_parent_attach")
def _pk_constraint_name(const, table):
    const.name = "%s_PK" % (table.name.upper(),)


@event.listens_for(UniqueConstraint, "after_parent_attach")
def _unique_constraint_name(const, table):
    if const.name:
        return
    const.name = "uq_%s_%s" % (table.name, list(const.columns)[0].name)


def _fk_constraint_name(const, table):
    if const.name:
        return
    const.name = "fk_%s" % (table.name,)


event.listen(ForeignKeyConstraint, "after_parent_attach", _fk_constraint_name)


class EntryKind(enum.IntEnum):
    debit = 1
    credit = 2
    transfer = 3


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (PrimaryKeyConstraint("id", name="pk_accounts"),)

    id: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    currency = mapped_column(CodeType(["EUR", "USD", "CHF"]), nullable=False)


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        PrimaryKeyConstraint("id"),
        UniqueConstraint("account_id", "reference"),
        UniqueConstraint("reference", "kind", name="entries_reference_kind"),
        ForeignKeyConstraint(["account_id"], ["accounts.id"], name="entries_account"),
    )

    id: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(Integer, nullable=False)
    reference: Mapped[str] = mapped_column(String(40), nullable=False)
    kind = mapped_column(IntEnumType(EntryKind), nullable=False)
    reversal_of = mapped_column(IntEnumType(EntryKind, exclude_values={EntryKind.transfer}))


class PostingState(enum.IntEnum):
    draft = 1
    posted = 2
    void = 3


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (PrimaryKeyConstraint("id"),)

    id: Mapped[int] = mapped_column(Integer)
    state = mapped_column(
        IntEnumType(PostingState, exclude_values={PostingState.void}), nullable=False
    )
    currency = mapped_column(CodeType(["EUR", "USD"]), nullable=False)


# Made at the module's top level with the classes' columns: it joins their table.
UniqueConstraint(Account.currency, Account.number)


# SQL run right after create_all() creates a table: an expression index and a CHECK the
# metadata does not hold (Alembic's comparison does not see them as the models').
@event.listens_for(Entry.__table__, "after_create")
def _entries_reference_index(target, connection, **kw):
    if connection.engine.dialect.name == "postgresql":
        connection.execute(
            text("CREATE INDEX ix_entries_reference_lower ON entries (lower(reference))")
        )


event.listen(
    Account.__table__,
    "after_create",
    DDL(
        "ALTER TABLE %(table)s ADD CONSTRAINT ck_accounts_number_length CHECK (length(number) >= 4)"
    ).execute_if(dialect="postgresql"),
)
# For another database only: not run on PostgreSQL (the same name would fail there).
event.listen(
    Account.__table__,
    "after_create",
    DDL(
        "ALTER TABLE %(table)s ADD CONSTRAINT ck_accounts_number_length CHECK (length(number) >= 8)"
    ).execute_if(dialect=("sqlite", "mysql")),
)
