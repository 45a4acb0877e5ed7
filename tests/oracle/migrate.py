"""Run real Alembic on a fresh PostgreSQL database and dump the schema after each step.

Usage: python migrate.py PROJECT_DIR ADMIN_URL [STEP ...] [--steps STEP ...]
                         [--script-location DIR] [--version-table NAME] [--flask-app IMPORT]
                         [--keep] [--output FILE]

STEP is `up:REV` or `down:REV` (also `upgrade:REV`, `downgrade:REV`), REV anything Alembic
accepts (`heads`, `head`, `base`, an id, `-1`, `label@head`, ...). Default: `up:heads`.

ADMIN_URL points at a database of the cluster where databases may be created (the URL that
scripts/pg.sh prints). A database with a unique name is created from template0, the steps run
in order, and the database is dropped at the end (kept with --keep, and its URL printed to
stderr). stdout gets one JSON document:

  {"steps": [{"step": "up:heads", "current": [REV, ...], "schema": {schema/1}}, ...]}

`current` is what the version table holds after the step (sorted). `schema` leaves the version
table out (`--version-table`, `name` or `schema.name`, default `alembic_version`).

The configuration is found the way alembic_history.py finds it (alembic.ini, pyproject.toml,
Flask-Migrate's migrations/alembic.ini). The database URL reaches the project the ways the
corpus's env.py files read it: the DATABASE_URL environment variable (set before anything of
the project is imported) and `sqlalchemy.url` in the Config. A Flask-Migrate project is run as
`flask db upgrade` runs it: its application (--flask-app, else FLASK_APP, else app.py/wsgi.py)
is loaded and the commands run inside its application context with Flask-Migrate's Config.

Anything the migrations print goes to stderr. An error in Alembic or in a migration ends the
run with its traceback on stderr and a non-zero exit (the database is still dropped).
"""
import argparse
import contextlib
import json
import os
import secrets
import sys
import traceback

import psycopg2
from alembic import command
from sqlalchemy.engine import make_url

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dump_schema  # noqa: E402
from alembic_history import find_config, runtime_hook  # noqa: E402

STEP_KINDS = {"up": "upgrade", "upgrade": "upgrade", "down": "downgrade", "downgrade": "downgrade"}


def parse_step(text):
    kind, sep, rev = text.partition(":")
    if not sep or kind not in STEP_KINDS or not rev:
        raise argparse.ArgumentTypeError(f"{text!r}: a step is up:REV or down:REV")
    return STEP_KINDS[kind], rev


@contextlib.contextmanager
def flask_context(flask_app):
    """Flask-Migrate's Config inside the application's context, as `flask db` has them."""
    from flask.cli import ScriptInfo

    sys.path.insert(0, os.getcwd())
    app = ScriptInfo(app_import_path=flask_app or os.environ.get("FLASK_APP")).load_app()
    with app.app_context():
        migrate = app.extensions["migrate"]
        url = migrate.db.engine.url
        if url.database != make_url(os.environ["DATABASE_URL"]).database:
            raise SystemExit(
                f"the Flask application uses {url.render_as_string()}, not DATABASE_URL"
            )
        try:
            yield migrate.migrate.get_config(migrate.directory)
        finally:
            migrate.db.engine.dispose()


def version_table_query(version_table):
    schema, _, name = version_table.rpartition(".")
    qualified = f'"{schema}"."{name}"' if schema else f'"{name}"'
    return qualified


def current_revisions(conn, version_table):
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (version_table_query(version_table),))
        if cur.fetchone()[0] is None:
            conn.rollback()
            return None
        cur.execute(f"SELECT version_num FROM {version_table_query(version_table)}")
        revisions = sorted(row[0] for row in cur.fetchall())
    conn.rollback()
    return revisions


