"""Hostile documents met during a real crawl: XML bombs, external entities, gzip bombs,
malformed and empty feeds, impossible dates. Each is refused within its size limit and becomes
a counted, logged drop; the crawl goes on and stores the good article.

(Binary pages, wrong content types, broken sitemaps and redirect loops are covered by
``tests/test_spider_bad_input.py``.)
"""

from __future__ import annotations

import gzip
import socket

import pytest

from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import CrawlResult, article_html, run_crawl

pytestmark = pytest.mark.timeout(180)

GOOD = "/2025/11/good-story-here/"
FUTURE = "/2025/11/story-from-the-future/"
BAD_DATE = "/2025/11/story-with-a-bad-date/"
SITEMAP_LIMIT = 1024 * 1024
DOWNLOAD_LIMIT = 4 * 1024 * 1024

LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
)
BILLION_LAUGHS_DTD = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{LAUGHS}]>'


def _bomb_sitemap(base: str) -> str:
    return (
        f'<?xml version="1.0"?>{BILLION_LAUGHS_DTD}'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/bomb/&lol9;</loc></url></urlset>"
    )


def _bomb_feed(base: str) -> str:
    return (
        f'<?xml version="1.0"?>{BILLION_LAUGHS_DTD}<rss version="2.0"><channel><title>&lol9;'
        f"</title><item><title>&lol9;</title><link>{base}/bomb/&lol9;</link></item>"
        "</channel></rss>"
    )


def _xxe_sitemap(base: str) -> str:
    return (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY host SYSTEM "file:///etc/hostname">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/leak/&host;/</loc></url></urlset>"
    )


def _dated_article(title: str, date: str) -> str:
    return article_html(title).replace("2025-11-02T10:00:00+00:00", date)


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory) -> tuple[CrawlResult, LocalSite]:
    """One crawl over a site of hostile documents (module-scoped: a crawl takes seconds)."""
    with LocalSite() as site:
        zeros = b"<urlset>" + b" " * (64 * 1024 * 1024)
        pages = {
            GOOD: Page.html(article_html("Good")),
            FUTURE: Page.html(_dated_article("Future", "2999-01-01T00:00:00+00:00")),
            BAD_DATE: Page.html(_dated_article("Baddate", "2025-13-45T99:99:99+00:00")),
            "/bomb-sitemap.xml": Page.xml(_bomb_sitemap(site.base_url)),
            "/bomb-feed.xml": Page.xml(_bomb_feed(site.base_url), "application/rss+xml"),
            "/xxe-sitemap.xml": Page.xml(_xxe_sitemap(site.base_url)),
            "/gzip-bomb.xml.gz": Page(gzip.compress(zeros, 9), "application/x-gzip"),
            "/encoded-bomb.html": Page(
                gzip.compress(b"<html>" + b" " * (64 * 1024 * 1024), 9),
                "text/html",
                headers={"Content-Encoding": "gzip"},
            ),
            "/broken-feed.xml": Page.xml("<rss><channel><item><link>", "application/rss+xml"),
            "/empty-feed.xml": Page.xml("<rss><channel><title>x</title></channel></rss>"),
        }
        site.set_pages(pages)
        starts = [site.url(p) for p in pages if p != GOOD]
        starts.append(site.url(GOOD))
        result = run_crawl(
            starts,
            tmp_path_factory.mktemp("hostile"),
            settings={
                "SITEMAP_MAX_SIZE": str(SITEMAP_LIMIT),
                "DOWNLOAD_MAXSIZE": str(DOWNLOAD_LIMIT),
                "DOWNLOAD_WARNSIZE": "0",
            },
        )
        yield result, site


def test_crawl_survives_and_stores_the_good_articles(hostile_crawl):
    result, site = hostile_crawl
    assert result.returncode == 0, result.log[-3000:]
    assert result.status == "finished"
    assert site.url(GOOD) in result.article_urls()
    # Neither the spider, extraction nor the pipelines raised.
    for marker in ("Spider error processing", "Error processing", "/spiders/", "/pipelines/"):
        at = result.log.find(marker)
        assert at == -1, result.log[max(0, at - 500) : at + 2500]


@pytest.mark.parametrize(
    ("stat", "log_text"),
    [
        ("newscrawl/dropped/bad_gzip", "/gzip-bomb.xml.gz"),
        # Recovery parsing reads a truncated feed as a feed without items.
        ("newscrawl/dropped/empty_feed", "/broken-feed.xml"),
        ("newscrawl/dropped/empty_feed", "/empty-feed.xml"),
    ],
)
def test_hostile_documents_are_counted_drops(hostile_crawl, stat, log_text):
    result, _ = hostile_crawl
    assert result.stat(stat) >= 1, sorted(k for k in result.stats if "newscrawl/" in k)
    assert log_text in result.log


def test_entity_expansion_bombs_are_not_expanded(hostile_crawl):
    result, site = hostile_crawl
    # Entities are never resolved: the sitemap's entry is read without it (and 404s), the
    # feed item without a usable link is dropped; nothing grows to a billion "lol"s.
    assert "/bomb/" in site.requested_paths()
    assert not [p for p in site.requested_paths() if "lol" in p]
    assert "lollol" not in result.log
    assert result.stat("newscrawl/dropped/empty_feed") >= 3  # bomb, broken and empty feeds
    assert "/bomb-feed.xml (empty_feed)" in result.log


def test_external_entities_are_never_read(hostile_crawl):
    _, site = hostile_crawl
    hostname = socket.gethostname()
    leaks = [p for p in site.requested_paths() if p.startswith("/leak/")]
    assert all(hostname not in p for p in leaks), leaks


def test_content_encoding_bomb_is_cancelled_at_the_size_limit(hostile_crawl):
    result, _ = hostile_crawl
    assert "/encoded-bomb.html" in result.log
    # Scrapy stops decompressing at DOWNLOAD_MAXSIZE and ignores the response.
    assert result.stat("newscrawl/fetch_failed/ignored") >= 1, sorted(result.stats)
    assert not [u for u in result.article_urls() if "bomb" in u]


def test_future_and_impossible_dates_are_not_stored(hostile_crawl):
    result, site = hostile_crawl
    rows = {
        url: published
        for url, published in result.rows("SELECT url, published_at FROM articles")
    }
    assert site.url(FUTURE) in rows and site.url(BAD_DATE) in rows  # the articles are kept
    assert rows[site.url(FUTURE)] is None or not str(rows[site.url(FUTURE)]).startswith("2999")
    assert rows[site.url(BAD_DATE)] is None
