import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool, text

from alembic import context
from sitekit.runtime import current_site

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# DATABASE_URL, when set, wins over sqlalchemy.url in alembic.ini.
database_url = os.environ.get("DATABASE_URL")
if database_url:
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))

if not current_site:
    raise RuntimeError("start the application for a site first")

from atlas.models import Base  # noqa: E402

target_metadata = Base.metadata

# Each site's history is its own: its tables and its version table live in its schema.
SITE_SCHEMA = current_site.schema
VERSION_TABLE = f"alembic_version_{current_site.name}"


def include_object(object_, name, type_, reflected, compare_to):
    return type_ != "table" or object_.schema == SITE_SCHEMA


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        version_table=VERSION_TABLE,
        version_table_schema=SITE_SCHEMA,
        include_schemas=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations(suffix=config.get_main_option("atlas.archive_suffix"))


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SITE_SCHEMA}"'))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table=VERSION_TABLE,
            version_table_schema=SITE_SCHEMA,
            include_schemas=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            # Alembic passes these on to every revision's upgrade() and downgrade().
            context.run_migrations(suffix=config.get_main_option("atlas.archive_suffix"))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
