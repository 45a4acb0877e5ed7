"""Print, as JSON, the revision graph real Alembic builds for an Alembic project.

Usage: python alembic_history.py PROJECT_DIR [SCRIPT_LOCATION]

The configuration is found the way Alembic's own command line and Flask-Migrate find it:
alembic.ini (with pyproject.toml beside it when present), pyproject.toml [tool.alembic] alone,
or Flask-Migrate's migrations/alembic.ini whose script_location is set by the program.
Alembic resolves relative paths against the working directory, so this runs inside PROJECT_DIR.
SCRIPT_LOCATION, when given, overrides the configured one (as packaged projects do in code).
"""
import importlib.util
import json
import os
import sys
import warnings

from alembic.config import Config
from alembic.script import ScriptDirectory


def find_config(project):
    """The project's Config as Alembic's command line finds it (run inside PROJECT_DIR);
    None for the Flask-Migrate layout, whose configuration the application supplies.
    A project whose own migrate command changes the Config in code (version_locations set at
    run time) has `runtime_config.py` beside its alembic.ini: its `configure(config)` runs."""
    os.chdir(project)
    toml = "pyproject.toml" if os.path.exists("pyproject.toml") else None
    if os.path.exists("alembic.ini"):
        cfg = Config("alembic.ini", toml_file=toml)
    elif toml:
        cfg = Config(toml_file=toml)
    elif os.path.exists(os.path.join("migrations", "alembic.ini")):
        return None
    else:
        raise SystemExit(f"no Alembic configuration in {project}")
    configure = runtime_hook("configure")
    if configure is not None:
        configure(cfg)
    return cfg


def runtime_hook(name):
    """Function `name` of the project's `runtime_config.py` (run inside PROJECT_DIR): what
    its own migrate command does besides Alembic (`configure(config)`: the Config changed in
    code; `prepare(url)`: tables the application creates before the first revision). None
    when the project has no such file or function."""
    if not os.path.exists("runtime_config.py"):
        return None
    spec = importlib.util.spec_from_file_location("runtime_config", "runtime_config.py")
    module = importlib.util.module_from_spec(spec)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    spec.loader.exec_module(module)
    return getattr(module, name, None)


def load_config(project):
    """find_config, with Flask-Migrate's script_location filled in as Flask-Migrate does."""
    cfg = find_config(project)
    if cfg is None:
        cfg = Config(os.path.join("migrations", "alembic.ini"))
        cfg.set_main_option("script_location", "migrations")
        # The `flask` command puts the application's folder on the path first: revisions
        # may import the application's modules.
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
    return cfg


def graph(script, caught):
    """The revision graph of `script` (an Alembic ScriptDirectory) and the warnings `caught`
    while loading it, as this script prints them."""
    revisions = list(script.walk_revisions("base", "heads"))
    return {
        "heads": sorted(script.get_heads()),
        "bases": sorted(script.get_bases()),
        "revisions": {
            rev.revision: {
                "down_revision": sorted(rev._versioned_down_revisions),
                "depends_on": sorted(rev._resolved_dependencies),
                "branch_labels": sorted(rev._orig_branch_labels),
                "doc": rev.doc or None,
            }
            for rev in revisions
        },
        "warnings": [str(w.message) for w in caught],
        "upgrade_order": upgrade_order(script),
    }


def upgrade_order(script):
    """The revisions `alembic upgrade heads` applies on an empty database, in order (what
    `command.upgrade` runs: the script directory's upgrade steps from no revision); None when
    Alembic cannot order them."""
    try:
        return [step.revision.revision for step in script._upgrade_revs("heads", ())]
    except Exception:  # a history Alembic refuses to upgrade
        return None


def main():
    cfg = load_config(sys.argv[1])
    if len(sys.argv) > 2:
        cfg.set_main_option("script_location", os.path.abspath(sys.argv[2]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        script = ScriptDirectory.from_config(cfg)
        doc = graph(script, caught)
    print(json.dumps(doc, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
