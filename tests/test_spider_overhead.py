"""The news spider's per-page work: one parse of its own, links only when followed, site rules
resolved once per host (issue 6). And the link pass that replaced Scrapy's LinkExtractor."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

import newscrawl.classify
import newscrawl.extract
import newscrawl.extract.page
import spiders.news
from newscrawl.classify import outline_links, page_links, page_signals, parse_html
from newscrawl.demo.pages import build_site
from newscrawl.extract import SiteRules, extract_article
from newscrawl.items import Article
from spiders.news import NewsSpider

BASE = "http://127.0.0.1:8000"
ARTICLE = "/2025/10/copper-prices-hit-six-month-high-as-smelters-cut-output/"
OTHER_ARTICLE = "/2025/11/shipping-rates-climb-as-container-lines-reroute/"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def site():
    return build_site(BASE)


def make_spider(cls: type[NewsSpider] = NewsSpider) -> NewsSpider:
    return cls.from_crawler(get_crawler(cls), start_urls=BASE + "/")


def html_response(path: str, body: bytes, found_in: str = "page") -> HtmlResponse:
    url = BASE + path
    request = Request(url, meta={"newscrawl_found_in": found_in})
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse(url, body=body, headers=headers, request=request, encoding="utf-8")


def requested(outputs) -> list[str]:
    return [o.url for o in outputs if isinstance(o, scrapy.Request)]


class CallCounter:
    """Wraps a function and counts its calls (and keeps the positional arguments)."""

    def __init__(self, function):
        self.function = function
        self.calls: list[tuple] = []

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        return self.function(*args, **kwargs)


# -- the spider ---------------------------------------------------------------------------------


def test_article_page_links_are_never_extracted(monkeypatch, site):
    counter = CallCounter(outline_links)
    monkeypatch.setattr(spiders.news, "outline_links", counter)
    outputs = list(make_spider().parse(html_response(ARTICLE, site[ARTICLE].body)))
    assert [o for o in outputs if isinstance(o, Article)]
    assert counter.calls == []


def test_listing_page_links_are_extracted_and_followed(monkeypatch, site):
    counter = CallCounter(outline_links)
    monkeypatch.setattr(spiders.news, "outline_links", counter)
    urls = requested(make_spider().parse(html_response("/page/2/", site["/page/2/"].body)))
    assert len(counter.calls) == 1
    assert BASE + "/page/3/" in urls


def test_follow_article_links_still_follows_an_articles_links(site):
    class Related(NewsSpider):
        name = "related"
        follow_article_links = True

    outputs = list(make_spider(Related).parse(html_response(ARTICLE, site[ARTICLE].body)))
    assert [o for o in outputs if isinstance(o, Article)]
    assert any("/2025/" in url for url in requested(outputs))


@pytest.mark.parametrize("path", [ARTICLE, "/page/2/", "/"])
def test_a_page_is_parsed_once_and_never_through_response_selector(monkeypatch, site, path):
    # Extraction parses the page; classification reads the same tree, never a parse of its own.
    extraction_parses = CallCounter(newscrawl.extract.page.parse_html)
    monkeypatch.setattr(newscrawl.extract.page, "parse_html", extraction_parses)
    classification_parses = CallCounter(parse_html)
    monkeypatch.setattr(newscrawl.classify, "parse_html", classification_parses)
    response = html_response(path, site[path].body, found_in="start")
    outputs = list(make_spider().parse(response))
    assert outputs
    assert len(extraction_parses.calls) == 1
    assert classification_parses.calls == []
    # The Selector is built lazily: never built means no second parse and no reference cycle.
    assert response._cached_selector is None


def test_start_page_feeds_come_from_the_same_parse(site):
    urls = requested(make_spider().parse(html_response("/", site["/"].body, found_in="start")))
    assert BASE + "/feed/" in urls


def test_site_rules_are_resolved_once_per_host(monkeypatch, site):
    lookups = CallCounter(newscrawl.extract.rules.find_site_profile)
    monkeypatch.setattr(newscrawl.extract.rules, "find_site_profile", lookups)
    extract = CallCounter(extract_article)
    monkeypatch.setattr(newscrawl.extract, "extract_article", extract)
    spider = make_spider()
    for path in (ARTICLE, OTHER_ARTICLE, ARTICLE):
        list(spider.parse(html_response(path, site[path].body)))
    assert len(lookups.calls) == 1
    # Always explicit rules: extraction must not look the profile up again on each page.
    assert len(extract.calls) == 3
    assert all(isinstance(args[2], SiteRules) for args in extract.calls)


def test_a_host_with_a_profile_gets_its_rules():
    spider = make_spider()
    rules = spider._rules_for("https://www.valuewalk.com/2025/10/some-story/")
    assert rules == newscrawl.extract.load_site_profile("valuewalk").rules
    assert spider._rules_for(BASE + "/") == SiteRules()


def test_a_spider_profile_overrides_the_host_lookup(monkeypatch):
    class ValueWalk(NewsSpider):
        name = "vw"
        site_profile = "valuewalk"

    lookups = CallCounter(newscrawl.extract.rules.find_site_profile)
    monkeypatch.setattr(newscrawl.extract.rules, "find_site_profile", lookups)
    spider = make_spider(ValueWalk)
    assert spider._rules_for(BASE + "/x/") is spider.site_rules
    assert lookups.calls == []


@pytest.mark.parametrize("path", [ARTICLE, "/page/2/"])
def test_empty_rules_extract_exactly_what_no_rules_do(site, path):
    # The spider passes SiteRules() for hosts without a profile; it must mean "no site rules".
    url = BASE + path
    body = site[path].body
    assert extract_article(body, url, SiteRules(), now=NOW) == extract_article(body, url, now=NOW)


# -- the link pass ------------------------------------------------------------------------------

PAGE = "https://news.example.com/section/"


def links_of(html: str, url: str = PAGE) -> list[str]:
    return page_links(parse_html(html), url)


def test_page_links_are_absolute_unique_and_in_page_order():
    html = """<a href="/b/">b</a><a href=" /a/ ">a</a><a href="/b/">again</a>
    <map><area href="c/"></map>"""
    assert links_of(html) == [
        "https://news.example.com/b/",
        "https://news.example.com/a/",
        "https://news.example.com/section/c/",
    ]


def test_page_links_resolve_against_base_href():
    html = '<head><base href="https://cdn.example.com/root/"></head><a href="x/">x</a>'
    assert links_of(html) == ["https://cdn.example.com/root/x/"]


def test_page_links_leave_out_non_page_schemes_and_files():
    html = """<a href="mailto:desk@example.com">m</a><a href="javascript:void(0)">j</a>
    <a href="tel:+100">t</a><a href="/chart.JPG">img</a><a href="/report.pdf">pdf</a>
    <a href="/story/">story</a><a>no href</a>"""
    assert links_of(html) == ["https://news.example.com/story/"]


def test_page_links_skip_malformed_links_without_failing():
    html = '<a href="http://[ccpa-preferences]/x">bad</a><a href="/ok/">ok</a>'
    assert links_of(html) == ["https://news.example.com/ok/"]


@pytest.mark.parametrize("text", ["", "   ", "\x00", "plain words, no markup"])
def test_parse_html_never_fails_on_degenerate_text(text):
    root = parse_html(text)
    assert page_links(root, PAGE) == []
    assert page_signals(root, PAGE, (), frozenset({"news.example.com"})).article_blocks == 0


def test_signals_from_the_tree_equal_signals_from_a_selector(site):
    from parsel import Selector

    body = site["/page/2/"].body.decode("utf-8")
    url = BASE + "/page/2/"
    tree = parse_html(body)
    links = page_links(tree, url)
    hosts = frozenset({"127.0.0.1"})
    from_tree = page_signals(tree, url, links, hosts)
    assert from_tree == page_signals(Selector(text=body), url, links, hosts)
    assert from_tree.article_links and from_tree.pagination_links


def test_parse_html_reads_utf8_bytes_and_text_alike():
    html = '<meta property="og:type" content="Article"><p>café</p><article>a</article>'
    hosts = frozenset({"news.example.com"})
    from_text = page_signals(parse_html(html), PAGE, (), hosts)
    from_bytes = page_signals(parse_html(html.encode("utf-8") + b"\xff"), PAGE, (), hosts)
    assert from_text == from_bytes
    assert from_text.og_type == "article" and from_text.article_blocks == 1


def test_a_page_in_another_encoding_is_parsed_from_its_text(site):
    body = site["/page/2/"].body.decode("utf-8").encode("cp1252", errors="replace")
    response = HtmlResponse(
        BASE + "/page/2/",
        body=body,
        headers={"Content-Type": "text/html; charset=windows-1252"},
        request=Request(BASE + "/page/2/", meta={"newscrawl_found_in": "page"}),
    )
    assert response.encoding != "utf-8"
    assert BASE + "/page/3/" in requested(make_spider().parse(response))


def test_declared_feeds_resolve_against_the_base_href():
    from newscrawl.classify import outline_feeds
    from newscrawl.outline import page_outline

    html = (
        '<html><head><base href="https://cdn.example.com/news/">'
        '<link rel="alternate" type="application/rss+xml" href="feed.xml"></head></html>'
    )
    outline = page_outline(parse_html(html))
    assert outline_feeds(outline, "https://www.example.com/") == [
        "https://cdn.example.com/news/feed.xml"
    ]
