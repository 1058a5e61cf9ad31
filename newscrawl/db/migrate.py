"""Schema migrations: Alembic run from Python, safe when several crawlers start at once.

Every crawl calls :func:`upgrade_database` before writing. Two processes doing so at the same
moment on a fresh database must not both try to create the tables, so the whole upgrade runs in
one transaction that first takes a database-wide lock: ``pg_advisory_xact_lock`` on PostgreSQL,
``BEGIN IMMEDIATE`` (the write lock) on SQLite. The second process waits, then finds the schema
at head and does nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import URL

from newscrawl.db.engine import is_memory_sqlite, make_engine, masked
from newscrawl.db.models import metadata

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions, under _quiet_alembic(): importing it logs a line
# per autogenerate plugin at INFO, which would otherwise open every crawl's log.

log = logging.getLogger(__name__)

# "package:directory" form, so the migrations are found wherever newscrawl is installed.
MIGRATIONS_LOCATION = "newscrawl.db:migrations"
# Arbitrary constant naming newscrawl's migration lock among PostgreSQL advisory locks.
POSTGRES_MIGRATION_LOCK_KEY = 0x6E657773_6372_6177 & 0x7FFF_FFFF_FFFF_FFFF
# Alembic keeps its running environment in process-wide proxies (``alembic.context``), so two
# threads of one process must not run migrations at the same time, whatever the database.
_ALEMBIC_IN_USE = threading.Lock()


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic ``Config`` for newscrawl's migrations, optionally bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS_LOCATION)
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def context_options(connection: sa.Connection) -> dict[str, Any]:
    """Options for ``MigrationContext``/``EnvironmentContext.configure``, shared by the
    migrations' ``env.py`` and :func:`schema_differences` so both compare the same way."""
    return {
        "target_metadata": metadata,
        "compare_type": True,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        "render_as_batch": connection.dialect.name == "sqlite",
    }


def lock_for_migration(connection: sa.Connection) -> None:
    """Serialise concurrent upgrades; call inside the migration transaction.

    On SQLite the migration engine already began with ``BEGIN IMMEDIATE``, which is the lock.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_MIGRATION_LOCK_KEY}
        )


def migration_engine(url: str | URL) -> sa.Engine:
    """An engine for running migrations: no pool, and on SQLite transactions that take the
    write lock up front (``BEGIN IMMEDIATE``) so that the version check and the DDL are atomic."""
    engine = make_engine(url)
    if engine.dialect.name != "sqlite" or is_memory_sqlite(engine.url):
        return engine
    sa.event.listen(engine, "connect", _sqlite_manual_transactions)
    sa.event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_manual_transactions(dbapi_connection: Any, _record: Any) -> None:
    # Stop pysqlite from issuing its own deferred BEGIN; the "begin" hook below does it.
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Hide Alembic's INFO chatter ("Context impl SQLiteImpl." …) that would otherwise open every
    crawl; our own INFO line says what changed. With debug logging on, Alembic speaks as usual."""
    alembic_log = logging.getLogger("alembic")
    if alembic_log.getEffectiveLevel() < logging.INFO:
        yield
        return
    previous = alembic_log.level
    alembic_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        alembic_log.setLevel(previous)


@contextmanager
def _migration_connection(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One connection in one transaction for a whole migration run."""
    if is_memory_sqlite(engine.url):
        # Only this engine's single shared connection can see an in-memory database.
        with engine.connect() as connection, connection.begin():
            yield connection
        return
    private = migration_engine(engine.url)
    try:
        with private.connect() as connection, connection.begin():
            yield connection
    finally:
        private.dispose()


def upgrade_database(engine: sa.Engine) -> None:
    """Bring the schema of ``engine``'s database to the newest migration (Alembic ``upgrade head``).

    Idempotent and cheap when the schema is current, so it is safe to call at every crawl start,
    also from several processes at once.
    """
    with _ALEMBIC_IN_USE, _quiet_alembic(), _migration_connection(engine) as connection:
        from alembic import command

        lock_for_migration(connection)
        before = _current_revision(connection)
        command.upgrade(alembic_config(connection), "head")
        after = _current_revision(connection)
    if before != after:
        log.info("database %s upgraded from %s to %s", masked(engine.url), before or "empty", after)
    else:
        log.debug("database %s is at revision %s", masked(engine.url), after)


def current_revision(engine: sa.Engine) -> str | None:
    """The database's current schema revision, ``None`` for a database without newscrawl tables."""
    with _quiet_alembic(), engine.connect() as connection:
        return _current_revision(connection)


def _current_revision(connection: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision among the migrations shipped with newscrawl."""
    with _quiet_alembic():
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_differences(engine: sa.Engine) -> list[Any]:
    """Differences between the models and the database's schema, as Alembic diff tuples.

    Empty when the migrations (applied to this database) produce exactly what the models
    describe. Run it on a database upgraded to head to check the migrations.
    """
    with _quiet_alembic(), engine.connect() as connection:
        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext

        context = MigrationContext.configure(connection, opts=context_options(connection))
        return list(compare_metadata(context, metadata))
