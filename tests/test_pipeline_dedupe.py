"""DedupePipeline: each article once per run, by canonical URL and by content."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from pipelines.dedupe import DedupePipeline


@pytest.fixture
def crawler():
    return get_crawler(Spider)


@pytest.fixture
def pipeline(crawler):
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def make(url: str, title: str = "T", body: str = "B") -> Article:
    return Article(url=url, fetched_url=url, site="news.example.com", title=title, body=body)


def test_distinct_articles_pass(pipeline):
    first = make("https://x.com/a/", "A", "one")
    second = make("https://x.com/b/", "B", "two")
    assert pipeline.process_item(first) is first
    assert pipeline.process_item(second) is second


def test_same_canonical_url_dropped(pipeline, crawler):
    pipeline.process_item(make("https://x.com/a/", "A", "one"))
    with pytest.raises(DropItem):
        pipeline.process_item(make("https://x.com/a/", "A", "one, edited"))
    assert crawler.stats.get_value("newscrawl/dropped/duplicate_url") == 1


def test_same_content_under_another_url_dropped(pipeline, crawler):
    pipeline.process_item(make("https://x.com/a/", "A", "same words"))
    with pytest.raises(DropItem):
        pipeline.process_item(make("https://x.com/republished/", "A", "same   words"))
    assert crawler.stats.get_value("newscrawl/dropped/duplicate_content") == 1


def test_a_new_run_starts_empty(pipeline):
    pipeline.process_item(make("https://x.com/a/"))
    pipeline.open_spider()
    assert pipeline.process_item(make("https://x.com/a/")) is not None


def test_works_with_dict_items(pipeline, crawler):
    pipeline.process_item({"url": "https://x.com/a/", "title": "A", "body": "one"})
    with pytest.raises(DropItem):
        pipeline.process_item({"url": "https://x.com/b/", "title": "A", "body": "one"})
    assert crawler.stats.get_value("newscrawl/dropped/duplicate_content") == 1


def test_same_content_on_another_site_passes_for_the_store_to_link(pipeline, crawler):
    original = Article(
        url="https://a.example/story/", fetched_url="", site="a.example", title="A", body="same"
    )
    copy = Article(
        url="https://b.example/copy/", fetched_url="", site="b.example", title="A", body="same"
    )
    assert pipeline.process_item(original) is original
    assert pipeline.process_item(copy) is copy
    assert crawler.stats.get_value("newscrawl/dropped/duplicate_content") is None


def test_content_is_title_and_body_apart(pipeline):
    # The same words split differently between title and body are different content.
    first = make("https://x.com/a/", "Markets fall", "sharply today")
    second = make("https://x.com/b/", "Markets", "fall sharply today")
    assert pipeline.process_item(first) is first
    assert pipeline.process_item(second) is second
