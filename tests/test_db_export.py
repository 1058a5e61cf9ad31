"""``newscrawl export``: the change feed as JSON lines or CSV, with a cursor for the next poll."""

from __future__ import annotations

import argparse
import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from newscrawl.db import ArticleStore, export_command, make_engine
from tests.dbhelpers import T0, article, comment


def run_export(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    export_command.add_arguments(parser)
    return export_command.run(parser.parse_args(argv))


@pytest.fixture
def filled(store: ArticleStore, db_url: str) -> str:
    """A database with 4 events: a created, b created, a's comment, a updated."""
    store.save_batch([article("a"), article("b")], T0)
    store.save_batch([article("a", comments=[comment("First!", "7", author="Ann")])], T0)
    store.save_batch([article("a", body="Corrected text.")], T0 + timedelta(hours=1))
    return db_url


def test_jsonl_prints_one_record_per_event_and_the_cursor(filled: str, capsys) -> None:
    assert run_export("--since-event", "0", "--db", filled) == 0

    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["kind"], r["url"], r["version"]) for r in records] == [
        ("article_created", "https://news.example/a", 1),
        ("article_created", "https://news.example/b", 1),
        ("comment_added", "https://news.example/a", None),
        ("article_updated", "https://news.example/a", 2),
    ]
    assert records[2]["comment_author"] == "Ann" and records[2]["comment_body"] == "First!"
    assert records[3]["body"] == "Corrected text."
    assert records[3]["fetched_at"] == (T0 + timedelta(hours=1)).isoformat()
    assert f"next cursor: {records[-1]['id']}" in err


def test_since_event_and_limit_page_through_the_feed(filled: str, capsys) -> None:
    run_export("--db", filled)
    ids = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]

    assert run_export("--since-event", str(ids[0]), "--limit", "2", "--db", filled) == 0

    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ids[1:3]
    assert f"next cursor: {ids[2]}" in err


def test_csv_has_a_header_and_one_row_per_event(filled: str, capsys) -> None:
    assert run_export("--format", "csv", "--db", filled) == 0

    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["kind"] for row in table] == [
        "article_created",
        "article_created",
        "comment_added",
        "article_updated",
    ]
    assert table[2]["comment_external_id"] == "7" and table[2]["version"] == ""
    assert "\n" in table[0]["body"]  # multi-line bodies survive the quoting


def test_cursor_file_is_read_and_advanced(
    filled: str, store: ArticleStore, tmp_path: Path, capsys
) -> None:
    cursor_file = tmp_path / "feed.cursor"

    run_export("--cursor-file", str(cursor_file), "--db", filled)
    first = capsys.readouterr().out.splitlines()
    store.save_batch([article("c")], T0)
    run_export("--cursor-file", str(cursor_file), "--db", filled)
    second = capsys.readouterr().out.splitlines()
    run_export("--cursor-file", str(cursor_file), "--db", filled)
    third, err = capsys.readouterr()

    assert len(first) == 4
    assert [json.loads(line)["url"] for line in second] == ["https://news.example/c"]
    assert third == "" and "0 event(s)" in err
    assert int(cursor_file.read_text()) == json.loads(second[0])["id"]


def test_bad_cursor_file_is_a_clear_error(sqlite_url: str, tmp_path: Path, capsys) -> None:
    cursor_file = tmp_path / "feed.cursor"
    cursor_file.write_text("yesterday")

    assert run_export("--cursor-file", str(cursor_file), "--db", sqlite_url) == 2
    assert "does not hold an event id" in capsys.readouterr().err


def test_negative_since_event_is_refused(sqlite_url: str, capsys) -> None:
    assert run_export("--since-event", "-1", "--db", sqlite_url) == 2
    assert "must not be negative" in capsys.readouterr().err


def test_database_without_events_table_says_to_upgrade(sqlite_url: str, capsys) -> None:
    make_engine(sqlite_url).dispose()

    assert run_export("--db", sqlite_url) == 1
    assert "newscrawl db upgrade" in capsys.readouterr().err
