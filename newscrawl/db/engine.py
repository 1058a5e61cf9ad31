"""Which database, and how to connect to it.

SQLite gets the settings that make it a good single-machine store (write-ahead log so readers
never block the writer, enforced foreign keys, a generous busy timeout so that two processes
writing at once wait instead of failing). PostgreSQL gets a connection pool that checks a
connection before using it, so a server restart costs one reconnect instead of one failed batch.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from newscrawl.urls import mask_url

ENV_VAR = "NEWSCRAWL_DATABASE_URL"
DEFAULT_URL = "sqlite:///newscrawl.db"
SUPPORTED_DIALECTS = ("sqlite", "postgresql")

# How long SQLite waits for another writer's lock before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Pause between tries of switching a new SQLite database to WAL while another process holds it.
WAL_RETRY_PAUSE_S = 0.05
# How long a PostgreSQL connection attempt may take, in seconds: an unreachable server must
# fail fast enough for the writer's retries to mean something.
POSTGRES_CONNECT_TIMEOUT_S = 10


class UnsupportedDatabaseError(ValueError):
    """The URL names a database newscrawl cannot write to (only SQLite and PostgreSQL)."""


def resolve_database_url(url: str | None = None) -> str:
    """Return the database URL to use: ``url`` if given, else ``$NEWSCRAWL_DATABASE_URL``,
    else ``sqlite:///newscrawl.db`` (a file in the working directory)."""
    if url:
        return url
    return os.environ.get(ENV_VAR) or DEFAULT_URL


def masked(url: str | URL) -> str:
    """Render a database URL for logs and messages, with any password replaced by ``***``."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return mask_url(url)


def make_engine(url: str | URL) -> sa.Engine:
    """Create an engine for ``url`` tuned for newscrawl's write pattern.

    Raises :class:`UnsupportedDatabaseError` for databases other than SQLite and PostgreSQL,
    because the upserts are written for those two dialects.
    """
    parsed = _normalise(make_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _make_sqlite_engine(parsed)
    if backend == "postgresql":
        return _make_postgres_engine(parsed)
    raise UnsupportedDatabaseError(
        f"unsupported database {masked(parsed)}: newscrawl stores to "
        f"{' or '.join(SUPPORTED_DIALECTS)} (for example sqlite:///newscrawl.db or "
        "postgresql+psycopg://user@host/dbname)"
    )


def _normalise(url: URL) -> URL:
    """Accept ``postgres://``, the spelling many hosting platforms hand out."""
    if url.drivername in ("postgres", "postgres+psycopg"):
        return url.set(drivername=url.drivername.replace("postgres", "postgresql", 1))
    return url


def is_memory_sqlite(url: URL) -> bool:
    """True for an in-memory SQLite URL (``sqlite://`` or ``sqlite:///:memory:``)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _make_sqlite_engine(url: URL) -> sa.Engine:
    options: dict[str, Any] = {"hide_parameters": True}
    if is_memory_sqlite(url):
        # One shared connection, so that the writer thread sees the same in-memory database.
        options["poolclass"] = sa.pool.StaticPool
        options["connect_args"] = {"check_same_thread": False}
    else:
        _ensure_parent_directory(url)
    engine = sa.create_engine(url, **options)
    sa.event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _make_postgres_engine(url: URL) -> sa.Engine:
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        # Recycle connections now and then so that server-side idle limits never bite.
        pool_recycle=1800,
        # Statement parameters are article bodies: too big for logs, and possibly private.
        hide_parameters=True,
        connect_args=connect_args,
    )


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _enable_wal(cursor)
        # With WAL, NORMAL is durable against application crashes and much faster than FULL.
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _enable_wal(cursor: Any) -> None:
    """Switch the database to the write-ahead log (a no-op once any connection has: the mode is
    kept in the file). Several processes opening a new database at once race for the lock this
    needs, and SQLite may answer "database is locked" at once instead of calling the busy
    handler, so the switch is retried for up to the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY_PAUSE_S)


def _ensure_parent_directory(url: URL) -> None:
    """Create the directory of a SQLite file so ``sqlite:///data/news.db`` just works."""
    database = url.database or ""
    if database.startswith("file:"):
        return  # a SQLite URI: leave it to SQLite
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
