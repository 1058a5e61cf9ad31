"""Bad input during a real crawl: each case is a counted stat and a log line, never a crash."""

from __future__ import annotations

import pytest

from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import CrawlResult, article_html, free_port, run_crawl

pytestmark = pytest.mark.timeout(180)

GOOD = "/2025/11/good-story-one/"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02\x03" + bytes(range(256)) * 4


def _sitemap(locs: list[str]) -> str:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'


def _index(locs: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'


@pytest.fixture(scope="module")
def bad_crawl(tmp_path_factory) -> tuple[CrawlResult, LocalSite]:
    """One crawl over a site full of bad input (module-scoped: a crawl takes seconds)."""
    with LocalSite() as site:
        closed = f"http://127.0.0.1:{free_port()}/2025/11/unreachable-story-here/"
        pages = {
            GOOD: Page.html(article_html("Good")),
            "/downloads/q3-report/": Page(PDF, "application/pdf"),
            "/2025/11/empty-page-here/": Page(b"", "text/html"),
            "/2025/11/json-thing-here/": Page(b'{"title": "not a page"}', "application/json"),
            "/2025/11/mislabelled-html-page/": Page(
                article_html("Mislabelled").encode(), "image/jpeg"
            ),
            "/loop-a/": Page.redirect("/loop-b/"),
            "/loop-b/": Page.redirect("/loop-a/"),
            "/broken-sitemap.xml": Page.xml("this is not a sitemap at all"),
            "/truncated.xml.gz": Page(b"\x1f\x8b\x08\x00garbage-not-deflate", "application/x-gzip"),
            "/empty-sitemap.xml": Page.xml(_sitemap([])),
        }
        pages.update({f"/hop/{i}/": Page.redirect(f"/hop/{i + 1}/") for i in range(1, 15)})
        locs = [site.url(path) for path in pages if not path.endswith((".xml", ".gz"))]
        locs = [loc for loc in locs if "/hop/" not in loc or loc.endswith("/hop/1/")]
        locs += [site.url("/2025/11/missing-story-here/"), closed]
        pages["/sitemap.xml"] = Page.xml(_sitemap(locs))
        pages["/sitemap_index.xml"] = Page.xml(
            _index([site.url(p) for p in ("/sitemap.xml", "/broken-sitemap.xml",
                                          "/truncated.xml.gz", "/empty-sitemap.xml")])
        )
        site.set_pages(pages)
        result = run_crawl(
            [site.url("/sitemap_index.xml"), "ftp://127.0.0.1/not-http"],
            tmp_path_factory.mktemp("bad"),
        )
        yield result, site


def test_crawl_finishes_and_stores_the_goodarticle_html(bad_crawl):
    result, site = bad_crawl
    assert result.returncode == 0, result.log[-3000:]
    assert result.article_urls() == [site.url(GOOD)]
    assert result.status == "finished"
    # Scrapy's own robots.txt middleware logs a traceback for the unreachable host; the
    # spider, extraction and pipelines must not raise at all.
    for marker in ("Spider error processing", "Error processing", "/spiders/", "/pipelines/"):
        at = result.log.find(marker)
        assert at == -1, result.log[max(0, at - 500) : at + 2500]


@pytest.mark.parametrize(
    ("stat", "log_text"),
    [
        ("newscrawl/dropped/binary", "/downloads/q3-report/"),
        ("newscrawl/dropped/empty", "/2025/11/empty-page-here/"),
        ("newscrawl/dropped/unrecognised", "/2025/11/json-thing-here/"),
        ("newscrawl/dropped/non_html", "/2025/11/mislabelled-html-page/"),
        ("newscrawl/dropped/bad_sitemap", "/broken-sitemap.xml"),
        ("newscrawl/dropped/bad_gzip", "/truncated.xml.gz"),
        ("newscrawl/dropped/empty_sitemap", "/empty-sitemap.xml"),
        ("newscrawl/dropped/bad_start_url", "ftp://127.0.0.1/not-http"),
        ("newscrawl/fetch_failed/http_404", "/2025/11/missing-story-here/"),
        ("newscrawl/fetch_failed/connection_refused", "/2025/11/unreachable-story-here/"),
        ("newscrawl/fetch_failed/too_many_redirects", "/hop/"),
    ],
)
def test_bad_input_is_counted_and_logged(bad_crawl, stat, log_text):
    result, _ = bad_crawl
    assert result.stat(stat) >= 1, sorted(k for k in result.stats if k.startswith("newscrawl/"))
    assert log_text in result.log


def test_redirect_loop_does_not_hang_or_store(bad_crawl):
    result, site = bad_crawl
    assert site.requested_paths().count("/loop-a/") <= 2
    # A short cycle comes back to a URL already requested: Scrapy's duplicate filter ends it.
    assert result.stat("dupefilter/filtered") >= 1
    assert not [u for u in result.article_urls() if "loop" in u]
