"""Alembic environment for newscrawl.

Two ways in:
- from :func:`newscrawl.db.upgrade_database` (and ``newscrawl db``), which passes an open
  connection already inside a locked transaction in ``config.attributes["connection"]``;
- from the ``alembic`` command with the repository's ``alembic.ini``, where the database is
  ``-x db=URL``, else ``$NEWSCRAWL_DATABASE_URL``, else ``sqlite:///newscrawl.db``.
Offline (``--sql``) mode is not supported: the upserts need a live database anyway.
"""

from __future__ import annotations

from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context

from newscrawl.db.engine import resolve_database_url
from newscrawl.db.migrate import context_options, lock_for_migration, migration_engine

config = context.config


def run_with(connection: sa.Connection) -> None:
    context.configure(connection=connection, **context_options(connection))
    with context.begin_transaction():
        context.run_migrations()


def run_from_command_line() -> None:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = resolve_database_url(context.get_x_argument(as_dictionary=True).get("db"))
    engine = migration_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            lock_for_migration(connection)
            run_with(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("newscrawl's migrations run online only; drop --sql")

shared_connection = config.attributes.get("connection")
if shared_connection is not None:
    run_with(shared_connection)
else:
    run_from_command_line()
