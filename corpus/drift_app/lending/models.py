"""Database models for the lending library.

These models have drifted from the migrations in ``migrations/versions``: some
changes were made here and never got a migration, some migrations were never
reflected here. ``README.md`` lists every difference and what
``alembic check`` (compare_metadata) says about it.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class LoanStatus(enum.Enum):
    active = "active"
    returned = "returned"
    # not in the loan_status type the migrations create
    lost = "lost"


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the migrations stop at VARCHAR(100)
    name: Mapped[str] = mapped_column(String(150))
    bio: Mapped[Optional[str]] = mapped_column(Text)
    # the migration wrote sa.text('now()'): the same default
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Imprint(Base):
    # the migrations still call this table "publishers"
    __tablename__ = "imprints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    website: Mapped[Optional[str]] = mapped_column(String(200))


class Member(Base):
    __tablename__ = "members"
    # the migrations' unique on email is unnamed (PostgreSQL's members_email_key)
    __table_args__ = (
        UniqueConstraint("email", name="uq_members_email"),
        {"comment": "Library card holders"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255))
    # VARCHAR(50) in the migrations: a length on one side only
    nickname: Mapped[Optional[str]] = mapped_column(String())
    # the migrations default to 'active'
    status: Mapped[str] = mapped_column(String(20), server_default="pending")
    # no migration adds it; the migrations' "fax" column is gone from here
    phone: Mapped[Optional[str]] = mapped_column(String(32))
    # the migrations also index it (ix_members_created_at), and their default
    # is CURRENT_TIMESTAMP: the same value, spelled differently
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Book(Base):
    __tablename__ = "books"
    __table_args__ = (
        CheckConstraint("price >= 0", name="ck_books_price_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # nullable and commented 'Title' in the migrations
    title: Mapped[str] = mapped_column(String(200), comment="Full title")
    # unique only here
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    # the migrations have the column without its foreign key
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    # INTEGER in the migrations
    stock: Mapped[int] = mapped_column(BigInteger)
    # the migration wrote sa.text("'paperback'::character varying")
    format: Mapped[str] = mapped_column(String(20), server_default="paperback")
    # the migration wrote sa.text('false')
    is_archived: Mapped[bool] = mapped_column(server_default=false())
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class BookTag(Base):
    __tablename__ = "book_tags"

    # the migrations made book_id alone the primary key
    book_id: Mapped[int] = mapped_column(
        ForeignKey("books.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(30), primary_key=True)


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        # the migrations check "renewals >= 0" under the same name
        CheckConstraint(
            "renewals >= 0 AND renewals <= 3", name="ck_loans_renewals"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # ON DELETE CASCADE only here
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    status: Mapped[LoanStatus] = mapped_column(
        Enum(LoanStatus, name="loan_status"), server_default="active"
    )
    # TIMESTAMP WITHOUT TIME ZONE in the migrations
    borrowed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # indexed only here
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    returned_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    renewals: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class Review(Base):
    # no migration creates this table
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(
        ForeignKey("books.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    body: Mapped[Optional[str]] = mapped_column(Text)


class LoanHistory(Base):
    __tablename__ = "loan_history"
    __table_args__ = {"schema": "archive"}

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # no migration adds it
    note: Mapped[Optional[str]] = mapped_column(Text)
