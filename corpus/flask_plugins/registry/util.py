import os
from importlib import import_module


def import_models(package="registry.modules"):
    """Imports the models.py of every package under `package`."""
    root = os.path.dirname(import_module(package).__file__)
    for folder, _dirs, files in sorted(os.walk(root)):
        if "models.py" in files:
            relative = os.path.relpath(folder, root).replace(os.sep, ".")
            import_module(f"{package}.{relative}.models")
