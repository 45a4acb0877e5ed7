"""What this project's migrate command does besides running Alembic: the application starts
for one site (`atlas.manage.start`), which env.py, the revisions and the models read. The
oracle scripts call `configure(config)`, which also sets an option on Alembic's Config, before Alembic loads anything of the project."""


def configure(config):
    from atlas.manage import start

    start("north")
    # What the command sets on Alembic's Config in code: env.py passes it to the revisions.
    config.set_main_option("atlas.archive_suffix", "_archive")
