"""What this plugin's migrate command does besides running its own Alembic history: the host
application's history (host/alembic.ini) is upgraded first, on the same database. The oracle
scripts call `prepare(url)` on a new database before they run Alembic."""
import os

from alembic import command
from alembic.config import Config


def prepare(url):
    here = os.path.dirname(os.path.abspath(__file__))
    cfg = Config(os.path.join(here, "host", "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "heads")
