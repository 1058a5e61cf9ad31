"""Tell article pages from listing pages.

The crawler stores article pages and follows the links of listing pages (home, sections, tags,
pagination). The decision weighs what the extractor found (a title and a long body), what the
page declares about itself (``og:type``, JSON-LD ``@type``) and how the page is built (many
``<article>`` blocks and many links that look like article URLs mean a listing).

A page is parsed once. What classification reads from it is taken from the parsed tree in one
pass of precompiled XPath queries (:func:`page_outline`), before extraction prunes the tree:
plain strings and numbers (:class:`PageOutline`), cheap to keep and to send between processes.
The page's signals (:func:`outline_signals`) and, only for pages whose links are followed, its
links (:func:`outline_links`) are then computed from the outline. :func:`page_signals` and
:func:`page_links` do the same from a tree (:func:`parse_html`) or a parsel Selector.
:class:`PageOutline`, :func:`page_outline` and :func:`jsonld_types` live in
:mod:`newscrawl.outline` (which needs no Scrapy) and are importable from here too.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from posixpath import splitext
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.linkextractors import IGNORED_EXTENSIONS

from newscrawl.discovery import is_usable_url
from newscrawl.items import Article
from newscrawl.outline import (
    BASE_HREF,
    LINK_HREFS,
    PageOutline,
    jsonld_types,
    page_outline,
    root_of,
)
from newscrawl.urls import same_site

# schema.org types that describe one story, and types that describe a collection of them.
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
        "socialmediaposting", "liveblogposting", "techarticle", "scholarlyarticle", "report",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
# Generic page types: on a page without article metadata they lean towards "not a story".
GENERIC_TYPES = frozenset({"website", "webpage", "blog"})

# Path segments that name a listing, an account page or a utility page, never a story.
_NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "category", "categories", "author", "authors", "page", "feed", "rss",
        "search", "login", "register", "account", "wp-admin", "wp-login.php", "wp-json",
        "cart", "about", "contact", "privacy", "privacy-policy", "terms", "subscribe",
        "newsletter", "advertise", "topics", "topic", "section", "sections", "comments",
    }
)
_DATE_IN_PATH = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])(/|$)|/(19|20)\d{2}-\d{2}-\d{2}")
_NUMERIC_ID = re.compile(r"\d{5,}")
_PAGINATION = re.compile(r"(/page/\d+/?$)|([?&](page|paged|p|pg)=\d+)", re.IGNORECASE)

# Links to files that are never pages (images, archives, documents...), as Scrapy skips them.
_NOT_PAGE_EXTENSIONS = frozenset("." + ext for ext in IGNORED_EXTENSIONS)
# Link schemes kept (as Scrapy's LinkExtractor keeps them): mailto:, javascript:, tel: are not.
_LINK_SCHEMES = frozenset({"http", "https", "file", "ftp"})

__all__ = [
    "PageKind",
    "PageOutline",
    "PageSignals",
    "classify_page",
    "is_article",
    "is_pagination_url",
    "jsonld_types",
    "looks_like_article_url",
    "outline_feeds",
    "outline_links",
    "outline_signals",
    "page_links",
    "page_outline",
    "page_signals",
    "parse_html",
]

# Thresholds, in words of extracted body text.
VERY_LONG_BODY_WORDS = 450
LONG_BODY_WORDS = 150
SHORT_BODY_WORDS = 60
TOO_SHORT_BODY_WORDS = 25
# A page with at least this many article-like links or <article> blocks reads as a listing.
LISTING_MIN_LINKS = 3


class PageKind(enum.Enum):
    """What an HTML page is, for the crawler."""

    ARTICLE = "article"
    LISTING = "listing"
    OTHER = "other"


@dataclass
class PageSignals:
    """What a page says about itself, gathered once from its parsed tree."""

    og_type: str | None = None
    jsonld_types: set[str] = field(default_factory=set)
    article_links: list[str] = field(default_factory=list)
    article_blocks: int = 0
    pagination_links: list[str] = field(default_factory=list)
    url_shape: int = 0  # +1 the page's URL looks like a story's, -1 like a listing's, else 0


def looks_like_article_url(url: str) -> bool:
    """True when ``url``'s shape suggests a single story.

    A story URL has a date in its path, a long numeric id, or a slug of several words; and none
    of its path segments names a listing or utility page (``/tag/``, ``/page/2/``, ``/about/``).
    """
    path = urlsplit(url).path
    segments = [s for s in path.lower().split("/") if s]
    if not segments or any(s in _NON_ARTICLE_SEGMENTS for s in segments):
        return False
    if _DATE_IN_PATH.search(path) and not path.rstrip("/").split("/")[-1].isdigit():
        return True
    last = segments[-1].rsplit(".", 1)[0]
    return bool(_NUMERIC_ID.search(last)) or last.count("-") >= 2


def is_pagination_url(url: str) -> bool:
    """True for ``/page/2/``, ``?page=3`` and the like."""
    parts = urlsplit(url)
    return bool(_PAGINATION.search(parts.path + ("?" + parts.query if parts.query else "")))


def parse_html(html: str | bytes) -> etree._Element:
    """Parse a page's HTML (text, or UTF-8 bytes) into an lxml tree, as leniently as browsers
    (and parsel) do: invalid bytes become U+FFFD, broken markup is repaired.

    Parse a page once and hand the tree to :func:`page_signals` and :func:`page_links`.
    A document with no markup at all gives an empty ``<html>`` element.
    """
    if isinstance(html, str):
        if "\x00" in html:
            html = html.replace("\x00", "")  # noise, not structure (parsel drops them too)
        # Encoded to UTF-8 and declared so: lxml then never guesses the encoding.
        html = html.encode("utf-8", errors="replace")
    root = None
    if html and not html.isspace():
        # A parser per call: lxml parsers must not be shared between threads.
        parser = etree.HTMLParser(recover=True, encoding="utf-8", collect_ids=False)
        root = etree.fromstring(html, parser=parser)
    return root if root is not None else etree.Element("html")


def page_links(tree: Any, page_url: str) -> list[str]:
    """The absolute URLs of a page's ``<a>`` and ``<area>`` links, de-duplicated, in page order.

    Relative links resolve against the page's ``<base href>`` when it has one. Left out:
    links that cannot be resolved, ``mailto:``, ``javascript:`` and the like, and links to
    files that are not pages (``.jpg``, ``.pdf``...). Whether a URL is on-site or fetchable is
    for the caller to decide.
    """
    root = root_of(tree)
    base_hrefs = BASE_HREF(root)
    return _resolve_links(LINK_HREFS(root), base_hrefs[0] if base_hrefs else None, page_url)


def outline_links(outline: PageOutline, page_url: str) -> list[str]:
    """:func:`page_links` of the page ``outline`` was taken from."""
    return _resolve_links(outline.link_hrefs, outline.base_href, page_url)


def outline_feeds(outline: PageOutline, page_url: str) -> list[str]:
    """The absolute URLs of the feeds the page declares (unusable ones as ``""``), resolved
    against its ``<base href>`` as links are."""
    base = _base_url(outline.base_href, page_url)
    return [_join(base, href) for href in outline.feed_hrefs]


def _base_url(base_href: str | None, page_url: str) -> str:
    return (_join(page_url, base_href) if base_href else "") or page_url


def _resolve_links(hrefs: Iterable[str], base_href: str | None, page_url: str) -> list[str]:
    base = _base_url(base_href, page_url)
    links: dict[str, None] = {}
    for href in hrefs:
        url = _join(base, href)
        if url and _is_page_link(url):
            links[url] = None
    return list(links)


def _is_page_link(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host; is_usable_url would reject it too
        return False
    return (
        parts.scheme in _LINK_SCHEMES
        and splitext(parts.path)[1].lower() not in _NOT_PAGE_EXTENSIONS
    )


def page_signals(
    tree: Any, page_url: str, links: Iterable[str], hosts: frozenset[str]
) -> PageSignals:
    """Gather the :class:`PageSignals` of a page, from its parsed tree (or a Selector).

    ``links`` are the page's absolute link URLs; only those on one of ``hosts`` count.
    """
    return outline_signals(page_outline(tree), page_url, links, hosts)


def outline_signals(
    outline: PageOutline, page_url: str, links: Iterable[str], hosts: frozenset[str]
) -> PageSignals:
    """:func:`page_signals` of the page ``outline`` was taken from."""
    on_site = [u for u in links if is_usable_url(u) and same_site(u, hosts)]
    pagination = [url for u in outline.next_hrefs if is_usable_url(url := _join(page_url, u))]
    pagination += [u for u in on_site if is_pagination_url(u)]
    return PageSignals(
        og_type=outline.og_type,
        jsonld_types=set(outline.jsonld_types),
        article_links=list(dict.fromkeys(u for u in on_site if looks_like_article_url(u))),
        article_blocks=outline.article_blocks,
        pagination_links=list(dict.fromkeys(u for u in pagination if same_site(u, hosts))),
        url_shape=_url_shape(page_url),
    )


def _join(base: str, href: str) -> str:
    try:
        return urljoin(base, href.strip())
    except ValueError:  # a malformed href; is_usable_url rejects the empty result
        return ""


def _url_shape(url: str) -> int:
    if looks_like_article_url(url):
        return 1
    path = urlsplit(url).path.strip("/")
    if not path or is_pagination_url(url):
        return -1
    return -1 if any(s in _NON_ARTICLE_SEGMENTS for s in path.lower().split("/")) else 0


def classify_page(article: Article, signals: PageSignals) -> PageKind:
    """Decide whether a page is an article, a listing, or neither.

    Without a title nothing is an article. Otherwise points are given for article metadata,
    body length, a publication date and a story-shaped URL, and taken away for listing or
    generic metadata, a listing-shaped URL and a page made of many ``<article>`` blocks; a
    balance of at least 2 is an article. A page that is
    not an article but links to several article-like URLs (or has pagination) is a listing.
    """
    if is_article(article, signals):
        return PageKind.ARTICLE
    if len(signals.article_links) >= LISTING_MIN_LINKS or signals.pagination_links:
        return PageKind.LISTING
    return PageKind.OTHER


def is_article(article: Article, signals: PageSignals) -> bool:
    """The article half of :func:`classify_page`; it never looks at the page's links."""
    return bool(article.title and article.title.strip()) and _article_score(article, signals) >= 2


def _article_score(article: Article, signals: PageSignals) -> int:
    score = 0
    declared = signals.jsonld_types | ({signals.og_type} if signals.og_type else set())
    has_article_type = bool(declared & ARTICLE_TYPES)
    if has_article_type:
        score += 3
    elif declared & LISTING_TYPES:
        score -= 2
    elif declared & GENERIC_TYPES:
        score -= 1
    words = len(article.body.split())
    if words >= VERY_LONG_BODY_WORDS:
        score += 3  # listings rarely yield this much running text
    elif words >= LONG_BODY_WORDS:
        score += 2
    elif words >= SHORT_BODY_WORDS:
        score += 1
    elif words < TOO_SHORT_BODY_WORDS:
        score -= 3
    if article.published_at is not None:
        score += 1
    if signals.article_blocks >= LISTING_MIN_LINKS and not has_article_type:
        score -= 2
    return score + signals.url_shape
