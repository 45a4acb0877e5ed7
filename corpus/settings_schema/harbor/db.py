"""The declarative base. Its tables go to the schema the deployment's settings name
(`[database] schema`), in `public` without one: the metadata's schema is set here, after the
base was made, and the sequences and revisions read `SCHEMA`."""
from sqlalchemy import DDL, event
from sqlalchemy.orm import declarative_base

from harbor import settings

Base = declarative_base()

SCHEMA = None
if settings.has_option("database", "schema"):
    SCHEMA = settings.get("database", "schema")
    if SCHEMA:
        Base.metadata.schema = SCHEMA
        event.listen(Base.metadata, "before_create", DDL(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
