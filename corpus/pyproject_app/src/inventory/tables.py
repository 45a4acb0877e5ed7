"""Core table definitions; the service uses SQLAlchemy Core, not the ORM."""

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    func,
    text,
)

metadata = MetaData()

warehouses = Table(
    "warehouses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(8), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
)

stock_items = Table(
    "stock_items",
    metadata,
    Column("id", Uuid, primary_key=True, server_default=text("gen_random_uuid()")),
    Column(
        "warehouse_id",
        Integer,
        ForeignKey("warehouses.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("sku", String(40), nullable=False),
    Column("quantity", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reorder_level", Integer),
    UniqueConstraint("warehouse_id", "sku", name="uq_stock_items_warehouse_sku"),
    CheckConstraint("quantity >= 0", name="ck_stock_items_quantity_nonnegative"),
    Index(
        "ix_stock_items_below_reorder",
        "warehouse_id",
        postgresql_where=text("quantity < reorder_level"),
    ),
    comment="Current stock per warehouse and SKU",
)
