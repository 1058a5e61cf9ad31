"""Database URLs and engines: precedence, masking, SQLite pragmas, PostgreSQL pooling."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

import newscrawl.db.engine as engine_module
from newscrawl.db import ArticleStore, make_engine, resolve_database_url, upgrade_database
from newscrawl.db.engine import UnsupportedDatabaseError, masked
from newscrawl.db.types import UTCDateTime
from tests.dbhelpers import T0, article, count


def test_explicit_url_wins(monkeypatch) -> None:
    monkeypatch.setenv("NEWSCRAWL_DATABASE_URL", "sqlite:///from-env.db")

    assert resolve_database_url("sqlite:///explicit.db") == "sqlite:///explicit.db"


def test_environment_wins_over_the_default(monkeypatch) -> None:
    monkeypatch.setenv("NEWSCRAWL_DATABASE_URL", "sqlite:///from-env.db")

    assert resolve_database_url() == "sqlite:///from-env.db"


def test_default_is_a_local_sqlite_file(monkeypatch) -> None:
    monkeypatch.delenv("NEWSCRAWL_DATABASE_URL", raising=False)

    assert resolve_database_url(None) == "sqlite:///newscrawl.db"


def test_masked_hides_the_password() -> None:
    shown = masked("postgresql+psycopg://crawler:s3cret@db.example:5432/news")

    assert shown == "postgresql+psycopg://crawler:***@db.example:5432/news"


def test_masked_hides_the_password_of_a_url_with_a_bad_port() -> None:
    shown = masked("postgresql://crawler:s3cret@db.example:notaport/news")
    assert "s3cret" not in shown


def test_sqlite_engine_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'deep' / 'er' / 'news.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()

    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30000}
    assert (tmp_path / "deep" / "er" / "news.db").exists()


def test_postgresql_engine_checks_connections_before_use(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
        assert engine.pool._pre_ping  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def test_postgres_scheme_alias_is_accepted() -> None:
    engine = make_engine("postgres://crawler@127.0.0.1:5432/news")

    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
    engine.dispose()


def test_other_databases_are_refused_with_a_clear_message() -> None:
    with pytest.raises(UnsupportedDatabaseError, match="sqlite or postgresql"):
        make_engine("mysql://user:pw@localhost/news")


def test_in_memory_sqlite_is_shared_with_the_writer_thread() -> None:
    engine = make_engine("sqlite://")
    upgrade_database(engine)
    store = ArticleStore(engine)
    writer = threading.Thread(target=store.save_batch, args=([article("a")], T0))
    writer.start()
    writer.join()

    assert count(engine, "articles") == 1
    engine.dispose()


def test_utc_type_converts_offsets_for_every_dialect() -> None:
    from datetime import datetime, timedelta, timezone

    from sqlalchemy.dialects import postgresql, sqlite

    cet = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=1)))
    column_type = UTCDateTime()

    stored_sqlite = column_type.process_bind_param(cet, sqlite.dialect())
    stored_postgresql = column_type.process_bind_param(cet, postgresql.dialect())

    assert stored_sqlite == datetime(2026, 1, 1, 11)  # naive UTC: SQLite keeps no offset
    assert stored_postgresql == datetime(2026, 1, 1, 11, tzinfo=timezone.utc)
    assert column_type.process_result_value(stored_sqlite, sqlite.dialect()) == cet


class _BusyCursor:
    """A cursor whose first ``busy`` executions fail as SQLite does when another process is
    switching a new database to WAL at the same moment."""

    def __init__(self, busy: int, message: str = "database is locked") -> None:
        self.busy = busy
        self.message = message
        self.calls = 0

    def execute(self, statement: str) -> None:
        self.calls += 1
        if self.calls <= self.busy:
            raise sqlite3.OperationalError(self.message)


def test_switching_to_wal_is_retried_while_another_process_holds_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "WAL_RETRY_PAUSE_S", 0)
    cursor = _BusyCursor(busy=3)
    engine_module._enable_wal(cursor)
    assert cursor.calls == 4


def test_other_errors_switching_to_wal_are_raised_at_once() -> None:
    cursor = _BusyCursor(busy=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        engine_module._enable_wal(cursor)
    assert cursor.calls == 1
