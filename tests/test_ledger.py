"""The page ledger: each canonical URL requested once, at most a budget of pages per site."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from newscrawl.ledger import MAX_PAGES, SEEN_URL, PageLedger

SITE = "https://news.example.com"
OTHER = "https://other.example.org"


def fixed(limit: int) -> Callable[[], int]:
    return lambda: limit


def test_a_url_is_admitted_once_whatever_its_spelling():
    ledger = PageLedger(budget=fixed(0))
    assert ledger.admit(SITE + "/2026/01/story/") is None
    for spelling in (
        SITE + "/2026/01/story/",
        SITE + "/2026/01/story/?utm_source=feed&fbclid=x",
        SITE + "/2026/01/story/#comments",
        "HTTPS://News.Example.com:443/2026/01/story/",
    ):
        assert ledger.admit(spelling) == SEEN_URL, spelling


def test_different_queries_are_different_pages():
    ledger = PageLedger(budget=fixed(0))
    assert ledger.admit(SITE + "/list/?page=2") is None
    assert ledger.admit(SITE + "/list/?page=3") is None


def test_already_requested_urls_are_seen_and_take_no_budget():
    ledger = PageLedger([SITE + "/"], budget=fixed(1))
    assert ledger.admit(SITE + "/?utm_campaign=x") == SEEN_URL
    assert ledger.admit(SITE + "/a/") is None  # the start URL did not use the one slot
    assert ledger.admit(SITE + "/b/") == MAX_PAGES


def test_the_budget_is_per_site_and_ignores_www():
    ledger = PageLedger(budget=fixed(2))
    assert ledger.admit("https://www.example.com/a/") is None
    assert ledger.admit("https://example.com/b/") is None
    assert ledger.admit("https://www.example.com/c/") == MAX_PAGES
    assert ledger.admit("https://example.com/d/") == MAX_PAGES
    assert ledger.admit(OTHER + "/a/") is None


def test_a_budget_of_zero_means_no_limit():
    ledger = PageLedger(budget=fixed(0))
    assert [ledger.admit(f"{SITE}/{n}/") for n in range(50)] == [None] * 50


def test_the_budget_is_read_each_time_a_page_is_weighed_and_only_then():
    limits = [5, 1]
    calls: list[int] = []

    def budget() -> int:
        calls.append(limits[0])
        return limits[0]

    ledger = PageLedger([SITE + "/"], budget=budget)
    assert ledger.admit(SITE + "/") == SEEN_URL
    assert calls == []  # a seen URL is not weighed against the budget
    assert ledger.admit(SITE + "/a/") is None
    limits.pop(0)  # the setting changed after the ledger was built
    assert ledger.admit(SITE + "/b/") == MAX_PAGES
    assert calls == [5, 1]


def test_a_page_refused_for_the_budget_stays_requested():
    ledger = PageLedger(budget=fixed(1))
    assert ledger.admit(SITE + "/a/") is None
    assert ledger.admit(SITE + "/b/") == MAX_PAGES
    ledger.release(SITE + "/a/")
    assert ledger.admit(SITE + "/b/") == SEEN_URL
    assert ledger.admit(SITE + "/c/") is None


def test_a_released_page_gives_its_slot_back_but_stays_requested():
    ledger = PageLedger(budget=fixed(1))
    assert ledger.admit("https://www.example.com/a/") is None
    ledger.release("https://example.com/a/")  # same site, www. or not
    assert ledger.admit("https://www.example.com/a/") == SEEN_URL
    assert ledger.admit("https://www.example.com/b/") is None
    assert ledger.admit("https://www.example.com/c/") == MAX_PAGES


def test_releasing_more_than_was_admitted_gives_no_extra_slots():
    ledger = PageLedger(budget=fixed(1))
    ledger.release(SITE + "/never-admitted/")
    ledger.release(SITE + "/never-admitted/")
    assert ledger.admit(SITE + "/a/") is None
    assert ledger.admit(SITE + "/b/") == MAX_PAGES


def test_a_page_marked_requested_is_seen_and_takes_no_budget():
    ledger = PageLedger(budget=fixed(1))
    ledger.mark_requested(SITE + "/2026/01/revisited/")
    assert ledger.admit(SITE + "/2026/01/revisited/?utm_source=x") == SEEN_URL
    assert ledger.admit(SITE + "/a/") is None


def test_reaching_a_budget_is_logged_once_per_site(caplog: pytest.LogCaptureFixture):
    logger = logging.getLogger("news")
    ledger = PageLedger(budget=fixed(1), logger=logger)
    with caplog.at_level(logging.WARNING, logger="news"):
        for path in ("/a/", "/b/", "/c/", "/d/"):
            ledger.admit(SITE + path)
        ledger.admit(OTHER + "/a/")
        ledger.admit(OTHER + "/b/")
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("news", logging.WARNING, "page budget of 1 reached for news.example.com"),
        ("news", logging.WARNING, "page budget of 1 reached for other.example.org"),
    ]


def test_without_a_logger_the_module_logger_speaks(caplog: pytest.LogCaptureFixture):
    ledger = PageLedger(budget=fixed(1))
    with caplog.at_level(logging.WARNING, logger="newscrawl.ledger"):
        ledger.admit(SITE + "/a/")
        ledger.admit(SITE + "/b/")
    assert [r.name for r in caplog.records] == ["newscrawl.ledger"]


# -- the news spider's use of its ledger ---------------------------------------------------------


def sitemap(*paths: str) -> bytes:
    urls = "".join(f"<url><loc>{SITE}{path}</loc></url>" for path in paths)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_the_news_spider_skips_seen_and_over_budget_pages(caplog: pytest.LogCaptureFixture):
    from scrapy.http import Request, TextResponse
    from scrapy.utils.test import get_crawler

    from spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_MAX_PAGES_PER_SITE": 2})
    spider = NewsSpider.from_crawler(crawler, start_urls=SITE + "/")
    body = sitemap("/", "/a/", "/a/?utm_source=x", "/b/", "/c/", "/d/")
    response = TextResponse(
        SITE + "/sitemap.xml",
        body=body,
        headers={"Content-Type": "application/xml"},
        request=Request(SITE + "/sitemap.xml", meta={"newscrawl_found_in": "sitemap_index"}),
    )
    with caplog.at_level(logging.WARNING, logger="news"):
        requests = list(spider.parse(response))
    assert [r.url for r in requests] == [SITE + "/a/", SITE + "/b/"]
    assert all(r.meta["newscrawl_page"] and r.priority == 1 for r in requests)
    stats = crawler.stats
    assert stats.get_value("newscrawl/skipped/seen_url") == 2  # the start URL, /a/ respelt
    assert stats.get_value("newscrawl/skipped/max_pages") == 2
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("news", "page budget of 2 reached for news.example.com")
    ]
