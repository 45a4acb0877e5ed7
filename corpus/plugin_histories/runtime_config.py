"""What this project's own migrate command does to Alembic's Config before it runs: the
application loads its plugins (installed packages, here under plugins/), hands Alembic the
metadata their models declare, and sets version_locations to each plugin's migrations/
folder; alembic.ini names none of them."""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGINS = ["tags_plugin", "notes_plugin"]


def configure(config):
    plugins = os.path.join(HERE, "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from hostapp.orm import Model

    folders = []
    for name in PLUGINS:
        importlib.import_module(f"{name}.models")
        folders.append(os.path.join(plugins, name, "migrations"))
    config.attributes["metadata"] = Model.metadata
    config.set_main_option("version_locations", os.pathsep.join(folders))
