import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context
from registry import catalog, core

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# DATABASE_URL, when set, wins over sqlalchemy.url in alembic.ini.
database_url = os.environ.get("DATABASE_URL")
if database_url:
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))

# One metadata for autogenerate: the core models, with the catalog's tables added.
target_metadata = core.Base.metadata
for table in catalog.CatalogBase.metadata.sorted_tables:
    target_metadata._add_table(table.name, table.schema, table)

# Indexes the migrations made that the models will not declare yet, by (table, columns).
KNOWN_INDEXES = (("accounts", ["nickname"]),)


def include_object(object_, name, type_, reflected, compare_to):
    if type_ == "index":
        columns = [c.name for c in object_.columns]
        return (object_.table.name, columns) not in KNOWN_INDEXES
    return True


def include_name(name, type_, parent_names):
    # A scratch table an operator made by hand once, kept by a migration.
    if type_ == "table":
        return name not in ("scratch_log",)
    return True


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # Alembic's cookbook recipe for sharing a connection: an application that runs the
    # migrations through the API passes its own in `config.attributes`; from the command
    # line, an engine is made here.
    connectable = config.attributes.get("connection", None)
    if connectable is None:
        connectable = engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
