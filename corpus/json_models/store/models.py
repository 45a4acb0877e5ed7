"""The event feed's models: JSON elements in generated columns and an index, a CHECK
construct compiled by the project itself, and types from annotations alone."""
from typing import Any, Literal, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import ColumnElement

Channel = Literal["web", "mobile", "email"]


class is_uuid_text(ColumnElement[bool]):  # noqa: N801 -- an SQL construct
    """Whether a text column holds a UUID: a regular expression on PostgreSQL, a length
    elsewhere."""

    inherit_cache = True
    type = sa.Boolean()

    def __init__(self, column_name: str) -> None:
        self.column_name = column_name


@compiles(is_uuid_text)
def _is_uuid_text(element, compiler, **kw):
    return f"length({compiler.preparer.quote(element.column_name)}) = 36"


@compiles(is_uuid_text, "postgresql")
def _is_uuid_text_postgresql(element, compiler, **kw):
    return f"{compiler.preparer.quote(element.column_name)} ~ '^[0-9a-f-]{{36}}$'"


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: postgresql.JSONB, Optional[list[str]]: postgresql.JSONB}


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The type is given: an element of the column is taken in the class body below.
    payload: Mapped[dict[str, Any]] = mapped_column(postgresql.JSONB)
    # The type from the annotation, through the base's type_annotation_map.
    attributes: Mapped[dict[str, Any]]
    channel: Mapped[Channel]
    signature: Mapped[Optional[bytes]]
    # Through a key of the map that is itself `Optional[...]`: still nullable.
    labels: Mapped[Optional[list[str]]]
    external_id: Mapped[str] = mapped_column(
        sa.String, sa.Computed(payload["id"].as_string(), persisted=True)
    )
    is_retry: Mapped[bool] = mapped_column(
        sa.Computed(
            sa.func.coalesce(payload[["meta", "retry"]].as_boolean(), sa.false()),
            persisted=True,
        )
    )

    __table_args__ = (
        sa.CheckConstraint(is_uuid_text("external_id"), name="ck_events_external_id_uuid"),
        # CheckConstraint(sqltext, name): the name given positionally.
        sa.CheckConstraint("channel <> 'email' OR signature IS NOT NULL", "ck_events_email_signed"),
        sa.Index(
            "ix_events_user_id",
            payload[["user", "id"]].as_string(),
            postgresql_where=payload[["user", "id"]].as_string().isnot(None),
        ),
    )
