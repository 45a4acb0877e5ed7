"""Print, as JSON, the revision graph real Alembic builds from a project's own Alembic setup.

usage: alembic_graph.py (--ini FILE [--section NAME] | --exec CODE)
                        [--script-location DIR] [--set KEY=VALUE]...

Run with the project's venv, so that --exec can import the project. The Config is what
the project's migrate command hands Alembic: an ini file (with `-n`'s section), or the
Config that Python code calling the project's own function leaves in `cfg` (e.g. a function
that fills in `version_locations` in code); --script-location and --set override options as packaged projects do in code. The
output has the shape of tests/oracle/alembic_history.py's: heads, bases, and per revision
its down_revision, depends_on, branch_labels and doc.
"""
import argparse
import json
import os
import sys
import warnings

from alembic.config import Config
from alembic.script import ScriptDirectory

# The same reading of the graph as the oracle tests.
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "oracle"))
from alembic_history import graph  # noqa: E402


def build_config(args):
    if args.exec:
        scope = {}
        exec(args.exec, scope)
        cfg = scope["cfg"]
    else:
        cfg = Config(os.path.abspath(args.ini), ini_section=args.section or "alembic")
    if args.script_location:
        cfg.set_main_option("script_location", os.path.abspath(args.script_location))
    for item in args.set:
        key, _, value = item.partition("=")
        cfg.set_main_option(key, value)
    return cfg


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ini")
    parser.add_argument("--section")
    parser.add_argument("--exec")
    parser.add_argument("--script-location")
    parser.add_argument("--set", action="append", default=[])
    args = parser.parse_args()
    if not (args.ini or args.exec):
        parser.error("--ini or --exec")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        script = ScriptDirectory.from_config(build_config(args))
        doc = graph(script, caught)
    doc["version_locations"] = script.version_locations
    json.dump(doc, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
