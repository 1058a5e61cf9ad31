"""The ``news`` spider's parse step, in process: what each kind of document leads to."""

from __future__ import annotations

import gzip

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from newscrawl.demo.pages import build_site
from newscrawl.items import Article
from spiders.news import NewsSpider

BASE = "http://127.0.0.1:8000"


def make_spider(cls: type[NewsSpider] = NewsSpider, **settings) -> NewsSpider:
    crawler = get_crawler(cls, settings)
    return cls.from_crawler(crawler, start_urls=BASE + "/")


def respond(path: str, body: bytes, content_type: str, found_in: str = "start") -> Response:
    url = BASE + path
    request = Request(url, meta={"newscrawl_found_in": found_in})
    headers = {"Content-Type": content_type}
    if content_type.startswith("text/html"):
        return HtmlResponse(url, body=body, headers=headers, request=request, encoding="utf-8")
    if content_type.startswith(("text/", "application/xml", "application/rss")):
        return TextResponse(url, body=body, headers=headers, request=request, encoding="utf-8")
    return Response(url, body=body, headers=headers, request=request)


def requested(outputs) -> list[str]:
    return [o.url for o in outputs if isinstance(o, scrapy.Request)]


def stat(spider: NewsSpider, name: str) -> int:
    return spider.crawler.stats.get_value(name, 0)


@pytest.fixture(scope="module")
def site():
    return build_site(BASE)


def test_robots_leads_to_on_site_sitemaps_only():
    spider = make_spider()
    body = b"User-agent: *\nSitemap: /s1.xml\nSitemap: https://elsewhere.example/s2.xml\n"
    urls = requested(spider.parse(respond("/robots.txt", body, "text/plain")))
    assert urls == [BASE + "/s1.xml"]
    assert stat(spider, "newscrawl/skipped/off_site") == 1


def test_robots_without_sitemap_falls_back_to_the_homepage():
    spider = make_spider()
    response = respond("/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain")
    urls = requested(spider.parse(response))
    assert urls == [BASE + "/"]


def test_sitemap_recognised_by_content_at_any_url(site):
    spider = make_spider()
    body = gzip.decompress(site["/post-sitemap.xml.gz"].body)
    urls = requested(spider.parse(respond("/anything", body, "text/html", "robots")))
    assert len(urls) == 9 and all("/2025/" in u for u in urls)


def test_gzip_sitemap_body_is_decompressed(site):
    spider = make_spider()
    body = site["/post-sitemap.xml.gz"].body
    response = respond("/post-sitemap.xml.gz", body, "application/x-gzip")
    assert len(requested(spider.parse(response))) == 9


def test_feed_leads_to_its_items(site):
    spider = make_spider()
    urls = requested(spider.parse(respond("/feed/", site["/feed/"].body, "application/rss+xml")))
    assert len(urls) == 9
    assert any("utm_source=rss" in u for u in urls)


def test_article_page_yields_an_article_and_no_requests(site):
    spider = make_spider()
    path = "/2025/10/copper-prices-hit-six-month-high-as-smelters-cut-output/"
    outputs = list(spider.parse(respond(path, site[path].body, "text/html", "sitemap")))
    articles = [o for o in outputs if isinstance(o, Article)]
    assert len(articles) == 1 and not requested(outputs)
    assert articles[0].title == "Copper Prices Hit Six-Month High As Smelters Cut Output"
    assert stat(spider, "newscrawl/pages/article") == 1


def test_listing_page_follows_pagination_and_articles_not_offsite(site):
    spider = make_spider()
    outputs = list(spider.parse(respond("/page/2/", site["/page/2/"].body, "text/html", "page")))
    urls = requested(outputs)
    assert not [o for o in outputs if isinstance(o, Article)]
    assert BASE + "/page/3/" in urls
    assert sum("/2025/" in u for u in urls) >= 4
    assert all(u.startswith(BASE) for u in urls)
    assert not [u for u in urls if "replytocom" in u or "/feed/" in u]


def test_start_homepage_also_reads_its_declared_feed(site):
    spider = make_spider()
    urls = requested(spider.parse(respond("/", site["/"].body, "text/html", "start")))
    assert BASE + "/feed/" in urls


def test_follow_url_hook_narrows_what_a_sitemap_leads_to(site):
    class OnlyNovember(NewsSpider):
        name = "only-november"

        def follow_url(self, url: str, found_in: str, date: str | None = None) -> bool:
            return found_in != "sitemap" or (date or "").startswith("2025-11")

    spider = make_spider(OnlyNovember)
    body = gzip.decompress(site["/post-sitemap.xml.gz"].body)
    urls = requested(spider.parse(respond("/s.xml", body, "application/xml", "sitemap_index")))
    assert urls and all("/2025/11/" in u for u in urls)
    assert stat(spider, "newscrawl/skipped/filtered") >= 1


