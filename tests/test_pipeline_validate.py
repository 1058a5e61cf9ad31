"""ValidatePipeline: drops without title/body/URL, clears invalid dates, counts everything."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.items import Article, Comment
from pipelines.validate import ValidatePipeline


@pytest.fixture
def crawler():
    return get_crawler(Spider)


@pytest.fixture
def pipeline(crawler):
    return ValidatePipeline.from_crawler(crawler)


def make(**fields) -> Article:
    values = {
        "url": "https://news.example.com/2025/01/story/",
        "fetched_url": "https://news.example.com/2025/01/story/",
        "site": "news.example.com",
        "title": "A headline",
        "body": "A paragraph of text.",
        **fields,
    }
    return Article(**values)


def test_valid_article_passes_unchanged(pipeline, crawler):
    article = make(published_at=datetime(2025, 1, 2, tzinfo=timezone.utc))
    assert pipeline.process_item(article) is article
    assert article.published_at == datetime(2025, 1, 2, tzinfo=timezone.utc)
    assert crawler.stats.get_stats() == {}


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None}, "no_title"),
        ({"title": "   "}, "no_title"),
        ({"body": ""}, "no_body"),
        ({"body": "\n \n"}, "no_body"),
        ({"url": "ftp://news.example.com/x"}, "bad_url"),
        ({"url": "/relative"}, "bad_url"),
        ({"url": "http://[not-an-ip]/story/"}, "bad_url"),
    ],
)
def test_drops_are_counted_and_logged(pipeline, crawler, caplog, fields, reason):
    article = make(**fields)
    with caplog.at_level("INFO"), pytest.raises(DropItem):
        pipeline.process_item(article)
    assert crawler.stats.get_value(f"newscrawl/dropped/{reason}") == 1
    assert reason in caplog.text


@pytest.mark.parametrize("bad", [datetime(1800, 1, 1, tzinfo=timezone.utc), "2025-01-02", 12345])
def test_invalid_dates_are_cleared_not_dropped(pipeline, crawler, bad):
    article = make(published_at=bad, updated_at=datetime(2025, 1, 3, tzinfo=timezone.utc))
    assert pipeline.process_item(article) is article
    assert article.published_at is None
    assert article.updated_at == datetime(2025, 1, 3, tzinfo=timezone.utc)
    assert crawler.stats.get_value("newscrawl/cleared/invalid_date") == 1


def test_empty_comments_removed_and_bad_comment_dates_cleared(pipeline, crawler):
    article = make(
        comments=[
            Comment(body="Kept.", posted_at=datetime(1200, 1, 1)),
            Comment(body="  "),
            Comment(body=""),
        ]
    )
    pipeline.process_item(article)
    assert [c.body for c in article.comments] == ["Kept."]
    assert article.comments[0].posted_at is None
    assert crawler.stats.get_value("newscrawl/cleared/empty_comment") == 2
    assert crawler.stats.get_value("newscrawl/cleared/invalid_date") == 1
