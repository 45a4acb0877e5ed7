"""The application's migrate command: it creates every table of its models and of its audit
log that the database lacks, then runs the migrations (whose creations are guarded, for databases made before)."""
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from shelf.audit import AuditBase
from shelf.models import Base


def create_tables(url):
    engine = create_engine(url)
    Base.metadata.create_all(engine, checkfirst=True)
    AuditBase.metadata.create_all(engine, checkfirst=True)
    engine.dispose()


def migrate(url):
    create_tables(url)
    config = Config("alembic.ini")
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "heads")