@contextlib.contextmanager
def project_config(project, url, flask_app=None, script_location=None, prepare=True):
    """The project's Alembic Config pointed at `url`, as the corpus's env.py files read it:
    DATABASE_URL (set before anything of the project is imported) and `sqlalchemy.url`.
    A Flask-Migrate project's Config comes from its application, whose context stays pushed
    while the caller uses it. Runs inside `project` (Alembic resolves relative paths against
    the working directory)."""
    os.environ["DATABASE_URL"] = url
    cfg = find_config(project)
    # What the project's own migrate command does before Alembic runs (runtime_config.py);
    # not for a caller that builds the schema another way (create_all.py).
    before = runtime_hook("prepare") if prepare else None
    if before is not None:
        before(url)
    flask = cfg is None
    with flask_context(flask_app) if flask else contextlib.nullcontext(cfg) as cfg:
        if script_location:
            cfg.set_main_option("script_location", os.path.abspath(script_location))
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        yield cfg


def run(args, url, conn):
    with project_config(args.project, url, args.flask_app, args.script_location) as cfg:
        steps = []
        for kind, rev in args.steps:
            with contextlib.redirect_stdout(sys.stderr):
                getattr(command, kind)(cfg, rev)
            current = current_revisions(conn, args.version_table)
            if current is None and kind == "upgrade":
                raise SystemExit(
                    f"after `alembic upgrade {rev}` the database {conn.info.dbname} has no "
                    f"version table {args.version_table}: the project's env.py did not use "
                    "DATABASE_URL or sqlalchemy.url (or set --version-table)"
                )
            steps.append(
                {
                    "step": f"{'up' if kind == 'upgrade' else 'down'}:{rev}",
                    "current": current or [],
                    "schema": dump_schema.dump(conn, [args.version_table]),
                }
            )
    return steps


@contextlib.contextmanager
def fresh_database(admin_url, project, keep=False):
    """A new, uniquely named database of the cluster behind `admin_url` (created from
    template0), dropped at the end unless `keep`. Yields (SQLAlchemy URL with the psycopg2
    driver, psycopg2 connection to it)."""
    admin_dsn = dump_schema.libpq_url(admin_url)
    project = os.path.basename(os.path.abspath(project))[:20].lower()
    name = f"driftlock_{project}_{os.getpid()}_{secrets.token_hex(4)}"
    name = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in name)
    admin = psycopg2.connect(admin_dsn)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    url = make_url(admin_url).set(database=name)
    if url.drivername in ("postgresql", "postgres"):
        # psycopg2 is the driver the oracle pins (SQLAlchemy 2.1 would default to psycopg 3).
        url = url.set(drivername="postgresql+psycopg2")
    url = url.render_as_string(hide_password=False)
    failed = False
    try:
        conn = psycopg2.connect(admin_dsn, dbname=name)
        try:
            yield url, conn
        finally:
            conn.close()
    except BaseException:
        failed = True
        raise
    finally:
        if keep:
            print(f"kept database {name}: {url}", file=sys.stderr)
        else:
            try:
                with admin.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception:
                if not failed:
                    raise
                traceback.print_exc()
        admin.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", help="the project directory")
    parser.add_argument("admin_url", help="URL of the cluster (scripts/pg.sh prints it)")
    parser.add_argument("steps", nargs="*", type=parse_step, metavar="STEP",
                        help="up:REV or down:REV (default: up:heads)")
    parser.add_argument("--steps", nargs="+", type=parse_step, dest="more_steps", default=[],
                        metavar="STEP", help="more steps, after the positional ones")
    parser.add_argument("--script-location", help="override the configured script_location")
    parser.add_argument("--version-table", default="alembic_version",
                        help="the Alembic version table, name or schema.name")
    parser.add_argument("--flask-app", help="the Flask application to load (like FLASK_APP)")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--output", "-o", help="write the JSON to this file instead of stdout")
    args = parser.parse_args()
    args.steps = (args.steps + args.more_steps) or [("upgrade", "heads")]
    args.project = os.path.abspath(args.project)
    if args.output:
        args.output = os.path.abspath(args.output)

    with fresh_database(args.admin_url, args.project, args.keep) as (url, conn):
        steps = run(args, url, conn)

    text = dump_schema.to_json({"steps": steps})
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
