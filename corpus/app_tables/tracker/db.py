"""The application's own migrate command: a new database first gets the initial tables from
their frozen models, then Alembic runs every revision on top of them."""
import os

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from .initial_models import InitialBase

HERE = os.path.dirname(os.path.abspath(__file__))


def create_initial_tables(url):
    engine = create_engine(url)
    try:
        InitialBase.metadata.create_all(engine)
    finally:
        engine.dispose()


def migrate(url):
    create_initial_tables(url)
    config = Config(os.path.join(HERE, os.pardir, "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "heads")
