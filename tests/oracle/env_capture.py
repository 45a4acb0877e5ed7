"""Run a project's env.py the way Alembic does, and capture what it passes to
`context.configure(...)` (target_metadata, include_schemas, include_object, include_name,
version_table, ...) instead of, or besides, migrating.

Used by create_all.py and compare_metadata.py. The env.py runs online against the database
of the Config's `sqlalchemy.url` (migrate.project_config points it there), exactly as
`alembic upgrade` or `alembic check` would run it: same module loading (ScriptDirectory.run_env,
prepend_sys_path applied by the Config), same EnvironmentContext, and, for Flask-Migrate
projects, inside the application context the caller has pushed. `fn` is the "work function"
Alembic hands to context.run_migrations(): it gets (heads, MigrationContext) and returns the
migration steps to run, here always none.
"""
import contextlib
import inspect
import sys

from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory


class NoTargetMetadata(Exception):
    """The project's env.py passes no target_metadata (None): there are no models to read."""


def run_env(cfg, fn=None, force=None, **context_kwargs):
    """Run env.py with `fn` as the work function; returns the keyword arguments of the last
    `context.configure()` call (positional ones bound to their names), as env.py passed them.
    `force` overrides configure arguments before Alembic sees them: a dict, e.g.
    {"compare_type": True}, or a function of the captured arguments returning one. `context_kwargs` go to EnvironmentContext (e.g. dont_mutate=True:
    no version table is created)."""
    script = ScriptDirectory.from_config(cfg)

    def load_revisions(heads, context):
        # Alembic imports every revision file (its revision map) before it migrates or
        # compares: the modules they import declare their models on the metadata too.
        try:
            script.revision_map.heads
        except Exception:  # a broken graph: Alembic would stop; the models are still read
            pass
        return []

    env = EnvironmentContext(cfg, script, fn=fn or load_revisions, **context_kwargs)
    captured = {}
    original = env.configure
    signature = inspect.signature(original)

    def configure(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        captured.clear()
        for key, value in bound.arguments.items():
            if key == "kw":  # **kw of configure(): extra options, flattened
                captured.update(value)
            else:
                captured[key] = value
        if force:
            kwargs.update(force(dict(captured)) if callable(force) else force)
        return original(*args, **kwargs)

    # EnvironmentContext.__enter__ installs the `alembic.context` proxy functions from
    # getattr(self, name): an instance attribute replaces the method for this run only.
    env.configure = configure
    with env:
        with contextlib.redirect_stdout(sys.stderr):
            script.run_env()
    if not captured:
        raise SystemExit("the project's env.py never called context.configure()")
    return captured


def metadatas(target_metadata):
    """target_metadata as a list of MetaData (it may be one MetaData or a sequence)."""
    if target_metadata is None:
        raise NoTargetMetadata()
    if isinstance(target_metadata, (list, tuple)):
        return list(target_metadata)
    return [target_metadata]
