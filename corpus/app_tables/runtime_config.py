"""What this project's own migrate command (tracker/db.py, `migrate`) does besides running
Alembic: before the first revision, it creates the initial tables itself. The oracle scripts
call `prepare(url)` on a new database before they run Alembic."""


def prepare(url):
    from tracker.db import create_initial_tables

    create_initial_tables(url)
