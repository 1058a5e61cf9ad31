"""NormalisePipeline: whitespace, canonical URLs, tz-aware past dates, deduplicated names."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newscrawl.items import Article, Comment
from pipelines._stats import Counter
from pipelines.normalise import NormalisePipeline, clean_line, clean_text, unique_names

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
EST = timezone(timedelta(hours=-5))


@pytest.fixture
def crawler():
    return get_crawler(Spider)


@pytest.fixture
def pipeline(crawler):
    return NormalisePipeline(Counter(crawler.stats), clock=lambda: NOW)


def make(**fields) -> Article:
    values = {
        "url": "https://news.example.com/a/",
        "fetched_url": "https://news.example.com/a/",
        "site": "news.example.com",
        "title": "T",
        "body": "B",
        **fields,
    }
    return Article(**values)


def test_url_is_canonical_without_tracking(pipeline):
    article = make(url="HTTPS://News.Example.com/a/?utm_source=x&id=3#top")
    pipeline.process_item(article)
    assert article.url == "https://news.example.com/a/?id=3"


def test_fetched_url_is_kept_as_fetched(pipeline):
    article = make(fetched_url="https://news.example.com/a/?utm_source=x")
    pipeline.process_item(article)
    assert article.fetched_url == "https://news.example.com/a/?utm_source=x"


def test_whitespace(pipeline):
    article = make(
        title="  A \n headline\t ",
        body="  First   paragraph \n\n\n  Sub-heading\n\u00a0\nSecond\tparagraph  ",
        section=" Markets ",
        language=" EN-us ",
    )
    pipeline.process_item(article)
    assert article.title == "A headline"
    assert article.body == "First paragraph\nSub-heading\nSecond paragraph"
    assert article.section == "Markets"
    assert article.language == "en-us"


def test_dates_keep_their_offset(pipeline):
    published = datetime(2025, 5, 1, 9, 0, tzinfo=EST)
    article = make(published_at=published)
    pipeline.process_item(article)
    assert article.published_at == published
    assert article.published_at.utcoffset() == timedelta(hours=-5)


def test_naive_dates_become_utc_and_are_counted(pipeline, crawler):
    article = make(updated_at=datetime(2025, 5, 1, 9, 0))
    pipeline.process_item(article)
    assert article.updated_at == datetime(2025, 5, 1, 9, 0, tzinfo=timezone.utc)
    assert crawler.stats.get_value("newscrawl/normalised/naive_date") == 1


def test_future_dates_are_cleared_and_counted(pipeline, crawler):
    article = make(
        published_at=NOW + timedelta(days=2),
        updated_at=NOW + timedelta(minutes=5),  # within clock-skew tolerance: kept
        comments=[Comment(body="c", posted_at=NOW + timedelta(days=1))],
    )
    pipeline.process_item(article)
    assert article.published_at is None
    assert article.updated_at == NOW + timedelta(minutes=5)
    assert article.comments[0].posted_at is None
    assert crawler.stats.get_value("newscrawl/cleared/future_date") == 2


def test_authors_and_tags_deduplicated(pipeline):
    article = make(authors=["Jane Doe", " jane  doe ", "", "John Roe"], tags=["Copper", "copper"])
    pipeline.process_item(article)
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.tags == ["Copper"]


def test_image_url_only_http(pipeline):
    article = make(image_url="data:image/png;base64,AAA")
    pipeline.process_item(article)
    assert article.image_url is None


def test_comment_text_normalised(pipeline):
    article = make(comments=[Comment(body="  Nice \n\n point ", author="  Ann  ")])
    pipeline.process_item(article)
    assert (article.comments[0].body, article.comments[0].author) == ("Nice\npoint", "Ann")


def test_helpers():
    assert clean_line(" \n ") is None
    assert clean_text("\n\n") is None
    assert unique_names(["A", "a", " b "]) == ["A", "b"]
