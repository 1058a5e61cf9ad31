"""Revision 0003: ``crawl_runs.site`` is added without touching existing runs, and removed again
on downgrade, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, make_engine, upgrade_database
from newscrawl.db.migrate import (
    alembic_config,
    current_revision,
    migration_engine,
    schema_differences,
)
from tests.dbhelpers import T0, rows


def migrate(engine: sa.Engine, direction: str, revision: str) -> None:
    """Run an Alembic upgrade or downgrade the way ``alembic``/``newscrawl db`` do: in one
    transaction of a migration engine (``BEGIN IMMEDIATE`` on SQLite, so DDL is atomic too)."""
    from alembic import command as alembic_command

    migrations = migration_engine(engine.url)
    try:
        with migrations.connect() as connection, connection.begin():
            getattr(alembic_command, direction)(alembic_config(connection), revision)
    finally:
        migrations.dispose()


def run_columns(engine: sa.Engine) -> list[str]:
    return [column["name"] for column in sa.inspect(engine).get_columns("crawl_runs")]


@pytest.fixture
def bare_engine(db_url: str) -> Iterator[sa.Engine]:
    """An engine on a fresh database with no schema yet."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def record_run_at_0002(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO crawl_runs (id, spider, started_at, status, stats) "
                "VALUES (1, 'news', :t, 'finished', '{}')"
            ),
            {"t": T0},
        )


def test_upgrade_from_0002_adds_a_null_site_and_keeps_the_runs(bare_engine: sa.Engine) -> None:
    migrate(bare_engine, "upgrade", "0002")
    record_run_at_0002(bare_engine)

    upgrade_database(bare_engine)

    assert current_revision(bare_engine) == "0003"
    assert schema_differences(bare_engine) == []
    assert rows(bare_engine, "SELECT id, spider, status, site FROM crawl_runs") == [
        (1, "news", "finished", None)
    ]


def test_downgrade_to_0002_drops_the_column_and_keeps_the_runs(bare_engine: sa.Engine) -> None:
    upgrade_database(bare_engine)
    ArticleStore(bare_engine).start_run("news", started_at=T0, site="ledger")

    migrate(bare_engine, "downgrade", "0002")

    assert current_revision(bare_engine) == "0002"
    assert "site" not in run_columns(bare_engine)
    assert "ix_crawl_runs_started_at" in {
        index["name"] for index in sa.inspect(bare_engine).get_indexes("crawl_runs")
    }
    assert rows(bare_engine, "SELECT spider, status FROM crawl_runs") == [("news", "running")]

    upgrade_database(bare_engine)

    assert schema_differences(bare_engine) == []
    assert rows(bare_engine, "SELECT spider, site FROM crawl_runs") == [("news", None)]


def test_refused_sqlite_downgrade_past_0002_leaves_0003_intact(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade_database(engine)
        ArticleStore(engine).start_run("news", started_at=T0, site="ledger")

        # 0003's downgrade (a table rebuild) runs first, then 0002's refuses: the one
        # transaction undoes both, leaving no half-rebuilt crawl_runs behind.
        with pytest.raises(NotImplementedError, match="restore a backup"):
            migrate(engine, "downgrade", "0001")

        assert current_revision(engine) == "0003"
        assert schema_differences(engine) == []
        assert rows(engine, "SELECT spider, site FROM crawl_runs") == [("news", "ledger")]
    finally:
        engine.dispose()
