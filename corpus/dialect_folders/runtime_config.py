"""What env.py does at run time, for the scripts that read the revision graph without running
env.py: a PostgreSQL database gets the history in versions/postgresql/ (env.py sets
`context.script.version_locations` from the connection's dialect name)."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def configure(config):
    config.set_main_option(
        "version_locations", os.path.join(HERE, "migrations", "versions", "postgresql")
    )
