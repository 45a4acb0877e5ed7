"""The development set's truth for models and drift, taken inside the project's own migrate
command (scripts/devset.sh puts this folder on PYTHONPATH, so every Python process of the
command loads it at start-up).

When DRIFTLOCK_DEVSET_CAPTURE names a folder, Alembic's EnvironmentContext.run_migrations is
wrapped: after the migrations ran (in the same transaction, on the same connection), with the
options the project's env.py passed to context.configure():
- `drift-<version table>.json`: Alembic's compare_metadata with env.py's own options (what
  `alembic check` reports: compare_type and compare_server_default as env.py sets them), items
  in drift/1's vocabulary;
- `models-<version table>.json`: metadata.create_all() of env.py's target_metadata on a fresh
  database of the cluster (DRIFTLOCK_DEVSET_ADMIN), dumped as schema/1; when create_all()
  itself fails on PostgreSQL, `create_all-fails-<version table>.txt` holds the error.
A project that migrates in several steps (expand, data, contract) calls run_migrations more
than once: each call overwrites the files, so the last (the final schema) stays (a call first
removes what an earlier one wrote for the same version table: when only the last fails, no
earlier state's drift or models is left behind as the final one's). A failure is written to
`error-<version table>.txt` and never breaks the migrate command.

`alembic check` runs env.py in a new process, where no revision ran (but every revision file
was imported, as its check of the heads loads them all, which the wrapper does first too): tables
a revision added to the target metadata while it ran (`metadata.reflect(bind, only=[...])` of
the tables it drops) are taken out of it before the comparison, and named in `revisions-added-<version table>.txt`
(with the tables a revision gave other columns, which stay): scripts/devset.sh then runs the
migrate command once more on the migrated database, where no revision runs, and that call's
comparison is the truth.

A runner without env.py that configures Alembic's MigrationContext itself and calls its
run_migrations directly (Flask-Alembic, invenio-db's `invenio alembic upgrade`: one context per
database, configured with the application's metadata and its ALEMBIC_CONTEXT options) is
captured the same way, after that call, with that context's options; a MigrationContext run
from inside EnvironmentContext.run_migrations (every env.py) is captured there only, as before.

DRIFTLOCK_DEVSET_CAPTURE_IMPORTS (modules, space-separated) are imported before the
comparison: those the project's own autogenerate command imports before it compares (models
env.py does not import). With DRIFTLOCK_DEVSET_CAPTURE_AT_EXIT set, the comparison is taken
when the process ends, on a new connection to the same database with the same options: for a
migrate command whose run_migrations (a stamp) runs on its own connection while the tables are
created, uncommitted, on another.
"""
import os

_folder = os.environ.get("DRIFTLOCK_DEVSET_CAPTURE")


def _capture(env):
    _compare(env.get_context())


def _capture_at_exit(env):
    """Keeps the URL and env.py's options now, and compares when the process ends."""
    _capture_context_at_exit(env.get_context())


def _capture_context_at_exit(context):
    import atexit

    url = context.connection.engine.url.render_as_string(hide_password=False)
    opts = dict(context.opts)
    before = getattr(context, "_devset_tables_before", None)

    def later():
        from alembic.runtime.migration import MigrationContext
        from sqlalchemy import create_engine, pool

        engine = create_engine(url, poolclass=pool.NullPool)
        try:
            with engine.connect() as conn:
                fresh = MigrationContext.configure(connection=conn, opts=opts)
                fresh._devset_tables_before = before
                _compare(fresh)
        finally:
            engine.dispose()

    atexit.register(later)


def _tables_of(target):
    """Each table of the target metadata (one, or a list of them) with its column names."""
    metadatas = target if isinstance(target, (list, tuple)) else [target]
    return {
        (id(md), key): (md, set(t.c.keys()))
        for md in metadatas
        if md is not None
        for key, t in md.tables.items()
    }


def _version_table(opts):
    """The version table as create_all.py's version_table_name() names it, for a file name
    written when the oracle's modules themselves do not import."""
    name = opts.get("version_table") or "alembic_version"
    schema = opts.get("version_table_schema")
    return f"{schema}.{name}" if schema else name


def _compare(context):
    import traceback

    table = _version_table(context.opts)
    for kind in ("drift", "models", "create_all-fails", "error", "none", "revisions-added"):
        for ext in ("json", "txt"):
            path = os.path.join(_folder, f"{kind}-{table}.{ext}")
            if os.path.exists(path):
                os.remove(path)
    try:
        _compare_or_raise(context)
    except Exception:
        # Also when the oracle's modules do not import with the project's SQLAlchemy (1.3 has
        # no sqlalchemy.engine.make_url): written down, the migrate command goes on.
        path = os.path.join(_folder, f"error-{_version_table(context.opts)}.txt")
        with open(path, "w") as out:
            out.write(traceback.format_exc())


