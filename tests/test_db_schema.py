"""The schema: migrations match the models, upgrades are idempotent, ``newscrawl db`` works."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.db import command, make_engine, upgrade_database
from newscrawl.db.migrate import (
    current_revision,
    head_revision,
    migration_engine,
    schema_differences,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_db_command(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.run(parser.parse_args(argv))


def test_migrations_produce_exactly_the_models(engine: sa.Engine) -> None:
    assert schema_differences(engine) == []


def test_upgrade_is_idempotent(engine: sa.Engine) -> None:
    upgrade_database(engine)
    upgrade_database(engine)

    assert current_revision(engine) == head_revision() == "0003"


def test_schema_has_the_documented_tables_and_keys(engine: sa.Engine) -> None:
    inspector = sa.inspect(engine)

    assert {"articles", "article_urls", "article_versions", "comments", "crawl_runs"} <= set(
        inspector.get_table_names()
    )
    assert inspector.get_pk_constraint("article_urls")["constrained_columns"] == ["url"]
    assert inspector.get_pk_constraint("article_versions")["constrained_columns"] == [
        "article_id",
        "version",
    ]
    unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("comments")}
    assert ("article_id", "dedupe_key") in unique
    indexes = {i["name"] for i in inspector.get_indexes("articles")}
    assert {"ix_articles_site_published_at", "ix_articles_last_changed_at"} <= indexes


def test_timestamps_are_timezone_aware_columns_on_postgresql(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        upgrade_database(engine)
        columns = {c["name"]: c["type"] for c in sa.inspect(engine).get_columns("articles")}
    finally:
        engine.dispose()

    assert columns["published_at"].timezone is True


def test_check_command_passes_on_a_fresh_database(sqlite_url: str, capsys) -> None:
    assert run_db_command("check", "--db", sqlite_url) == 0
    assert "match the models" in capsys.readouterr().out


def test_check_command_fails_when_the_schema_differs(db_url: str, capsys) -> None:
    engine = make_engine(db_url)
    try:
        upgrade_database(engine)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP INDEX ix_articles_last_changed_at"))
    finally:
        engine.dispose()

    assert run_db_command("check", "--db", db_url) == 1
    error = capsys.readouterr().err
    assert "differ" in error and "ix_articles_last_changed_at" in error


def test_current_command_reports_missing_then_newest(sqlite_url: str, capsys) -> None:
    assert run_db_command("current", "--db", sqlite_url) == 0
    assert "no newscrawl schema" in capsys.readouterr().out

    assert run_db_command("upgrade", "--db", sqlite_url) == 0
    assert run_db_command("current", "--db", sqlite_url) == 0
    assert "0003 (newest)" in capsys.readouterr().out


def test_unreachable_database_is_a_clear_error_without_the_password(free_port: int, capsys) -> None:
    url = f"postgresql+psycopg://crawler:hunter2@127.0.0.1:{free_port}/news"

    assert run_db_command("upgrade", "--db", url) == 1
    error = capsys.readouterr().err
    assert "crawler:***@127.0.0.1" in error and "hunter2" not in error


def test_unsupported_database_is_refused(capsys) -> None:
    assert run_db_command("upgrade", "--db", "mysql://user@localhost/news") == 2
    assert "unsupported database" in capsys.readouterr().err


def test_alembic_command_line_uses_the_repository_ini(sqlite_url: str) -> None:
    for alembic_args in (["upgrade", "head"], ["check"]):
        completed = subprocess.run(
            [sys.executable, "-m", "alembic", "-x", f"db={sqlite_url}", *alembic_args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
    engine = make_engine(sqlite_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


@pytest.fixture
def free_port() -> int:
    """A loopback TCP port with nothing listening on it."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def upgrade_to(engine: sa.Engine, revision: str) -> None:
    from alembic import command as alembic_command

    from newscrawl.db.migrate import alembic_config

    with engine.connect() as connection, connection.begin():
        alembic_command.upgrade(alembic_config(connection), revision)


def fill_at_0001(engine: sa.Engine) -> None:
    """One article with its URL, version and comment, written as a 0001 crawler did."""
    stamp = "2026-03-01 12:00:00"
    statements = [
        "INSERT INTO articles (id, url, site, title, authors, body, tags, content_hash, version, "
        "first_seen_at, last_fetched_at, last_changed_at) VALUES (1, 'https://news.example/a', "
        "'news.example', 'Title a', '[]', 'Old body.', '[]', :hash, 1, :t, :t, :t)",
        "INSERT INTO article_urls (url, article_id) VALUES ('https://news.example/a', 1)",
        "INSERT INTO article_versions (article_id, version, title, body, content_hash, fetched_at) "
        "VALUES (1, 1, 'Title a', 'Old body.', :hash, :t)",
        "INSERT INTO comments (id, article_id, dedupe_key, external_id, body, content_hash, "
        "first_seen_at) VALUES (1, 1, 'id:1', '1', 'Hi', :hash, :t)",
    ]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement), {"hash": "0" * 64, "t": stamp})


def test_a_0001_database_with_data_upgrades_and_keeps_its_rows(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade_to(engine, "0001")
        fill_at_0001(engine)

        upgrade_database(engine)

        assert current_revision(engine) == "0003"
        assert schema_differences(engine) == []
        with engine.connect() as connection:
            counted = {
                table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("articles", "article_urls", "article_versions", "comments", "events")
            }
            duplicate = connection.execute(sa.text("SELECT duplicate_of FROM articles")).scalar()
        assert counted == {
            "articles": 1,
            "article_urls": 1,
            "article_versions": 1,
            "comments": 1,
            "events": 0,
        }
        assert duplicate is None
    finally:
        engine.dispose()


def test_old_articles_change_normally_after_the_upgrade(db_url: str) -> None:
    from newscrawl.db import ArticleStore, read_events
    from tests.dbhelpers import T0, article, comment

    engine = make_engine(db_url)
    try:
        upgrade_to(engine, "0001")
        fill_at_0001(engine)
        upgrade_database(engine)

        ArticleStore(engine).save_batch(
            [article("a", body="New body.", comments=[comment("Hi", "1"), comment("Yo", "2")])],
            T0,
        )

        with engine.connect() as connection:
            events = [(e.kind, e.article_id, e.version) for e in read_events(connection)]
        assert events == [("article_updated", 1, 2), ("comment_added", 1, None)]
    finally:
        engine.dispose()


def downgrade_to(engine: sa.Engine, revision: str) -> None:
    from alembic import command as alembic_command

    from newscrawl.db.migrate import alembic_config

    with engine.connect() as connection, connection.begin():
        alembic_command.downgrade(alembic_config(connection), revision)


def test_0002_downgrades_to_0001_on_postgresql(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        upgrade_database(engine)

        downgrade_to(engine, "0001")

        assert current_revision(engine) == "0001"
        inspector = sa.inspect(engine)
        assert "events" not in inspector.get_table_names()
        assert "duplicate_of" not in {c["name"] for c in inspector.get_columns("articles")}
    finally:
        engine.dispose()


def test_0002_downgrade_is_refused_on_sqlite(sqlite_url: str) -> None:
    # The migration engine makes the whole downgrade one transaction, as `newscrawl db` does:
    # 0003's step down is undone when 0002's is refused.
    engine = migration_engine(sqlite_url)
    try:
        upgrade_database(engine)

        with pytest.raises(NotImplementedError, match="restore a backup"):
            downgrade_to(engine, "0001")

        assert current_revision(engine) == "0003"
    finally:
        engine.dispose()
