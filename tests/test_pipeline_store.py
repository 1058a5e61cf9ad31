"""StorePipeline against real databases: schema, run record, writes, stats, spill on failure."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newscrawl.items import Article, Comment
from pipelines.store import (
    StorePipeline,
    StoreSettings,
    mask_password,
    run_status,
)


class NewsLikeSpider(Spider):
    name = "news-test"


def make_crawler(database_url: str, tmp_path, **settings):
    return get_crawler(
        NewsLikeSpider,
        {
            "DATABASE_URL": database_url,
            "NEWSCRAWL_FLUSH_INTERVAL": 0.05,
            "NEWSCRAWL_WRITE_RETRIES": 1,
            "NEWSCRAWL_WRITE_BACKOFF": 0.01,
            "NEWSCRAWL_SPILL_DIR": str(tmp_path / "spill"),
            **settings,
        },
    )


def article(n: int, comments: int = 0) -> Article:
    url = f"https://news.example.com/2025/01/story-{n}/"
    return Article(
        url=url,
        fetched_url=url + "?utm_source=x",
        site="news.example.com",
        title=f"Story {n}",
        body=f"Body of story {n}.",
        published_at=datetime(2025, 1, n, 9, 0, tzinfo=timezone.utc),
        comments=[Comment(body=f"Comment {i}", external_id=str(i)) for i in range(comments)],
    )


def run_pipeline(pipeline: StorePipeline, items: list[Article], reason: str = "finished") -> None:
    async def crawl() -> None:
        await pipeline.open_spider()
        for item in items:
            assert pipeline.process_item(item) is item
        await pipeline.close_spider()
        await pipeline.spider_closed(None, reason)

    asyncio.run(crawl())


def query(url: str, sql: str) -> list[sa.Row]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(sql)))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite_url", "postgres_url"])
def any_db_url(request) -> str:
    """SQLite, then PostgreSQL (skipped when the server is absent, required under CI=true)."""
    return request.getfixturevalue(request.param)


def test_articles_and_comments_are_written(any_db_url, tmp_path):
    db_url = any_db_url
    crawler = make_crawler(db_url, tmp_path)
    pipeline = StorePipeline.from_crawler(crawler)
    run_pipeline(pipeline, [article(1, comments=2), article(2)])

    rows = query(db_url, "SELECT url, title FROM articles ORDER BY url")
    assert [(r.url, r.title) for r in rows] == [
        ("https://news.example.com/2025/01/story-1/", "Story 1"),
        ("https://news.example.com/2025/01/story-2/", "Story 2"),
    ]
    assert query(db_url, "SELECT count(*) FROM comments")[0][0] == 2
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/store/written"] == 2
    assert stats["newscrawl/store/articles_created"] == 2
    assert stats["newscrawl/store/comments_added"] == 2
    assert stats["newscrawl/store/submitted"] == 2


def test_crawl_run_is_recorded_with_stats(sqlite_url, tmp_path):
    crawler = make_crawler(sqlite_url, tmp_path)
    crawler.stats.set_value("newscrawl/dropped/no_title", 3)
    run_pipeline(StorePipeline.from_crawler(crawler), [article(1)])

    (run,) = query(sqlite_url, "SELECT spider, status, finished_at, stats FROM crawl_runs")
    assert (run.spider, run.status) == ("news-test", "finished")
    assert run.finished_at is not None
    stats = json.loads(run.stats) if isinstance(run.stats, str) else run.stats
    assert stats["newscrawl/dropped/no_title"] == 3
    assert stats["newscrawl/store/written"] == 1


def test_second_run_updates_instead_of_duplicating(sqlite_url, tmp_path):
    run_pipeline(StorePipeline.from_crawler(make_crawler(sqlite_url, tmp_path)), [article(1)])
    crawler = make_crawler(sqlite_url, tmp_path)
    run_pipeline(StorePipeline.from_crawler(crawler), [article(1)])

    assert query(sqlite_url, "SELECT count(*) FROM articles")[0][0] == 1
    assert crawler.stats.get_value("newscrawl/store/articles_unchanged") == 1
    assert query(sqlite_url, "SELECT count(*) FROM crawl_runs")[0][0] == 2


def test_schema_is_created_when_auto_migrate_is_on(sqlite_url, tmp_path):
    run_pipeline(StorePipeline.from_crawler(make_crawler(sqlite_url, tmp_path)), [])
    tables = set(sa.inspect(sa.create_engine(sqlite_url)).get_table_names())
    assert {"articles", "article_urls", "article_versions", "comments", "crawl_runs"} <= tables


def test_failed_writes_are_spilled_and_reported_loudly(sqlite_url, tmp_path, caplog):
    assert sqlite_url.endswith("newscrawl-test.db")
    crawler = make_crawler(sqlite_url, tmp_path)
    pipeline = StorePipeline.from_crawler(crawler)

    async def crawl() -> None:
        await pipeline.open_spider()
        # The database disappears mid-crawl (a directory now stands where the file was): every
        # connection attempt from now on fails, as with a server that went away.
        pipeline.engine.dispose()
        for path in tmp_path.glob("newscrawl-test.db*"):
            path.unlink()
        (tmp_path / "newscrawl-test.db").mkdir()
        pipeline.process_item(article(1))
        await pipeline.close_spider()
        await pipeline.spider_closed(None, "finished")

    with caplog.at_level(logging.ERROR):
        asyncio.run(crawl())

    assert crawler.stats.get_value("newscrawl/store/spilled") == 1
    spill_files = list((tmp_path / "spill").glob("*.jsonl"))
    assert len(spill_files) == 1 and spill_files[0].read_text().strip()
    assert "newscrawl replay" in caplog.text
    # The run cannot be recorded either; that is logged, not raised.
    assert "could not record the end of crawl run" in caplog.text


def test_unsupported_database_fails_at_open_with_a_clear_error(tmp_path):
    crawler = make_crawler("mysql://user:secret@localhost/db", tmp_path)
    pipeline = StorePipeline.from_crawler(crawler)
    with pytest.raises(ValueError, match="unsupported database") as caught:
        asyncio.run(pipeline.open_spider())
    assert "secret" not in str(caught.value)


def test_password_is_masked_for_logs():
    masked = mask_password("postgresql+psycopg://user:s3cret@db.example.com/news")
    assert "s3cret" not in masked and "user" in masked
    assert "s3cret" not in mask_password("not a url :s3cret@")
    assert "s3cret" not in mask_password("postgresql://user:s3cret@db:notaport/news")


@pytest.mark.parametrize(
    ("reason", "figures", "status"),
    [
        ("finished", {"written": 3, "spilled": 0, "lost": 0}, "finished"),
        ("finished", {"written": 2, "spilled": 1}, "finished_with_errors"),
        ("shutdown", {"lost": 1}, "shutdown_with_errors"),
        ("closespider_timeout", {}, "closespider_timeout"),
    ],
)
def test_run_status(reason, figures, status):
    assert run_status(reason, figures) == status


def test_near_duplicate_settings_from_the_crawl_settings():
    def settings(**values):
        return StoreSettings.from_crawler(get_crawler(Spider, values)).near_duplicates()

    default = settings()
    assert default.threshold == 0.8 and default.window == timedelta(days=30)
    tuned = settings(
        NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD="0.9", NEWSCRAWL_NEAR_DUPLICATE_WINDOW_DAYS="0"
    )
    assert tuned.threshold == 0.9 and tuned.window is None
    assert settings(NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD="0") is None


def test_max_pending_defaults_to_the_writers_own_bound():
    assert StoreSettings.from_crawler(get_crawler(Spider, {})).max_pending is None
    zero = get_crawler(Spider, {"NEWSCRAWL_MAX_PENDING": "0"})
    assert StoreSettings.from_crawler(zero).max_pending is None


def test_max_pending_setting_reaches_the_writer(sqlite_url, tmp_path):
    pipeline = StorePipeline.from_crawler(
        make_crawler(sqlite_url, tmp_path, NEWSCRAWL_MAX_PENDING="7")
    )
    assert pipeline.settings.max_pending == 7

    async def open_and_close() -> int:
        await pipeline.open_spider()
        bound = pipeline.writer._max_pending
        await pipeline.close_spider()
        await pipeline.spider_closed(None, "finished")
        return bound

    assert asyncio.run(open_and_close()) == 7
