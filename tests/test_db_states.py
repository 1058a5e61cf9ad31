"""page_states: round trips, batched writes through the writer, and revisits with a moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from newscrawl.db import ArticleStore, BatchResult, BatchWriter
from newscrawl.revisit import PageState, record_fetch
from tests.dbhelpers import T0, article, count, rows

H = timedelta(hours=1)


def state(slug: str, at=T0, site: str = "news.example", **fields) -> PageState:
    values = {"status": 200, "content_hash": f"hash-{slug}", "published_at": T0, **fields}
    return record_fetch(None, url=f"https://{site}/{slug}", site=site, fetched_at=at, **values)


def test_state_round_trips_with_every_field(store: ArticleStore) -> None:
    saved = state(
        "a",
        etag='W/"abc"',
        last_modified="Sun, 01 Mar 2026 12:00:00 GMT",
        sitemap_lastmod=T0 - H,
    )

    result = store.save_page_states([saved])

    assert result == BatchResult(states_saved=1)
    assert store.load_page_states("news.example") == {saved.url: saved}


def test_states_load_by_site_or_by_urls(store: ArticleStore) -> None:
    store.save_page_states([state("a"), state("b"), state("c", site="other.example")])

    by_site = store.load_page_states("news.example")
    by_urls = store.load_page_states(urls=["https://other.example/c", "https://news.example/zz"])

    assert sorted(by_site) == ["https://news.example/a", "https://news.example/b"]
    assert sorted(by_urls) == ["https://other.example/c"]
    with pytest.raises(ValueError):
        store.load_page_states()


def test_many_urls_load_in_chunks(store: ArticleStore) -> None:
    store.save_page_states([state(f"n{i}") for i in range(1200)])

    loaded = store.load_page_states(urls=[f"https://news.example/n{i}" for i in range(0, 1200, 2)])

    assert len(loaded) == 600


def test_a_later_fetch_replaces_the_state_an_earlier_one_does_not(store: ArticleStore) -> None:
    first = state("a")
    later = record_fetch(first, url=first.url, site=first.site, fetched_at=T0 + 2 * H, status=304)
    store.save_page_states([later])

    store.save_page_states([first])  # e.g. a slow writer finishing late

    assert store.load_page_states("news.example")[first.url] == later


def test_invalid_states_are_counted_not_stored(store: ArticleStore) -> None:
    bad = [
        PageState(url="", site="news.example"),
        PageState(url="https://news.example/x", site="news.example", last_status="200"),  # type: ignore[arg-type]
        PageState(url="https://news.example/y", site="news.example", next_check_at="soon"),  # type: ignore[arg-type]
        "not a state",
    ]

    result = store.save_page_states([*bad, state("ok")])  # type: ignore[list-item]

    assert result == BatchResult(states_saved=1, states_rejected=4)


def test_due_for_revisit_follows_the_moved_clock(store: ArticleStore) -> None:
    store.save_page_states(
        [
            state("fresh", at=T0 + timedelta(minutes=5)),  # published at T0: due at T0+1h
            state("old", at=T0 + timedelta(days=30)),  # fetched long after publication: never
            state("other", site="other.example"),
        ]
    )

    assert store.due_for_revisit("news.example", T0 + 30 * timedelta(minutes=1)) == []
    assert store.due_for_revisit("news.example", T0 + H) == ["https://news.example/fresh"]
    assert store.due_for_revisit("news.example", T0 + timedelta(days=365)) == [
        "https://news.example/fresh"
    ]


def test_revisit_ladder_through_the_database(store: ArticleStore) -> None:
    url = "https://news.example/live"
    store.save_page_states([state("live", at=T0 + timedelta(minutes=1))])
    checks = []
    now = T0
    while now < T0 + timedelta(days=10):
        now += timedelta(minutes=30)  # a scheduler waking every 30 minutes
        for due in store.due_for_revisit("news.example", now):
            checks.append(now - T0)
            before = store.load_page_states(urls=[due])[due]
            store.save_page_states(
                [record_fetch(before, url=url, site="news.example", fetched_at=now, status=304)]
            )

    assert checks == [H, 6 * H, 24 * H, timedelta(days=7)]


def test_writer_writes_states_with_the_articles(
    store: ArticleStore, engine, tmp_path: Path
) -> None:
    writer = BatchWriter(store, spill_path=tmp_path / "spill.jsonl", flush_interval=0.05)
    writer.start()
    writer.submit(article("a"))
    writer.submit_state(state("a"))
    writer.submit_state(state("b"))

    stats = writer.close()

    assert (stats.states_submitted, stats.states_saved, stats.states_dropped) == (2, 2, 0)
    assert (stats.written, stats.articles_created) == (1, 1)
    assert count(engine, "page_states") == 2


def test_a_state_update_alone_writes_nothing_else(
    store: ArticleStore, engine, tmp_path: Path
) -> None:
    store.save_batch([article("a")], T0)
    store.save_page_states([state("a")])
    tables = ("articles", "article_versions", "comments", "events", "article_urls")
    before = {table: count(engine, table) for table in tables}
    versions_before = rows(engine, "SELECT last_fetched_at FROM articles")

    writer = BatchWriter(store, spill_path=tmp_path / "spill.jsonl")
    writer.submit_state(
        record_fetch(
            state("a"),
            url="https://news.example/a",
            site="news.example",
            fetched_at=T0 + H,
            status=304,
        )
    )
    writer.close()

    assert {table: count(engine, table) for table in tables} == before
    assert rows(engine, "SELECT last_fetched_at FROM articles") == versions_before
    assert rows(engine, "SELECT last_status FROM page_states") == [(304,)]


def test_states_are_dropped_not_spilled_when_the_database_is_down(
    unreachable_store: ArticleStore, tmp_path: Path
) -> None:
    spill = tmp_path / "spill.jsonl"
    writer = BatchWriter(unreachable_store, spill_path=spill, retries=0)
    writer.submit(article("a"))
    writer.submit_state(state("a"))

    stats = writer.close()

    assert (stats.spilled, stats.states_dropped, stats.states_saved) == (1, 1, 0)
    assert len(spill.read_text(encoding="utf-8").splitlines()) == 1


@pytest.fixture
def unreachable_store() -> Iterator[ArticleStore]:
    import socket

    from newscrawl.db import make_engine

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine(f"postgresql+psycopg://crawler@127.0.0.1:{port}/news")
    yield ArticleStore(engine)
    engine.dispose()


def test_states_are_kept_when_one_article_of_their_batch_is_refused(
    store: ArticleStore, engine, tmp_path: Path
) -> None:
    from tests.test_db_writer import FlakyStore

    flaky = FlakyStore(store, refuse=lambda item: item.url.endswith("/bad"))
    writer = BatchWriter(flaky, spill_path=tmp_path / "spill.jsonl")  # type: ignore[arg-type]
    writer.submit(article("good"))
    writer.submit(article("bad"))
    writer.submit_state(state("good"))

    stats = writer.close()

    assert (stats.written, stats.spilled, stats.states_saved) == (1, 1, 1)
    assert count(engine, "page_states") == 1
