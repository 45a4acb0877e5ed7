"""What this project's migrate command does besides running Alembic: the application starts
for one site (`atlas.manage.start`), which env.py, the revisions and the models read. The
oracle scripts call `configure(config)` before Alembic loads anything of the project."""


def configure(config):
    from atlas.manage import start

    start("north")
