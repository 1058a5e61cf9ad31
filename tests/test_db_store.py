"""ArticleStore: idempotent upserts, versions, URL aliases, comments; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.db import ArticleStore, BatchResult
from newscrawl.db.models import articles, comments
from newscrawl.fingerprint import article_content_hash
from tests.dbhelpers import T0, article, comment, count, rows


def test_first_save_creates_article_and_version_one(store: ArticleStore, engine) -> None:
    result = store.save_batch([article("a"), article("b")], fetched_at=T0)

    assert result == BatchResult(articles_created=2)
    assert count(engine, "articles") == 2
    versions = rows(engine, "SELECT version, title FROM article_versions ORDER BY title")
    assert [tuple(v) for v in versions] == [(1, "Title a"), (1, "Title b")]


def test_saving_the_same_article_again_changes_nothing(store: ArticleStore, engine) -> None:
    store.save_batch([article("a")], fetched_at=T0)

    result = store.save_batch([article("a")], fetched_at=T0 + timedelta(hours=1))

    assert result == BatchResult(articles_unchanged=1)
    assert count(engine, "articles") == 1
    assert count(engine, "article_versions") == 1
    [(version, last_fetched, last_changed)] = rows(
        engine, "SELECT version, last_fetched_at, last_changed_at FROM articles"
    )
    assert version == 1
    assert str(last_fetched) != str(last_changed)  # fetched again, not changed


def test_changed_body_bumps_version_and_keeps_history(store: ArticleStore, engine) -> None:
    store.save_batch([article("a")], fetched_at=T0)
    later = T0 + timedelta(days=1)

    result = store.save_batch([article("a", body="A corrected story.")], fetched_at=later)

    assert result == BatchResult(articles_updated=1)
    with engine.connect() as connection:
        row = connection.execute(articles.select()).one()
    assert (row.version, row.body, row.last_changed_at) == (2, "A corrected story.", later)
    assert row.first_seen_at == T0
    history = rows(engine, "SELECT version, body FROM article_versions ORDER BY version")
    assert [v for v, _ in history] == [1, 2]
    assert history[0][1].startswith("First paragraph")


def test_whitespace_only_change_is_not_a_new_version(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", body="One  line.\nTwo.")], fetched_at=T0)

    result = store.save_batch(
        [article("a", body="One line.\n Two. ")], fetched_at=T0 + timedelta(1)
    )

    assert result == BatchResult(articles_unchanged=1)
    assert count(engine, "article_versions") == 1


def test_content_hash_is_the_fingerprint_modules(store: ArticleStore, engine) -> None:
    item = article("a")
    store.save_batch([item], fetched_at=T0)

    assert rows(engine, "SELECT content_hash FROM articles")[0][0] == article_content_hash(item)


def test_older_fetch_never_overwrites_newer_content(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", body="Newest text.")], fetched_at=T0 + timedelta(days=2))

    # e.g. a spill file replayed after a later crawl already stored the page again
    result = store.save_batch([article("a", body="Old text.")], fetched_at=T0)

    assert result == BatchResult(articles_unchanged=1)
    [(body, version)] = rows(engine, "SELECT body, version FROM articles")
    assert (body, version) == ("Newest text.", 1)
    assert count(engine, "article_versions") == 1
    with engine.connect() as connection:
        assert connection.execute(articles.select()).one().first_seen_at == T0


def test_newer_fetch_without_a_field_keeps_the_stored_value(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", section="Markets", tags=["stocks"])], fetched_at=T0)

    store.save_batch(
        [article("a", section=None, tags=[], published_at=None, authors=[])],
        fetched_at=T0 + timedelta(hours=1),
    )

    with engine.connect() as connection:
        row = connection.execute(articles.select()).one()
    assert (row.section, row.tags, row.authors) == ("Markets", ["stocks"], ["Ann Writer"])
    assert row.published_at is not None


def test_newer_fetch_replaces_metadata(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", section="Markets", authors=["Ann"])], fetched_at=T0)

    store.save_batch(
        [article("a", section="Economy", authors=["Bob", "Cy"])], fetched_at=T0 + timedelta(1)
    )

    with engine.connect() as connection:
        row = connection.execute(articles.select()).one()
    assert (row.section, row.authors) == ("Economy", ["Bob", "Cy"])


def test_offsets_are_stored_as_utc_and_read_back_aware(store: ArticleStore, engine) -> None:
    published = datetime(2026, 2, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    updated = datetime(2026, 2, 2, 1, 15, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    store.save_batch([article("a", published_at=published, updated_at=updated)], fetched_at=T0)

    with engine.connect() as connection:
        row = connection.execute(articles.select()).one()
    assert row.published_at == published
    assert row.published_at.utcoffset() == timedelta(0)
    assert (row.published_at.hour, row.updated_at.hour, row.updated_at.minute) == (14, 19, 45)


def test_naive_datetimes_are_taken_as_utc(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", published_at=datetime(2026, 2, 1, 9, 30))], fetched_at=T0)

    with engine.connect() as connection:
        published = connection.execute(articles.select()).one().published_at
    assert published == datetime(2026, 2, 1, 9, 30, tzinfo=timezone.utc)


def test_fetched_url_is_recorded_as_an_alias(store: ArticleStore, engine) -> None:
    store.save_batch([article("a", fetched_url="https://news.example/a?amp=1")], fetched_at=T0)
    store.save_batch(
        [article("a", fetched_url="https://m.news.example/a")], fetched_at=T0 + timedelta(1)
    )

    urls = rows(
        engine,
        "SELECT u.url FROM article_urls u JOIN articles a ON a.id = u.article_id ORDER BY u.url",
    )
    assert [u for (u,) in urls] == [
        "https://m.news.example/a",
        "https://news.example/a",
        "https://news.example/a?amp=1",
    ]


def test_canonical_url_always_points_at_its_own_article(store: ArticleStore, engine) -> None:
    # First the page at /old is stored under its own URL; later /new names /old as an alias.
    store.save_batch([article("old")], fetched_at=T0)
    store.save_batch(
        [article("new", fetched_url="https://news.example/old")], fetched_at=T0 + timedelta(1)
    )

    owner = rows(
        engine,
        "SELECT a.url FROM article_urls u JOIN articles a ON a.id = u.article_id "
        "WHERE u.url = :url",
        url="https://news.example/old",
    )
    assert owner == [("https://news.example/old",)]


def test_same_url_twice_in_one_batch_is_one_article(store: ArticleStore, engine) -> None:
    first = article("a", fetched_url="https://news.example/a?x=1", comments=[comment("c1", "1")])
    second = article("a", fetched_url="https://news.example/a?x=2", comments=[comment("c2", "2")])

    result = store.save_batch([first, second], fetched_at=T0)

    assert result == BatchResult(articles_created=1, comments_added=2)
    assert count(engine, "articles") == 1
    assert count(engine, "article_versions") == 1
    assert count(engine, "article_urls") == 3


def test_comments_with_ids_are_stored_once(store: ArticleStore, engine) -> None:
    thread = [
        comment("Great piece", "101", author="Ann"),
        comment("I disagree", "102", parent_id="101"),
    ]
    store.save_batch([article("a", comments=thread)], fetched_at=T0)

    result = store.save_batch(
        [article("a", comments=[*thread, comment("Late reply", "103", parent_id="102")])],
        fetched_at=T0 + timedelta(hours=1),
    )

    assert result.comments_added == 1
    stored = rows(engine, "SELECT external_id, parent_id FROM comments ORDER BY external_id")
    assert [tuple(r) for r in stored] == [("101", None), ("102", "101"), ("103", "102")]


def test_comments_without_ids_dedupe_by_content(store: ArticleStore, engine) -> None:
    posted = datetime(2026, 2, 1, 10, tzinfo=timezone.utc)
    first = [comment("Nice", author="Ann", posted_at=posted), comment("Nice", author="Bob")]
    store.save_batch([article("a", comments=first)], fetched_at=T0)

    again = [*first, comment("Nice", author="Ann", posted_at=posted), comment("New one")]
    result = store.save_batch([article("a", comments=again)], fetched_at=T0 + timedelta(1))

    assert result.comments_added == 1
    assert count(engine, "comments") == 3


def test_same_text_under_different_articles_is_two_comments(store: ArticleStore, engine) -> None:
    result = store.save_batch(
        [article("a", comments=[comment("First!")]), article("b", comments=[comment("First!")])],
        fetched_at=T0,
    )

    assert result.comments_added == 2


def test_comment_times_are_utc(store: ArticleStore, engine) -> None:
    posted = datetime(2026, 2, 1, 23, 50, tzinfo=timezone(timedelta(hours=-8)))
    store.save_batch([article("a", comments=[comment("Hi", "1", posted_at=posted)])], fetched_at=T0)

    with engine.connect() as connection:
        stored = connection.execute(comments.select()).one()
    assert stored.posted_at == posted
    assert stored.posted_at.tzinfo is not None and stored.posted_at.utcoffset() == timedelta(0)
    assert stored.dedupe_key == "id:1"


def test_invalid_articles_are_rejected_and_the_rest_stored(store: ArticleStore, engine) -> None:
    bad = [
        article("x", url=""),
        article("y", url="https://news.example/" + "z" * 3000),
        article("z", authors="Ann"),  # a string, not a list
        article("w", published_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))),
        "not an article",
    ]

    result = store.save_batch([*bad, article("good")], fetched_at=T0)  # type: ignore[list-item]

    assert result == BatchResult(articles_created=1, articles_rejected=5)
    assert count(engine, "articles") == 1


def test_text_the_database_cannot_hold_is_cleaned(store: ArticleStore, engine) -> None:
    store.save_batch(
        [article("a", title="Nul\x00byte", body="Broken \ud800 surrogate")], fetched_at=T0
    )

    [(title, body)] = rows(engine, "SELECT title, body FROM articles")
    assert title == "Nulbyte"
    assert "surrogate" in body and "\ud800" not in body


def test_empty_batch_is_a_no_op(store: ArticleStore) -> None:
    assert store.save_batch([]) == BatchResult()


def test_batch_results_add_up() -> None:
    total = sum([BatchResult(1, 2, 3, 4), BatchResult(articles_created=1, comments_added=1)])

    assert total == BatchResult(
        articles_created=2, articles_updated=2, articles_unchanged=3, comments_added=5
    )
    assert total.articles_stored == 7


@pytest.mark.parametrize("size", [1, 250])
def test_batches_of_any_size_round_trip(store: ArticleStore, engine, size: int) -> None:
    items = [article(f"n{i}", comments=[comment(f"c{i}")]) for i in range(size)]

    result = store.save_batch(items, fetched_at=T0)

    assert result == BatchResult(articles_created=size, comments_added=size)
    assert count(engine, "article_versions") == size
