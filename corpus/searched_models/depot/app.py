"""The application: the models module it loads is a setting, as env.py's is."""
import importlib
import os


def models_module():
    return importlib.import_module(os.environ.get("DEPOT_MODELS", "depot.models"))


def load_all():
    importlib.import_module("depot.stock")
    return models_module()
