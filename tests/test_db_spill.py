"""The spill file and ``newscrawl replay``: durable JSON lines that load back exactly."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, BatchResult, make_engine, replay_command, replay_spill
from newscrawl.db.models import articles
from newscrawl.db.rows import FetchedArticle
from newscrawl.db.spill import (
    SpillReadReport,
    append_spill,
    iter_spill,
    replay_spill_with_report,
)
from newscrawl.items import article_from_json_dict
from tests.dbhelpers import T0, article, comment, count

EDT = timezone(timedelta(hours=-4))


def run_replay(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    replay_command.add_arguments(parser)
    return replay_command.run(parser.parse_args(argv))


@pytest.fixture
def spill_file(tmp_path: Path) -> Path:
    """A spill file with two articles, one of them with a threaded comment pair."""
    path = tmp_path / "spill.jsonl"
    thread = [
        comment("Top", "1", author="Ann", posted_at=datetime(2026, 2, 1, 8, tzinfo=EDT)),
        comment("Reply", "2", parent_id="1"),
    ]
    append_spill(path, [FetchedArticle(article("a", comments=thread), T0)])
    append_spill(path, [FetchedArticle(article("b"), T0 + timedelta(minutes=5))])
    return path


def test_each_line_is_one_article_with_its_fetch_time(spill_file: Path) -> None:
    lines = spill_file.read_text(encoding="utf-8").splitlines()

    assert len(lines) == 2
    data = json.loads(lines[0])
    assert data.pop("_fetched_at") == T0.isoformat()
    assert article_from_json_dict(data).url == "https://news.example/a"


def test_spilled_articles_read_back_equal(spill_file: Path) -> None:
    report = SpillReadReport()

    entries = list(iter_spill(spill_file, report))

    assert entries[0] == FetchedArticle(
        article(
            "a",
            comments=[
                comment("Top", "1", author="Ann", posted_at=datetime(2026, 2, 1, 8, tzinfo=EDT)),
                comment("Reply", "2", parent_id="1"),
            ],
        ),
        T0,
    )
    assert entries[0].article.comments[0].posted_at.utcoffset() == timedelta(hours=-4)
    assert (report.articles, report.bad_lines) == (2, 0)


def test_replay_stores_articles_comments_and_fetch_times(
    spill_file: Path, store: ArticleStore, engine
) -> None:
    result = replay_spill(spill_file, store)

    assert result == BatchResult(articles_created=2, comments_added=2)
    with engine.connect() as connection:
        stored = {r.url: r for r in connection.execute(articles.select())}
    assert stored["https://news.example/a"].first_seen_at == T0
    assert stored["https://news.example/b"].last_fetched_at == T0 + timedelta(minutes=5)


def test_replaying_twice_stores_nothing_twice(
    spill_file: Path, store: ArticleStore, engine
) -> None:
    replay_spill(spill_file, store)

    again = replay_spill(spill_file, store)

    assert again == BatchResult(articles_unchanged=2)
    assert (count(engine, "articles"), count(engine, "comments")) == (2, 2)


def test_bad_and_truncated_lines_are_skipped_and_counted(
    spill_file: Path, store: ArticleStore, engine, caplog
) -> None:
    good = spill_file.read_text(encoding="utf-8")
    spill_file.write_text(
        "not json\n" + good + '{"url": "https://news.example/x", "unknown": 1}\n' + good[:40],
        encoding="utf-8",
    )
    report = SpillReadReport()

    entries = list(iter_spill(spill_file, report))

    assert (len(entries), report.bad_lines) == (2, 3)
    assert f"{spill_file} line 1 skipped" in caplog.text


def test_replay_command_loads_the_file(spill_file: Path, db_url: str, capsys) -> None:
    assert run_replay(str(spill_file), "--db", db_url) == 0

    assert "replayed 2 article(s)" in capsys.readouterr().out


def test_replay_command_fails_on_unreadable_lines(
    spill_file: Path, sqlite_url: str, capsys
) -> None:
    with spill_file.open("a", encoding="utf-8") as handle:
        handle.write("{broken\n")

    assert run_replay(str(spill_file), "--db", sqlite_url) == 1
    captured = capsys.readouterr()
    assert "replayed 2 article(s)" in captured.out
    assert "1 line(s)" in captured.err


def test_replay_command_refuses_a_missing_file(tmp_path: Path, sqlite_url: str, capsys) -> None:
    assert run_replay(str(tmp_path / "nope.jsonl"), "--db", sqlite_url) == 2
    assert "no such file" in capsys.readouterr().err


def test_spill_appends_never_truncate(spill_file: Path) -> None:
    append_spill(spill_file, [FetchedArticle(article("c"), T0)])

    assert len(spill_file.read_text(encoding="utf-8").splitlines()) == 3


class RefusingStore:
    """A real store that raises a data error for any batch holding ``refused_url``."""

    def __init__(self, inner: ArticleStore, refused_url: str) -> None:
        self.inner = inner
        self.database = inner.database
        self.refused_url = refused_url

    def save_fetched(self, entries):
        if any(entry.article.url == self.refused_url for entry in entries):
            raise sa.exc.DataError("INSERT …", {}, ValueError("refused"))
        return self.inner.save_fetched(entries)


def test_one_refused_article_does_not_block_the_rest(
    spill_file: Path, store: ArticleStore, engine
) -> None:
    refusing = RefusingStore(store, "https://news.example/a")

    result, report = replay_spill_with_report(spill_file, refusing)  # type: ignore[arg-type]

    assert result == BatchResult(articles_created=1)
    assert (report.articles, report.refused) == (2, 1)
    assert count(engine, "articles") == 1


def test_an_outage_during_replay_is_raised(spill_file: Path, tmp_path: Path) -> None:
    unreachable = make_engine(f"sqlite:///{tmp_path}")  # a directory: cannot be opened

    with pytest.raises(sa.exc.OperationalError):
        replay_spill(spill_file, ArticleStore(unreachable))
    unreachable.dispose()
