import logging

from sqlalchemy import create_engine
from sqlalchemy import pool

from alembic import context

from inventory.settings import DATABASE_URL
from inventory.tables import metadata

# this is the Alembic Config object; all of its settings come from
# [tool.alembic] in pyproject.toml (there is no alembic.ini).
config = context.config

# no ini file means no [loggers] section: set up logging here.
if config.config_file_name is not None and config.file_config.has_section(
    "loggers"
):
    from logging.config import fileConfig

    fileConfig(config.config_file_name)
else:
    logging.basicConfig(format="%(levelname)-5.5s [%(name)s] %(message)s")
    logging.getLogger("alembic").setLevel(logging.INFO)

target_metadata = metadata


def run_migrations_offline() -> None:
    """Run migrations in 'offline' mode.

    Emits SQL to the script output instead of talking to a database.

    """
    context.configure(
        url=DATABASE_URL,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations in 'online' mode."""
    connectable = create_engine(DATABASE_URL, poolclass=pool.NullPool)

    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
