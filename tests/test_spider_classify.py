"""newscrawl.classify: article pages versus listing pages."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urljoin

import pytest
from parsel import Selector

from newscrawl.classify import (
    PageKind,
    PageSignals,
    classify_page,
    is_pagination_url,
    jsonld_types,
    looks_like_article_url,
    page_signals,
)
from newscrawl.demo.pages import build_site
from newscrawl.extract import extract_article
from newscrawl.items import Article

BASE = "https://news.example.com"
HOSTS = frozenset({"news.example.com"})
LONG_BODY = "\n".join(["A sentence of reporting that carries the story forward. " * 6] * 6)


def article(title: str | None = "A headline", body: str = LONG_BODY, dated: bool = True) -> Article:
    return Article(
        url=BASE + "/x/",
        fetched_url=BASE + "/x/",
        site="news.example.com",
        title=title,
        body=body,
        published_at=datetime(2025, 1, 2, tzinfo=timezone.utc) if dated else None,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/2025/01/some-story/",
        "https://news.example.com/markets/copper-hits-a-six-month-high",
        "https://news.example.com/story/123456",
        "https://news.example.com/2025-01-02/story.html",
    ],
)
def test_article_like_urls(url):
    assert looks_like_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/",
        "https://news.example.com/category/markets/",
        "https://news.example.com/tag/copper-prices-today/",
        "https://news.example.com/page/2/",
        "https://news.example.com/author/jane-doe-smith/",
        "https://news.example.com/about/",
        "https://news.example.com/markets/",
        "https://news.example.com/2025/01/",
    ],
)
def test_listing_and_utility_urls(url):
    assert not looks_like_article_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.com/page/2/", True),
        ("https://x.com/news?page=3", True),
        ("https://x.com/?paged=2", True),
        ("https://x.com/2025/01/story/", False),
        ("https://x.com/pages/about/", False),
    ],
)
def test_pagination_urls(url, expected):
    assert is_pagination_url(url) is expected


def test_long_dated_article_with_metadata_is_article():
    signals = PageSignals(og_type="article", jsonld_types={"newsarticle"}, url_shape=1)
    assert classify_page(article(), signals) is PageKind.ARTICLE


def test_long_article_without_any_metadata_is_article():
    assert classify_page(article(), PageSignals(url_shape=1)) is PageKind.ARTICLE


def test_no_title_is_never_an_article():
    signals = PageSignals(og_type="article", url_shape=1)
    assert classify_page(article(title=None), signals) is not PageKind.ARTICLE


def test_short_body_is_not_an_article():
    signals = PageSignals(article_links=[f"{BASE}/2025/01/story-{i}/" for i in range(5)])
    assert classify_page(article(body="Just a teaser."), signals) is PageKind.LISTING


def test_collection_page_with_many_entries_is_listing():
    signals = PageSignals(
        og_type="website",
        jsonld_types={"collectionpage"},
        article_links=[f"{BASE}/2025/01/story-number-{i}/" for i in range(6)],
        article_blocks=6,
        url_shape=-1,
    )
    assert classify_page(article(), signals) is PageKind.LISTING


def test_page_with_nothing_to_follow_is_other():
    signals = PageSignals(og_type="website", url_shape=-1)
    assert classify_page(article(body="About us."), signals) is PageKind.OTHER


def test_jsonld_types_from_graph_lists_and_broken_scripts():
    selector = Selector(
        text="""<script type="application/ld+json">{"@graph": [{"@type": ["NewsArticle",
        "Article"]}, {"@type": "WebSite"}]}</script>
        <script type="application/ld+json">{not json</script>"""
    )
    assert set(jsonld_types(selector)) == {"newsarticle", "article", "website"}


def test_page_signals_counts_on_site_article_links_and_pagination():
    html = f"""<html><head><meta property="og:type" content="Website">
    <link rel="next" href="/page/2/"></head><body>
    <article><a href="{BASE}/2025/01/first-story-here/">1</a></article>
    <article><a href="{BASE}/2025/01/second-story-here/">2</a></article>
    <a href="https://other.example.org/2025/01/off-site-story-here/">off</a></body></html>"""
    selector = Selector(text=html)
    links = selector.css("a::attr(href)").getall()
    signals = page_signals(selector, BASE + "/", links, HOSTS)
    assert signals.og_type == "website"
    assert signals.article_links == [
        f"{BASE}/2025/01/first-story-here/",
        f"{BASE}/2025/01/second-story-here/",
    ]
    assert signals.pagination_links == [f"{BASE}/page/2/"]
    assert signals.article_blocks == 2
    assert signals.url_shape == -1


@pytest.fixture(scope="module")
def demo_pages():
    return build_site("http://127.0.0.1:8000")


def _classify_demo(pages, path: str) -> PageKind:
    url = "http://127.0.0.1:8000" + path
    body = pages[path].body
    selector = Selector(text=body.decode("utf-8"))
    links = [urljoin(url, u) for u in selector.css("a::attr(href)").getall()]
    signals = page_signals(selector, url, links, frozenset({"127.0.0.1"}))
    return classify_page(extract_article(body, url), signals)


@pytest.mark.parametrize(
    "path",
    [
        "/2025/10/copper-prices-hit-six-month-high-as-smelters-cut-output/",
        "/2025/11/shipping-rates-climb-as-container-lines-reroute/",
    ],
)
def test_demo_articles_classify_as_articles(demo_pages, path):
    assert _classify_demo(demo_pages, path) is PageKind.ARTICLE


@pytest.mark.parametrize("path", ["/", "/page/2/", "/category/markets/"])
def test_demo_listings_classify_as_listings(demo_pages, path):
    assert _classify_demo(demo_pages, path) is PageKind.LISTING


def test_demo_about_page_is_not_an_article(demo_pages):
    assert _classify_demo(demo_pages, "/about/") is not PageKind.ARTICLE
