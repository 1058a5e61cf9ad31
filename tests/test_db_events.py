"""The change feed: exactly one event per created article, new version and added comment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, last_event_id, make_engine, read_events, replay_spill
from newscrawl.db.rows import FetchedArticle
from newscrawl.db.spill import append_spill
from tests.dbhelpers import T0, article, at_once, comment, count


def feed(engine: sa.Engine, after: int = 0) -> list[tuple]:
    """(kind, url, version, comment external id) of each event after ``after``, in id order."""
    with engine.connect() as connection:
        return [
            (e.kind, e.url.rsplit("/", 1)[-1], e.version, e.comment_external_id)
            for e in read_events(connection, after)
        ]


def cursor(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return last_event_id(connection)


def test_new_article_and_its_comments_are_events(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", comments=[comment("Hi", "1"), comment("Yo", "2")])], T0)

    assert feed(engine) == [
        ("article_created", "a", 1, None),
        ("comment_added", "a", None, "1"),
        ("comment_added", "a", None, "2"),
    ]


def test_unchanged_resave_writes_no_event(store: ArticleStore, engine) -> None:
    item = article("a", comments=[comment("Hi", "1")])
    store.save_batch([item], T0)
    before = cursor(engine)

    store.save_batch([item], T0 + timedelta(hours=1))
    store.save_batch(
        [article("a", body=item.body + "  ", comments=[comment("Hi", "1")])],
        T0 + timedelta(hours=2),
    )

    assert feed(engine, before) == []


def test_edit_and_new_comment_are_one_event_each(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", comments=[comment("Hi", "1")])], T0)
    before = cursor(engine)

    store.save_batch(
        [article("a", body="Corrected.", comments=[comment("Hi", "1"), comment("New", "2")])],
        T0 + timedelta(hours=1),
    )

    assert feed(engine, before) == [
        ("article_updated", "a", 2, None),
        ("comment_added", "a", None, "2"),
    ]


def test_updated_event_carries_the_content_of_its_version(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", body="Version one.")], T0)
    store.save_batch([article("a", body="Version two.")], T0 + timedelta(hours=1))
    store.save_batch([article("a", body="Version three.")], T0 + timedelta(hours=2))

    with engine.connect() as connection:
        events = read_events(connection)
    assert [(e.version, e.body, e.fetched_at) for e in events] == [
        (1, "Version one.", T0),
        (2, "Version two.", T0 + timedelta(hours=1)),
        (3, "Version three.", T0 + timedelta(hours=2)),
    ]


def test_ids_increase_and_cursor_reads_only_newer(store: ArticleStore, engine) -> None:
    store.save_batch([article("a"), article("b")], T0)
    middle = cursor(engine)
    store.save_batch([article("c")], T0)

    with engine.connect() as connection:
        everything = read_events(connection)
        newer = read_events(connection, middle)
        first = read_events(connection, 0, limit=1)
    ids = [e.id for e in everything]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert [e.url for e in newer] == ["https://news.example/c"]
    assert [e.id for e in first] == ids[:1]


def test_replaying_a_spill_file_twice_adds_no_events(
    store: ArticleStore, engine, tmp_path: Path
) -> None:
    path = tmp_path / "spill.jsonl"
    append_spill(path, [FetchedArticle(article("a", comments=[comment("Hi", "1")]), T0)])

    replay_spill(path, store)
    after_first = feed(engine)
    replay_spill(path, store)

    assert after_first == [("article_created", "a", 1, None), ("comment_added", "a", None, "1")]
    assert feed(engine) == after_first


def test_an_older_replayed_fetch_adds_only_its_new_comments(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", body="Newest.")], T0 + timedelta(days=1))
    before = cursor(engine)

    store.save_batch([article("a", body="Older.", comments=[comment("Early", "9")])], T0)

    assert feed(engine, before) == [("comment_added", "a", None, "9")]


def test_a_failed_batch_leaves_no_event(store: ArticleStore, engine, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("INSERT", {}, ConnectionError("gone"))

    monkeypatch.setattr("newscrawl.db.states.upsert_states", broken)

    with pytest.raises(sa.exc.OperationalError):
        store.save_batch([article("a")], T0)

    assert count(engine, "events") == 0 and count(engine, "articles") == 0


@pytest.fixture
def two_stores(db_url: str) -> Iterator[list[ArticleStore]]:
    """Two stores on two engines (as two crawler processes would have) on one database."""
    engines = [make_engine(db_url), make_engine(db_url)]
    from newscrawl.db import upgrade_database

    upgrade_database(engines[0])
    yield [ArticleStore(e) for e in engines]
    for engine in engines:
        engine.dispose()


def test_concurrent_writers_make_one_event_per_change(two_stores) -> None:
    engine = two_stores[0].engine
    for round_number in range(4):
        same = article(f"s{round_number}", comments=[comment("Same", "c1")])
        at_once([partial(s.save_batch, [same], T0) for s in two_stores])
    different = [article("d", body="Text one."), article("d", body="Text two.")]
    at_once([partial(s.save_batch, [a], T0) for s, a in zip(two_stores, different, strict=True)])

    kinds = [(kind, url) for kind, url, _version, _comment in feed(engine)]
    assert sorted(kinds) == sorted(
        [("article_created", f"s{i}") for i in range(4)]
        + [("comment_added", f"s{i}") for i in range(4)]
        + [("article_created", "d"), ("article_updated", "d")]
    )


def test_concurrent_batches_never_let_a_reader_skip_an_event(two_stores) -> None:
    """Poll while two writers write; every event id must be seen, none jumped over."""
    engine = two_stores[0].engine
    seen: list[int] = []

    def writer(store: ArticleStore, prefix: str) -> None:
        for number in range(15):
            store.save_batch([article(f"{prefix}{number}", comments=[comment("c", "1")])], T0)

    def reader() -> None:
        last = 0
        for _ in range(200):
            with engine.connect() as connection:
                events = read_events(connection, last)
            seen.extend(e.id for e in events)
            last = events[-1].id if events else last

    at_once([partial(writer, two_stores[0], "p"), partial(writer, two_stores[1], "q"), reader])
    with engine.connect() as connection:
        remaining = read_events(connection, seen[-1] if seen else 0)
    seen.extend(e.id for e in remaining)
    assert len(seen) == len(set(seen)) == count(engine, "events") == 60
