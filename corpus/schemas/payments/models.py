"""Declarative models; billing tables live in the ``billing`` schema.

``public.invoices`` (LegacyInvoice) and ``billing.invoices`` (Invoice) are two
different tables with the same name.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Optional

from sqlalchemy import (
    DDL,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# the schema has to exist before create_all() creates the enum type in it
event.listen(
    Base.metadata,
    "before_create",
    DDL("CREATE SCHEMA IF NOT EXISTS billing"),
    insert=True,
)


class InvoiceStatus(enum.Enum):
    draft = "draft"
    issued = "issued"
    paid = "paid"
    void = "void"


invoice_status = Enum(InvoiceStatus, name="invoice_status", schema="billing")


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(255), unique=True)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("total >= 0", name="ck_invoices_total_nonnegative"),
        Index("ix_invoices_open", "customer_id", postgresql_where=text("status <> 'paid'")),
        {"schema": "billing", "comment": "Invoices issued to customers"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[InvoiceStatus] = mapped_column(invoice_status, server_default="draft")
    total: Mapped[decimal.Decimal] = mapped_column(
        Numeric(14, 2),
        server_default="0",
        comment="Gross amount in the invoice currency",
    )
    issued_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True))


class Settlement(Base):
    """Renamed from billing.payments; constraint names kept from then."""

    __tablename__ = "settlements"
    __table_args__ = (
        PrimaryKeyConstraint("id", name="payments_pkey"),
        ForeignKeyConstraint(
            ["invoice_id"], ["billing.invoices.id"], name="payments_invoice_id_fkey"
        ),
        ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name="fk_payments_customer",
            ondelete="SET NULL",
        ),
        UniqueConstraint(
            "customer_id", "reference", name="uq_settlements_customer_reference"
        ),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column()
    invoice_id: Mapped[int] = mapped_column()
    amount: Mapped[decimal.Decimal] = mapped_column(Numeric(12, 2))
    reference: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    customer_id: Mapped[Optional[int]] = mapped_column()


class CreditNote(Base):
    __tablename__ = "credit_notes"
    __table_args__ = {"schema": "billing"}

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("billing.invoices.id", ondelete="CASCADE")
    )
    status: Mapped[InvoiceStatus] = mapped_column(invoice_status, server_default="draft")
    amount: Mapped[decimal.Decimal] = mapped_column(Numeric(14, 2))


class LegacyInvoice(Base):
    """public.invoices, written by the old invoicing module."""

    __tablename__ = "invoices"
    __table_args__ = (Index("ix_invoices_number", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Optional[decimal.Decimal]] = mapped_column(Numeric(12, 2))
    billing_invoice_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("billing.invoices.id")
    )
