"""The application's migrate command: a new database is built by the checkpoint revision
alone (its `upgrade(op)` given an `op` of its own), stamped there, then upgraded to the heads
by Alembic; a database that has a revision already is upgraded by Alembic alone."""
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory

CHECKPOINT = "5d1e8b2f7c40"


def apply_checkpoint(url, ini="alembic.ini"):
    config = Config(ini)
    script = ScriptDirectory.from_config(config)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        context = MigrationContext.configure(connection)
        if context.get_current_heads():
            return
        script.get_revision(CHECKPOINT).module.upgrade(op=Operations(context))
        context.stamp(script, CHECKPOINT)
    engine.dispose()


def migrate(url, ini="alembic.ini"):
    apply_checkpoint(url, ini)
    config = Config(ini)
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "heads")
