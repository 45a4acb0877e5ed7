"""The hub's accounts, and the plugins a second registry maps: two metadata, each with its own
naming convention (the plugins' has none), and a base made by its metaclass."""
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    column,
)
from sqlalchemy.orm import DeclarativeBase, DeclarativeMeta, registry


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class _ConstantsMeta(type):
    """Makes a member of each of `__values__`, upper-cased, when a class is made with it."""

    def __new__(mcs, name, bases, namespace):
        for value in namespace.get("__values__", []):
            namespace[value.upper()] = value
        return super().__new__(mcs, name, bases, namespace)


class Constants(metaclass=_ConstantsMeta):
    __values__ = []


class BadgeState(Constants):
    __values__ = ["active", "revoked"]


class HubModel(Base):
    """Names the table of each class made on it after the hub, as a framework's base does."""

    __abstract__ = True

    def __init_subclass__(cls, **kwargs):
        _name_table(cls)
        super().__init_subclass__(**kwargs)


def _name_table(cls):
    """Names the table after the class's top package, as a framework's helper does, unless the
    class names its own: SQLAlchemy maps it after this hook, so it has no `__table__` yet."""
    for attr in ("__tablename__", "__table__"):
        if getattr(cls, attr, None):
            return
    if HubModel not in cls.__mro__:
        return
    package, *_modules = cls.__module__.split(".")
    cls.__tablename__ = f"{package}_{cls.__name__.lower()}"


class Account(Base):
    __tablename__ = "accounts"

    id = Column(Integer, primary_key=True)
    email = Column(String(120), index=True, nullable=False)
    referrer_id = Column(ForeignKey("accounts.id"))


# Plugins live in a registry of their own, mapped through a base class whose metaclass makes
# it declarative (no convention: PostgreSQL names the keys).
plugin_registry = registry()


class PluginBase(metaclass=DeclarativeMeta):
    __abstract__ = True
    registry = plugin_registry
    metadata = plugin_registry.metadata
    __init__ = plugin_registry.constructor


class Plugin(PluginBase):
    __tablename__ = "plugins"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), index=True, nullable=False)


class PluginRun(PluginBase):
    __tablename__ = "plugin_runs"
    # A key constraint with options and no columns: the key is the columns flagged
    # `primary_key=True`.
    __table_args__ = (PrimaryKeyConstraint(name="plugin_runs_by_time"),)

    plugin_id = Column(ForeignKey("plugins.id"), primary_key=True)
    started_at = Column(DateTime, primary_key=True)


class Badge(HubModel):
    # The table is `hub_badge`; its state's default and its partial index use a member the
    # metaclass made.
    __table_args__ = (
        Index("ix_hub_badge_live", "account_id", postgresql_where=column("state") == BadgeState.ACTIVE),
    )

    id = Column(Integer, primary_key=True)
    account_id = Column(ForeignKey("accounts.id"), nullable=False)
    state = Column(String(10), nullable=False, server_default=BadgeState.ACTIVE)
