"""The deployment's settings: the INI file HARBOR_CONFIG names (else /etc/harbor/harbor.cfg),
read once, when this module is imported."""
import configparser
import os

_parser = configparser.ConfigParser()
_parser.read(os.environ.get("HARBOR_CONFIG", "/etc/harbor/harbor.cfg"))


def has_option(section, option):
    return _parser.has_option(section, option)


def get(section, option):
    return _parser.get(section, option)
