import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool, text

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# DATABASE_URL, when set, wins over sqlalchemy.url in alembic.ini.
database_url = os.environ.get("DATABASE_URL")
if database_url:
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))

target_metadata = None

# Everything this service owns lives in its own schema, which env.py makes sure exists
# before any revision runs (the revisions never create it).
SCHEMA = "warehouse"

# A deployment may give every table a prefix through Alembic's tag (`alembic --tag`, or
# `command.upgrade(config, "head", tag={...})` from the application); a plain
# `alembic upgrade head` gives no tag, so there is none. Each revision receives it.
tag = context.get_tag_argument()
TABLE_PREFIX = tag.get("table_prefix", "") if isinstance(tag, dict) else ""


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        include_schemas=True,
    )
    with context.begin_transaction():
        context.run_migrations(table_prefix=TABLE_PREFIX)


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
        connection.execute(text('CREATE EXTENSION IF NOT EXISTS "pgcrypto"'))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_schemas=True,
        )
        with context.begin_transaction():
            context.run_migrations(table_prefix=TABLE_PREFIX)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
