"""Near-duplicate linking at write time: syndicated copies point at the first copy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, NearDuplicateSettings, load_signatures
from newscrawl.db.models import articles
from newscrawl.db.rows import FetchedArticle
from tests.dbhelpers import T0, article, count, rows, story


def syndicated(text: str) -> str:
    """A partner's copy: its own first line, one changed word, a footer."""
    lines = text.split("\n")
    lines[2] = lines[2].replace(lines[2].split()[1], "reportedly", 1)
    return "\n".join(["(Wire) Reporting by partner staff.", *lines, "Copyright Wire 2026."])


def copy_on(host: str, slug: str, body: str, **fields) -> object:
    return article(
        slug,
        url=f"https://{host}/{slug}",
        fetched_url=f"https://{host}/{slug}",
        site=host,
        body=body,
        **fields,
    )


def duplicate_of(engine: sa.Engine) -> dict[str, str | None]:
    """url -> url of the article it duplicates."""
    result = rows(
        engine,
        "SELECT a.url, o.url FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of",
    )
    return {url: original for url, original in result}


def test_syndicated_copy_on_another_host_is_linked(store: ArticleStore, engine) -> None:
    original = article("story", body=story(1), title="Banks raise rates")
    store.save_batch([original], T0)

    result = store.save_batch(
        [copy_on("partner.example", "banks", syndicated(story(1)), title="Rates go up at banks")],
        T0 + timedelta(hours=2),
    )

    assert result.duplicates_linked == 1
    assert duplicate_of(engine)["https://partner.example/banks"] == original.url


def test_unrelated_stories_are_not_linked(store: ArticleStore, engine) -> None:
    store.save_batch([article(f"s{i}", body=story(10 + i)) for i in range(10)], T0)

    result = store.save_batch(
        [copy_on("partner.example", f"p{i}", story(20 + i)) for i in range(10)], T0 + timedelta(1)
    )

    assert result.duplicates_linked == 0
    assert set(duplicate_of(engine).values()) == {None}


def test_exact_copy_under_another_url_is_linked_even_when_short(
    store: ArticleStore, engine
) -> None:
    store.save_batch([article("a", body="Markets closed early.")], T0)

    store.save_batch(
        [article("a-copy", title="Title a", body="Markets closed early.")], T0 + timedelta(hours=1)
    )

    assert duplicate_of(engine)["https://news.example/a-copy"] == "https://news.example/a"


def test_empty_bodies_are_not_copies_of_each_other(store: ArticleStore, engine) -> None:
    store.save_batch([article("x", title="Same", body="")], T0)
    store.save_batch([article("y", title="Same", body="")], T0 + timedelta(hours=1))

    assert set(duplicate_of(engine).values()) == {None}


def test_a_copy_of_a_copy_points_at_the_first_copy(store: ArticleStore, engine) -> None:
    store.save_batch([article("first", body=story(2))], T0)
    store.save_batch(
        [copy_on("b.example", "second", syndicated(story(2)))], T0 + timedelta(hours=1)
    )

    store.save_batch(
        [copy_on("c.example", "third", syndicated(syndicated(story(2))))], T0 + timedelta(hours=2)
    )

    links = duplicate_of(engine)
    assert (
        links["https://b.example/second"]
        == links["https://c.example/third"]
        == "https://news.example/first"
    )


def test_copies_in_one_batch_link_to_the_one_fetched_first(store: ArticleStore, engine) -> None:
    store.save_fetched(
        [
            FetchedArticle(
                copy_on("z.example", "copy", syndicated(story(3))), T0 + timedelta(minutes=5)
            ),
            FetchedArticle(article("orig", body=story(3)), T0),
        ]
    )

    assert duplicate_of(engine)["https://z.example/copy"] == "https://news.example/orig"


def test_a_new_store_rebuilds_the_index_from_the_database(engine) -> None:
    ArticleStore(engine).save_batch([article("orig", body=story(4))], T0)

    fresh = ArticleStore(engine)  # as a new process would start
    result = fresh.save_batch(
        [copy_on("partner.example", "copy", syndicated(story(4)))], T0 + timedelta(1)
    )

    assert result.duplicates_linked == 1
    assert len(load_signatures(engine)) == 2


def test_old_signatures_outside_the_window_are_not_loaded(engine) -> None:
    ArticleStore(engine).save_batch([article("orig", body=story(5))], T0)
    settings = NearDuplicateSettings(window=timedelta(days=7))

    late = ArticleStore(engine, near_duplicates=settings).save_batch(
        [copy_on("partner.example", "copy", syndicated(story(5)))], T0 + timedelta(days=60)
    )

    assert late.duplicates_linked == 0


def test_an_edit_updates_the_signature_without_relinking(store: ArticleStore, engine) -> None:
    store.save_batch([article("orig", body=story(6))], T0)
    store.save_batch([article("orig", body=story(7))], T0 + timedelta(hours=1))  # rewritten

    store.save_batch(
        [copy_on("p.example", "of-new", syndicated(story(7)))], T0 + timedelta(hours=2)
    )
    store.save_batch(
        [copy_on("p.example", "of-old", syndicated(story(6)))], T0 + timedelta(hours=3)
    )

    links = duplicate_of(engine)
    assert links["https://p.example/of-new"] == "https://news.example/orig"
    assert links["https://p.example/of-old"] is None
    assert count(engine, "article_signatures") == 3


def test_threshold_setting_is_respected(engine) -> None:
    strict = ArticleStore(engine, near_duplicates=NearDuplicateSettings(threshold=0.99))
    strict.save_batch([article("orig", body=story(8))], T0)

    result = strict.save_batch(
        [copy_on("p.example", "copy", syndicated(story(8)))], T0 + timedelta(1)
    )

    assert result.duplicates_linked == 0


def test_linking_can_be_turned_off(engine) -> None:
    off = ArticleStore(engine, near_duplicates=None)
    off.save_batch([article("a", body=story(9))], T0)

    result = off.save_batch([article("b", title="Title a", body=story(9))], T0 + timedelta(1))

    assert result.duplicates_linked == 0
    assert count(engine, "article_signatures") == 0


def test_a_failed_batch_leaves_the_index_unchanged(
    store: ArticleStore, engine, monkeypatch
) -> None:
    store.save_batch([article("orig", body=story(11))], T0)
    size = len(store.duplicates.index)

    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("INSERT", {}, ConnectionError("gone"))

    monkeypatch.setattr("newscrawl.db.states.upsert_states", broken)
    with pytest.raises(sa.exc.OperationalError):
        store.save_batch([article("lost", body=story(12))], T0 + timedelta(hours=1))
    monkeypatch.undo()

    assert len(store.duplicates.index) == size
    store.save_batch([copy_on("p.example", "copy", syndicated(story(12)))], T0 + timedelta(hours=2))
    with engine.connect() as connection:
        linked = connection.execute(
            sa.select(articles.c.duplicate_of).where(articles.c.site == "p.example")
        ).scalar()
    assert linked is None  # "lost" was never stored, so the copy is an original
