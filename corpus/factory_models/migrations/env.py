import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context
from jobkit.orm import DEFAULT_PREFIX, make_models

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# DATABASE_URL, when set, wins over sqlalchemy.url in alembic.ini.
database_url = os.environ.get("DATABASE_URL")
if database_url:
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))

prefix = config.get_main_option("jobkit.prefix") or DEFAULT_PREFIX

# The classes exist only once a prefix is chosen: the function makes them.
models = make_models(prefix)
target_metadata = models.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        version_table=f"{prefix}alembic_version",
    )
    with context.begin_transaction():
        context.run_migrations(prefix=prefix)


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table=f"{prefix}alembic_version",
        )
        with context.begin_transaction():
            # Alembic passes the prefix on to every revision's upgrade() and downgrade().
            context.run_migrations(prefix=prefix)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