def _compare_or_raise(context):
    import contextlib
    import importlib
    import json
    import secrets
    import sys

    for module in os.environ.get("DRIFTLOCK_DEVSET_CAPTURE_IMPORTS", "").split():
        importlib.import_module(module)
    sys.path.insert(0, os.environ["DRIFTLOCK_DEVSET_ORACLE"])
    from sqlalchemy.dialects import postgresql

    if not hasattr(postgresql, "CITEXT"):
        # SQLAlchemy 1.4 (superset's) has no postgresql.CITEXT, which create_all.py names when
        # imported: a stand-in that no column's type is an instance of (set after the
        # migrations ran).
        postgresql.CITEXT = type("CITEXT", (), {})
    import compare_metadata as cm
    import create_all as ca
    import dump_schema
    from alembic.autogenerate import compare_metadata
    from env_capture import metadatas
    from sqlalchemy import create_engine, pool
    from sqlalchemy.engine import make_url

    opts = context.opts
    table = ca.version_table_name(opts)
    target = opts.get("target_metadata")
    if target is None:
        with open(os.path.join(_folder, f"none-{table}.txt"), "w") as out:
            out.write("target_metadata is None\n")
        return
    before = getattr(context, "_devset_tables_before", None)
    if before is not None:
        after = _tables_of(target)
        added = sorted(k for k in after if k not in before)
        changed = sorted(k for k in after if k in before and after[k][1] != before[k][1])
        for key in added:
            md = after[key][0]
            md.remove(md.tables[key[1]])
        if added or changed:
            with open(os.path.join(_folder, f"revisions-added-{table}.txt"), "w") as out:
                for key in added:
                    out.write(f"table taken out: {key[1]}\n")
                for key in changed:
                    out.write(f"columns changed, kept: {key[1]}\n")
    diffs = compare_metadata(context, target)
    items = sorted((cm.to_item(d) for d in cm.flatten(diffs)), key=cm.sort_key)
    with open(os.path.join(_folder, f"drift-{table}.json"), "w") as out:
        json.dump({"format": "drift/1", "drift": items}, out, indent=2, sort_keys=True)

    admin = os.environ["DRIFTLOCK_DEVSET_ADMIN"]
    name = f"devset_models_{secrets.token_hex(4)}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    with admin_engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
    url = make_url(admin).set(database=name)
    try:
        try:
            with contextlib.redirect_stdout(sys.stderr):
                ca.create_all(url, metadatas(target), [])
        except Exception as error:
            path = os.path.join(_folder, f"create_all-fails-{table}.txt")
            with open(path, "w") as out:
                out.write(f"{type(error).__name__}: {str(error).splitlines()[0]}\n")
            return
        engine = create_engine(url, poolclass=pool.NullPool)
        with engine.connect() as conn:
            schema = dump_schema.dump(conn.connection.dbapi_connection, [])
        engine.dispose()
    finally:
        with admin_engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin_engine.dispose()
    with open(os.path.join(_folder, f"models-{table}.json"), "w") as out:
        out.write(dump_schema.to_json(schema))


if _folder:
    try:
        from alembic.runtime.environment import EnvironmentContext
        from alembic.runtime.migration import MigrationContext

        _original = EnvironmentContext.run_migrations
        _original_context = MigrationContext.run_migrations
        # How deep the calls of EnvironmentContext.run_migrations are: a MigrationContext run
        # inside one is captured by it.
        _in_env = [0]

        def run_migrations(self, **kw):
            context = self.get_context()
            try:
                # Every revision file imported first, as `alembic check` does before it
                # compares (it asks the script directory for the heads): tables a revision's
                # imports add to the metadata are the models', not added while a revision ran.
                self.script.revision_map.heads
            except Exception:
                pass
            try:
                context._devset_tables_before = _tables_of(context.opts.get("target_metadata"))
            except Exception:
                pass
            _in_env[0] += 1
            try:
                result = _original(self, **kw)
            finally:
                _in_env[0] -= 1
            if not self.is_offline_mode():
                if os.environ.get("DRIFTLOCK_DEVSET_CAPTURE_AT_EXIT"):
                    _capture_at_exit(self)
                else:
                    _capture(self)
            return result

        def context_run_migrations(self, **kw):
            if _in_env[0]:
                return _original_context(self, **kw)
            try:
                self._devset_tables_before = _tables_of(self.opts.get("target_metadata"))
            except Exception:
                pass
            result = _original_context(self, **kw)
            if not self.as_sql:
                if os.environ.get("DRIFTLOCK_DEVSET_CAPTURE_AT_EXIT"):
                    _capture_context_at_exit(self)
                else:
                    _compare(self)
            return result

        EnvironmentContext.run_migrations = run_migrations
        MigrationContext.run_migrations = context_run_migrations
    except Exception:  # alembic not importable in this process
        pass
