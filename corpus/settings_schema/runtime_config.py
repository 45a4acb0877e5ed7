"""What this project's deployment gives it besides Alembic's configuration: a settings file
that names the schema of its tables (HARBOR_CONFIG, read by harbor/settings.py). The oracle
scripts call `configure(config)` before Alembic loads anything of the project."""
import os
import tempfile


def configure(config):
    folder = tempfile.mkdtemp(prefix="harbor-")
    path = os.path.join(folder, "harbor.cfg")
    with open(path, "w", encoding="utf-8") as out:
        out.write("[database]\nschema = harbor\n")
    os.environ["HARBOR_CONFIG"] = path
