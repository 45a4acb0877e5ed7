"""The audit log: its own declarative base, whose tables the application creates with the
models' (shelf/db.py) but which env.py does not compare (its `target_metadata` is the models'
alone)."""
import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class AuditBase(DeclarativeBase):
    pass


class AuditEvent(AuditBase):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    happened: Mapped[datetime.datetime] = mapped_column(sa.DateTime, index=True)
    what: Mapped[str] = mapped_column(sa.Text)
