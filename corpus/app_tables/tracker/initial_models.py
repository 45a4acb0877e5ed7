"""The tables of the first release, frozen: a new database gets them from
`InitialBase.metadata.create_all()` (tracker/db.py) before the migrations run, and the
first revision starts from them."""
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
)
from sqlalchemy.orm import declarative_base

InitialBase = declarative_base()


class Project(InitialBase):
    __tablename__ = "projects"

    id = Column(Integer, primary_key=True)
    name = Column(String(100), nullable=False)
    created_at = Column(DateTime, server_default=func.now(), nullable=False)
    legacy_flag = Column(Boolean)


class Run(InitialBase):
    __tablename__ = "runs"

    id = Column(Integer, primary_key=True)
    project_id = Column(Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False)
    status = Column(String(20), nullable=False, server_default="queued")
    note = Column(String(200))

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done')", name="runs_status_known"),
        Index("ix_runs_project_id", "project_id"),
    )
