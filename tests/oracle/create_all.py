"""Print, as `schema/1` JSON, the schema the project's declared models create:
`metadata.create_all()` of env.py's target_metadata on a fresh PostgreSQL database.

Usage: python create_all.py PROJECT_DIR ADMIN_URL [--flask-app IMPORT] [--script-location DIR]
                            [--extension NAME]... [--keep] [--output FILE]

The project's Alembic configuration is found as alembic_history.py / migrate.py find it, and
its env.py is run the way Alembic runs it (online, against the fresh database, inside the
Flask application context for a Flask-Migrate project), with a work function that migrates
nothing and no version table: what env.py passes to `context.configure(target_metadata=...)`
is the MetaData (or list of MetaData) Alembic's autogenerate would compare. Then:

- every schema the metadata names (tables, enum types, sequences) is created if missing, and
  the extensions its types need (citext, hstore; btree_gist for an exclusion constraint; more
  with --extension): create_all() creates neither, and neither is a fact of schema/1;
- `metadata.create_all()` runs for each MetaData, in one transaction;
- the catalog is dumped by dump_schema.py, leaving out the Alembic version table (the one
  env.py configures, default alembic_version), and the database is dropped.

Exit status: 0 with the JSON on stdout; 3 when env.py's target_metadata is None (the project
declares no models; a message on stderr, nothing on stdout); other non-zero statuses are
errors, with the traceback on stderr. The database is dropped in every case (but --keep).
"""
import argparse
import contextlib
import os
import sys

from sqlalchemy import Enum, Sequence, create_engine, pool
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dump_schema  # noqa: E402
from env_capture import NoTargetMetadata, metadatas, run_env  # noqa: E402
from migrate import fresh_database, project_config  # noqa: E402

NO_TARGET_METADATA = 3

# Types whose CREATE TABLE needs an extension installed first.
TYPE_EXTENSIONS = {postgresql.CITEXT: "citext", postgresql.HSTORE: "hstore"}


def version_table_name(options):
    """The version table as dump_schema's exclusion takes it (`name` or `schema.name`)."""
    name = options.get("version_table") or "alembic_version"
    schema = options.get("version_table_schema")
    return f"{schema}.{name}" if schema else name


def column_types(column):
    type_ = column.type
    yield type_
    if isinstance(type_, TypeDecorator):
        yield type_.load_dialect_impl(postgresql.dialect())
    item = getattr(type_, "item_type", None)
    if item is not None:
        yield item


def prerequisites(metadata_list):
    """(schemas, extensions) that create_all() needs and does not create."""
    schemas, extensions = set(), set()
    for metadata in metadata_list:
        if metadata.schema:
            schemas.add(metadata.schema)
        for table in metadata.tables.values():
            if table.schema:
                schemas.add(table.schema)
            for column in table.columns:
                for type_ in column_types(column):
                    if isinstance(type_, Enum) and type_.native_enum and type_.schema:
                        schemas.add(type_.schema)
                    for cls, extension in TYPE_EXTENSIONS.items():
                        if isinstance(type_, cls):
                            extensions.add(extension)
                if isinstance(column.default, Sequence) and column.default.schema:
                    schemas.add(column.default.schema)
            for constraint in table.constraints:
                if isinstance(constraint, postgresql.ExcludeConstraint):
                    extensions.add("btree_gist")
    return schemas, extensions


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def create_all(url, metadata_list, extensions):
    schemas, needed = prerequisites(metadata_list)
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            for schema in sorted(schemas):
                conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
            for extension in sorted(needed | set(extensions)):
                conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {quote(extension)}")
            for metadata in metadata_list:
                metadata.create_all(conn)
    finally:
        engine.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", help="the project directory")
    parser.add_argument("admin_url", help="URL of the cluster (scripts/pg.sh prints it)")
    parser.add_argument("--flask-app", help="the Flask application to load (like FLASK_APP)")
    parser.add_argument("--script-location", help="override the configured script_location")
    parser.add_argument("--extension", action="append", default=[], metavar="NAME",
                        help="an extension to create before create_all() (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--output", "-o", help="write the JSON to this file instead of stdout")
    args = parser.parse_args()
    args.project = os.path.abspath(args.project)
    if args.output:
        args.output = os.path.abspath(args.output)

    try:
        with fresh_database(args.admin_url, args.project, args.keep) as (url, conn):
            with project_config(
                args.project, url, args.flask_app, args.script_location, prepare=False
            ) as cfg:
                options = run_env(cfg, dont_mutate=True)
                metadata_list = metadatas(options.get("target_metadata"))
                with contextlib.redirect_stdout(sys.stderr):
                    create_all(url, metadata_list, args.extension)
            schema = dump_schema.dump(conn, [version_table_name(options)])
    except NoTargetMetadata:
        print(
            f"{args.project}: env.py passes target_metadata=None to context.configure(): "
            "the project declares no models",
            file=sys.stderr,
        )
        sys.exit(NO_TARGET_METADATA)

    text = dump_schema.to_json(schema)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