def test_page_budget_is_per_site(site):
    spider = make_spider(NEWSCRAWL_MAX_PAGES_PER_SITE=3)
    body = gzip.decompress(site["/post-sitemap.xml.gz"].body)
    urls = requested(spider.parse(respond("/s.xml", body, "application/xml", "sitemap_index")))
    assert len(urls) == 3
    assert stat(spider, "newscrawl/skipped/max_pages") == 6


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)), "image/png", "binary"),
        (b"", "text/html", "empty"),
        (b'{"a": 1}', "application/json", "unrecognised"),
        (b"<html><body><p>x</p></body></html>", "application/octet-stream", "non_html"),
        (b"\x1f\x8b\x08\x00broken", "application/x-gzip", "bad_gzip"),
    ],
)
def test_unusable_documents_are_dropped_and_counted(body, content_type, reason):
    spider = make_spider()
    outputs = list(spider.parse(respond("/x/", body, content_type, "page")))
    assert outputs == []
    assert stat(spider, f"newscrawl/dropped/{reason}") == 1


def test_garbage_where_a_sitemap_was_promised_is_a_bad_sitemap():
    spider = make_spider()
    list(spider.parse(respond("/sitemap.xml", b"oops", "text/plain", "robots")))
    assert stat(spider, "newscrawl/dropped/bad_sitemap") == 1


def test_extraction_crash_costs_one_page(monkeypatch, site):
    import newscrawl.extract

    def broken(*args, **kwargs):
        raise RuntimeError("bug in extraction")

    monkeypatch.setattr(newscrawl.extract, "extract_article", broken)
    spider = make_spider()
    path = "/2025/10/copper-prices-hit-six-month-high-as-smelters-cut-output/"
    assert list(spider.parse(respond(path, site[path].body, "text/html", "sitemap"))) == []
    assert stat(spider, "newscrawl/dropped/extraction_crash") == 1


def test_malformed_links_are_skipped_not_fatal(site):
    spider = make_spider()
    bad_links = (
        '<a href="http://[ccpa-preferences]/x">a</a><a href="http://127.0.0.1:abc/2025/01/x-y-z/">b</a>'
        '<link rel="next" href="http://[broken/page/2/">'
    )
    body = site["/page/2/"].body.replace(b"</body>", bad_links.encode() + b"</body>")
    urls = requested(spider.parse(respond("/page/2/", body, "text/html", "page")))
    assert BASE + "/page/3/" in urls
    assert all("ccpa" not in u and ":abc" not in u for u in urls)


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://127.0.0.1:8000/2026/01/a/</loc><lastmod>2026-01-02T10:00:00Z</lastmod>
<news:news><news:publication_date>2026-01-01T09:00:00Z</news:publication_date>
<news:title>Sitemap title</news:title></news:news></url>
</urlset>"""


def test_sitemap_facts_travel_with_the_request_as_plain_strings():
    spider = make_spider()
    (request,) = spider.parse(respond("/news.xml", NEWS_SITEMAP, "application/xml"))
    assert request.meta["newscrawl_lastmod"] == "2026-01-02T10:00:00Z"
    assert request.meta["newscrawl_published"] == "2026-01-01T09:00:00Z"
    assert request.meta["newscrawl_title"] == "Sitemap title"
    assert request.meta["newscrawl_page"] is True


def test_a_not_modified_answer_yields_nothing():
    spider = make_spider()
    response = Response(BASE + "/2026/01/a/", status=304, request=Request(BASE + "/2026/01/a/"))
    assert list(spider.parse(response)) == []
    assert stat(spider, "newscrawl/pages/not_modified") == 1
    assert stat(spider, "newscrawl/dropped/empty") == 0


def test_released_pages_free_their_budget():
    spider = make_spider(NEWSCRAWL_MAX_PAGES_PER_SITE=1)
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://127.0.0.1:8000/a/</loc></url></urlset>"
    )
    (first,) = spider.parse(respond("/s1.xml", sitemap, "application/xml"))
    spider.release_page(first.url)  # e.g. skipped as unchanged by the incremental middleware
    other = sitemap.replace(b"/a/", b"/b/")
    assert requested(spider.parse(respond("/s2.xml", other, "application/xml"))) == [
        BASE + "/b/"
    ]


def test_revisit_requests_count_as_requested():
    spider = make_spider()
    request = spider.page_request(BASE + "/2026/01/a/", "revisit")
    assert request.meta["newscrawl_found_in"] == "revisit"
    sitemap = NEWS_SITEMAP
    assert list(spider.parse(respond("/news.xml", sitemap, "application/xml"))) == []
    assert stat(spider, "newscrawl/skipped/seen_url") == 1
