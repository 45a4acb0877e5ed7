"""Imports every module of the package, whatever its name: the application's models are all
the modules here, and no list names them."""
import importlib
import pkgutil

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")
