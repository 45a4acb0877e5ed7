"""What this project's own migrate command does to Alembic's Config before it runs: the
revisions of each release live in versions/<release>/{expand,contract}/, folders that
alembic.ini does not name; the command adds every one of them to version_locations."""
import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def configure(config):
    versions = os.path.join(HERE, "migrations", "versions")
    folders = [versions] + sorted(glob.glob(os.path.join(versions, "*", "*")))
    config.set_main_option("version_locations", os.pathsep.join(folders))
