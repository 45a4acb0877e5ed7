"""What this project's own migrate command (ledger/migrate.py) does besides running Alembic:
on a new database it applies the checkpoint revision alone and stamps it. The oracle scripts
call `prepare(url)` on a new database before they run Alembic."""


def prepare(url):
    from ledger.migrate import apply_checkpoint

    apply_checkpoint(url)
