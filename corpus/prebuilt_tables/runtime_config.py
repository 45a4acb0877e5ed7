"""What this project's own migrate command (shelf/db.py, `migrate`) does besides running
Alembic: before the first revision, it creates every table its models declare. The oracle
scripts call `prepare(url)` on a new database before they run Alembic."""


def prepare(url):
    from shelf.db import create_tables

    create_tables(url)
