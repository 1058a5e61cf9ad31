"""The generic ``news`` spider: find the articles of any site, fetch them, hand them to extraction.

    scrapy crawl news -a start_urls=https://example.com/robots.txt,https://example.com/

Each start URL may be a homepage, a ``robots.txt`` (its ``Sitemap:`` lines are followed), a
sitemap or sitemap index (gzip too), an RSS/Atom feed, a listing page or an article. The spider
tells them apart by their *content* (:func:`newscrawl.discovery.sniff_document`), so every
response, whatever led to it, goes through the same :meth:`NewsSpider.parse`.

HTML pages are analysed by :func:`newscrawl.analysis.analyse_page`: one parse gives the article
(:func:`newscrawl.extract.extract_article`) and the page's outline, from which
:func:`newscrawl.classify.classify_page` says whether the page is an article (yielded as an item)
or a listing (its links are followed, pagination included, within ``DEPTH_LIMIT`` and
``NEWSCRAWL_MAX_PAGES_PER_SITE``). With ``NEWSCRAWL_EXTRACT_PROCESSES`` above 0 (``"auto"`` in
the project settings) that analysis runs in worker processes (the spider's
:class:`~newscrawl.analysis.PageAnalyser`, opened and closed with the spider): requests then
name :meth:`NewsSpider.parse_async` as their callback, which awaits the workers while the
reactor goes on fetching, or analyses the page itself when the workers have a queue
(``NEWSCRAWL_EXTRACT_SHARE``; counted as ``newscrawl/extraction/shared_with_crawler``).
The spider never leaves the start URLs' hosts and only fetches http(s). A page is requested
once per canonical URL (``?utm_source=`` and other tracking parameters ignored), and at most
``NEWSCRAWL_MAX_PAGES_PER_SITE`` pages per site: the spider's
:class:`~newscrawl.ledger.PageLedger` keeps that account. Duplicates that only the fetched page
reveals (its ``<link rel="canonical">``, the same text under another slug) are left to the
dedupe pipeline.

Nothing bad in the input stops the crawl: every page that cannot be used is a log line and a
``newscrawl/dropped/<reason>`` stat, every failed fetch a ``newscrawl/fetch_failed/<reason>``.
The stats (also stored in ``crawl_runs.stats``):

- ``newscrawl/documents/<kind>``: responses by kind (robots, sitemap, sitemap_index, feed, html,
  binary, empty, unknown); ``newscrawl/pages/<kind>``: HTML pages by kind (article, listing,
  other), and not_modified (a 304 to a conditional request);
- ``newscrawl/dropped/<reason>``: non_html, binary, empty, unrecognised, bad_gzip,
  bad_sitemap, empty_sitemap, bad_feed, empty_feed, off_site, extraction_error,
  extraction_crash, extraction_worker_crash (an analysis worker process died twice with the
  page), bad_start_url (and the pipelines' no_title, no_body, bad_url, duplicate_url,
  duplicate_content); ``newscrawl/extraction/pool_restarts``: analysis pools replaced after a
  worker died; ``newscrawl/extraction/shared_with_crawler``: pages the crawler's process
  analysed itself while its workers had a queue;
- ``newscrawl/fetch_failed/<reason>``: http_<status>, dns, connection_refused, timeout,
  too_many_redirects, robots_forbidden, data_loss, ...;
- ``newscrawl/skipped/<reason>``: off_site, filtered (by the hook), seen_url (same canonical
  URL already requested), max_pages, bad_url (and the incremental middleware's
  unchanged_lastmod, too_old).

What discovery learnt about a page travels with its request, as plain strings in ``meta``
(so that requests stay serialisable for ``JOBDIR`` and Redis): ``newscrawl_lastmod`` (sitemap
``lastmod``), ``newscrawl_published`` (``news:publication_date`` or a feed's date) and
``newscrawl_title`` (``news:title``). The last two fill in a page's title and publication date
when extraction finds none. Incremental crawling (conditional requests, skipping what a
``lastmod`` says is unchanged, revisits, crawl state) is done around the spider by
:class:`pipelines.incremental.IncrementalMiddleware`; the spider only answers a ``304 Not
Modified`` with nothing.

Subclasses customise it declaratively (class attributes below) and through one hook,
:meth:`NewsSpider.follow_url`, called for every URL found in a sitemap, feed or page.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
import scrapy.exceptions
from scrapy import signals as scrapy_signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from newscrawl.analysis import (
    ExtractionCrash,
    PageAnalyser,
    PageAnalysis,
    WorkerCrash,
    page_source,
)
from newscrawl.classify import (
    PageKind,
    PageOutline,
    PageSignals,
    classify_page,
    is_article,
    outline_feeds,
    outline_links,
    outline_signals,
)
from newscrawl.discovery import (
    DiscoveryError,
    DocumentKind,
    Entry,
    decompress,
    is_usable_url,
    parse_entry_date,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
    sniff_document,
)
from newscrawl.items import Article
from newscrawl.ledger import PageLedger
from newscrawl.urls import host_of, same_site

if TYPE_CHECKING:
    from newscrawl.extract.rules import SiteRules

# Content types under which an HTML page may arrive (servers are sloppy, so text/plain too).
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
# What a discovery document said it links to, by where the link was found.
_EXPECTED_DOCUMENT = {"robots": "sitemap", "sitemap_index": "sitemap", "feed_link": "feed"}
# Which download errors mean what, for the fetch_failed stats. Scrapy >= 2.14 wraps Twisted's
# errors in its own exception classes; both are listed so that either version is understood.
_SCRAPY_ERRORS = (
    ("CannotResolveHostError", "dns"),
    ("DownloadConnectionRefusedError", "connection_refused"),
    ("DownloadTimeoutError", "timeout"),
    ("ResponseDataLossError", "data_loss"),
    ("UnsupportedURLSchemeError", "unsupported_scheme"),
    ("DownloadCancelledError", "cancelled"),
    ("DownloadFailedError", "download_failed"),
)
_FETCH_ERRORS: tuple[tuple[type[BaseException], str], ...] = (
    *(
        (getattr(scrapy.exceptions, name), reason)
        for name, reason in _SCRAPY_ERRORS
        if hasattr(scrapy.exceptions, name)
    ),
    (DNSLookupError, "dns"),
    (ConnectionRefusedError, "connection_refused"),
    (TimeoutError, "timeout"),
    (TCPTimedOutError, "timeout"),
    (ConnectionLost, "connection_lost"),
    (ConnectError, "connect_error"),
)


class NewsSpider(scrapy.Spider):
    """Generic news spider; see the module docstring for what it does."""

    name = "news"

    # -- declarative configuration (override in subclasses) ----------------------------------
    #: Name of a site profile (``newscrawl/sites/<name>.toml``): its start URLs, hosts and
    #: extraction rules are used unless ``-a start_urls=`` overrides the start URLs.
    site_profile: ClassVar[str | None] = None
    #: Regular expressions (searched in the full URL) of links never followed from pages.
    deny_url_patterns: ClassVar[tuple[str, ...]] = (
        r"/wp-(admin|login\.php|json)\b",
        r"/xmlrpc\.php",
        r"[?&](replytocom|share|print|output)=",
        r"/(feed|rss|comments/feed)/?$",  # feeds are read when a start page declares them
        r"/(login|logout|register|signin|signup|cart|checkout|search)\b",
        r"[?&](s|q)=",
        r"/(amp)/?$",
    )
    #: Also follow the links of article pages (related stories). Off by default: listing pages,
    #: sitemaps and feeds find the articles, and crawls stay focused.
    follow_article_links: ClassVar[bool] = False
    #: Read feeds that a start page declares with ``<link rel="alternate" type="…rss/atom…">``.
    follow_declared_feeds: ClassVar[bool] = True

    def __init__(self, *args: Any, start_urls: str | Iterable[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        profile = self._load_profile()
        self.site_rules: SiteRules | None = getattr(profile, "rules", None)
        # Extraction rules by host, looked up once per host rather than once per page.
        self._rules_by_host: dict[str, SiteRules] = {}
        given = _split_urls(start_urls)
        urls = given or list(getattr(profile, "start_urls", None) or [])
        self.start_urls = [u for u in urls if is_usable_url(u)]
        self._rejected_start_urls = [u for u in urls if not is_usable_url(u)]
        hosts = {host_of(u) for u in self.start_urls}
        hosts.update(getattr(profile, "hosts", None) or ())
        self.hosts: frozenset[str] = frozenset(h for h in hosts if h)
        # Scrapy's offsite middleware also checks redirects against these (host names only).
        self.allowed_domains = sorted({h.removeprefix("www.") for h in self.hosts})
        self._deny = [re.compile(p, re.IGNORECASE) for p in self.deny_url_patterns]
        # The pages requested so far, by canonical URL: a story linked with and without
        # ?utm_source= is fetched once, and counts once against the page budget.
        self._pages = PageLedger(self.start_urls, budget=self._page_budget, logger=self.logger)
        # Where HTML pages are analysed (in worker processes with NEWSCRAWL_EXTRACT_PROCESSES);
        # from_crawler sets it from the crawler's settings.
        self._analyser = PageAnalyser()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._analyser = PageAnalyser.from_settings(
            crawler.settings, on_restart=lambda: spider._count("extraction", "pool_restarts")
        )
        crawler.signals.connect(spider._open_analysis_pool, signal=scrapy_signals.spider_opened)
        crawler.signals.connect(spider._close_analysis_pool, signal=scrapy_signals.spider_closed)
        return spider

    def _open_analysis_pool(self, spider: scrapy.Spider) -> None:
        if spider is not self or not self._analyser.processes:
            return
        self._analyser.open()
        self.logger.info("analysing pages in %d worker process(es)", self._analyser.processes)

    async def wait_for_analysis_room(self) -> None:
        """Return once the analysis pool can take another page (at once without a pool).
        :class:`pipelines.backpressure.AnalysisBackpressure` awaits it before each download,
        so that the crawler fetches no faster than its workers analyse."""
        await self._analyser.wait_for_room()

    def _close_analysis_pool(self, spider: scrapy.Spider) -> None:
        if spider is self:
            self._analyser.close()

    def _load_profile(self) -> Any:
        if not self.site_profile:
            return None
        from newscrawl.extract.rules import load_site_profile

        return load_site_profile(self.site_profile)

    # -- hook ---------------------------------------------------------------------------------

    def follow_url(self, url: str, found_in: str, date: str | None = None) -> bool:
        """Hook: return False to skip ``url``, found in a ``found_in`` document.

        ``found_in`` is ``"robots"`` (a ``Sitemap:`` line), ``"sitemap_index"`` (a child
        sitemap), ``"sitemap"`` or ``"feed"`` (an entry), ``"feed_link"`` (a feed a start page
        declares) or ``"page"`` (a link on a listing page). ``date`` is the entry's ``lastmod``
        or publication date as the document writes it, for sitemap and feed entries.
        Off-site and non-http(s) URLs are excluded before this is called. The default skips page
        links matching :attr:`deny_url_patterns` and follows everything else. Override it to
        narrow a crawl: to one section, or to recent entries (skip yearly sitemaps of past
        years by their ``lastmod``).
        """
        if found_in != "page":
            return True
        return not any(pattern.search(url) for pattern in self._deny)

    # -- start --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """One request per start URL; what each is becomes known only from its content."""
        for url in self._rejected_start_urls:
            self.logger.error("ignoring start URL %r: only absolute http(s) URLs are crawled", url)
            self._count("dropped", "bad_start_url")
        if not self.start_urls:
            self.logger.error("no start URLs: use -a start_urls=URL[,URL...]")
        for url in self.start_urls:
            yield self._request(url, "start", is_page=False)

    # -- parsing ------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Handle any response: robots.txt, sitemap, feed or HTML page, told apart by content.

        An HTML page is analysed (extracted and classified) in this process."""
        reading = _Returning(self._read_document(response))
        yield from reading
        page = reading.value
        if page is None:
            return
        analysis = yield from self._analyse_here(page)
        if analysis is not None:
            yield from self._page_outputs(page, analysis)

    async def parse_async(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """:meth:`parse`, with HTML pages analysed in the analysis pool's worker processes
        (``NEWSCRAWL_EXTRACT_PROCESSES``), so that the reactor goes on while they are."""
        reading = _Returning(self._read_document(response))
        for output in reading:
            yield output
        page = reading.value
        if page is None:
            return
        if self._analyser.analyses_here():  # no pool open, or the pool is full
            if self._analyser.pooled:
                self._count("extraction", "shared_with_crawler")
            analysing = _Returning(self._analyse_here(page))
            for output in analysing:
                yield output
            analysis = analysing.value
        else:
            analysis = await self._analyse_in_pool(page)
        if analysis is not None:
            for output in self._page_outputs(page, analysis):
                yield output

    def _read_document(self, response: Response) -> Generator[Any, None, TextResponse | None]:
        """Yield what a discovery document leads to; return an HTML page to analyse (else
        ``None``: the response was a discovery document, or was dropped)."""
        if response.status == 304:
            # Not Modified, to a conditional request: nothing new on the page. (The
            # incremental middleware records the fetch.)
            self._count("pages", "not_modified")
            return None
        max_size = self.settings.getint("SITEMAP_MAX_SIZE")
        try:
            body = decompress(response.body, max_size=max_size)
        except DiscoveryError as exc:
            yield from self._drop(response, "bad_gzip", str(exc))
            return None
        kind = sniff_document(body)
        self._count("documents", kind.value)
        if kind is DocumentKind.ROBOTS:
            yield from self._parse_robots(response, body)
        elif kind in (DocumentKind.SITEMAP, DocumentKind.SITEMAP_INDEX):
            yield from self._parse_sitemap(response, body)
        elif kind is DocumentKind.FEED:
            yield from self._parse_feed(response, body)
        elif kind is DocumentKind.HTML:
            return (yield from self._html_page(response))
        else:
            yield from self._drop_unusable(response, kind)
        return None

    def _drop_unusable(self, response: Response, kind: DocumentKind) -> Iterator[Any]:
        """Count a document that is none of the kinds the spider reads."""
        found_in = response.meta.get("newscrawl_found_in")
        expected = _EXPECTED_DOCUMENT.get(found_in or "")
        if expected:
            # A sitemap index or robots.txt promised a sitemap (a page, a feed): say so.
            reason = f"bad_{expected}"
        else:
            reason = {DocumentKind.BINARY: "binary", DocumentKind.EMPTY: "empty"}.get(
                kind, "unrecognised"
            )
        yield from self._drop(response, reason, f"{kind.value} document found in {found_in}")

    def _parse_robots(self, response: Response, body: bytes) -> Iterator[scrapy.Request]:
        sitemaps = sitemaps_from_robots(body, response.url)
        if not sitemaps:
            # No sitemap declared: the site's homepage is the next best entry point.
            self.logger.info("%s declares no sitemap; crawling the homepage", response.url)
            sitemaps = [response.urljoin("/")]
        yield from self._follow(sitemaps, response, "robots", is_page=False)

    def _parse_sitemap(self, response: Response, body: bytes) -> Iterator[scrapy.Request]:
        try:
            kind, entries = parse_sitemap(body, response.url)
        except DiscoveryError as exc:
            yield from self._drop(response, "bad_sitemap", str(exc))
            return
        if not entries:
            yield from self._drop(response, "empty_sitemap", "no <loc> entries")
            return
        if kind is DocumentKind.SITEMAP_INDEX:
            yield from self._follow(entries, response, "sitemap_index", is_page=False)
        else:
            yield from self._follow(entries, response, "sitemap", is_page=True)

    def _parse_feed(self, response: Response, body: bytes) -> Iterator[scrapy.Request]:
        try:
            entries = parse_feed(body, response.url)
        except DiscoveryError as exc:
            yield from self._drop(response, "bad_feed", str(exc))
            return
        if not entries:
            yield from self._drop(response, "empty_feed", "no item links")
            return
        yield from self._follow(entries, response, "feed", is_page=True)

    def _html_page(self, response: Response) -> Generator[Any, None, TextResponse | None]:
        """The response, when it is an on-site HTML page to analyse; else drop it."""
        if not isinstance(response, TextResponse) or not _is_html_type(response):
            content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
            yield from self._drop(response, "non_html", f"content type {content_type!r}")
            return None
        if not same_site(response.url, self.hosts):
            yield from self._drop(response, "off_site", "redirected off the crawled hosts")
            return None
        return response

    def _page_outputs(self, response: TextResponse, analysis: PageAnalysis) -> Iterator[Any]:
        """The article (if the page is one) and the requests for the links to follow."""
        article, outline = analysis.article, analysis.outline
        _fill_from_discovery(article, response.meta)
        kind, signals, links = self._classify(outline, response.url, article)
        self._count("pages", kind.value)
        is_start = response.meta.get("newscrawl_found_in") == "start"
        if kind is PageKind.ARTICLE:
            yield article
            if not self.follow_article_links:
                return
            links = outline_links(outline, response.url)
        elif kind is PageKind.OTHER and not is_start:
            self.logger.debug("neither article nor listing, not followed: %s", response.url)
            return
        yield from self._follow(
            signals.pagination_links + signals.article_links + links, response, "page", True
        )
        if is_start and self.follow_declared_feeds:
            feeds = outline_feeds(outline, response.url)
            yield from self._follow(feeds, response, "feed_link")

    def _analyse_here(self, response: TextResponse) -> Generator[Any, None, PageAnalysis | None]:
        """The page's analysis, in this process, or ``None`` (counted and logged) when
        extraction fails."""
        from newscrawl.extract import ExtractionError

        try:
            rules = self._rules_for(response.url)
            return self._analyser.analyse_here(page_source(response), response.url, rules)
        except ExtractionError as exc:
            yield from self._drop(response, "extraction_error", str(exc))
        except Exception as exc:  # a bug in extraction must cost one page, not the crawl
            self.logger.exception("extraction crashed on %s", response.url)
            yield from self._drop(response, "extraction_crash", repr(exc))
        return None

    async def _analyse_in_pool(self, response: TextResponse) -> PageAnalysis | None:
        """The page's analysis from the pool's workers, or ``None`` (counted and logged) when
        extraction fails or the workers die with the page."""
        from newscrawl.extract import ExtractionError

        rules = self._rules_for(response.url)
        try:
            return await self._analyser.analyse(page_source(response), response.url, rules)
        except ExtractionError as exc:
            self._drop(response, "extraction_error", str(exc))
        except ExtractionCrash as exc:
            self.logger.error("extraction crashed on %s: %s", response.url, exc.details)
            self._drop(response, "extraction_crash", exc.description)
        except WorkerCrash as exc:
            self.logger.error("analysis worker died on %s: %s", response.url, exc)
            self._drop(response, "extraction_worker_crash", str(exc))
        return None

    def _rules_for(self, url: str) -> SiteRules:
        """The extraction rules for ``url``: the spider's profile's, else the bundled profile
        of its host, else empty rules (no site rules), resolved once per host."""
        if self.site_rules is not None:
            return self.site_rules
        host = host_of(url)
        rules = self._rules_by_host.get(host)
        if rules is None:
            from newscrawl.extract import rules as site_rules

            # find_site_profile reads the bundled profiles from disk: once per host, not per
            # page. Empty rules, not None, for a host without a profile: None would make
            # extraction look the profile up again on every page.
            profile = site_rules.find_site_profile(url)
            rules = profile.rules if profile is not None else site_rules.SiteRules()
            self._rules_by_host[host] = rules
        return rules

    def _classify(
        self, outline: PageOutline, url: str, article: Article
    ) -> tuple[PageKind, PageSignals, list[str]]:
        """The page's kind, its signals, and its links (resolved only when needed)."""
        # Whether a page is an article does not depend on its links: they are resolved (the
        # larger part of classification's time) only for pages that may be followed.
        signals = outline_signals(outline, url, (), self.hosts)
        if is_article(article, signals):
            return PageKind.ARTICLE, signals, []
        links = outline_links(outline, url)
        signals = outline_signals(outline, url, links, self.hosts)
        return classify_page(article, signals), signals, links

    # -- requests -----------------------------------------------------------------------------

    def _follow(
        self,
        found: Iterable[Entry | str],
        response: Response,
        found_in: str,
        is_page: bool = False,
    ) -> Iterator[scrapy.Request]:
        """Requests for the on-site http(s) URLs ``found`` that the hook accepts."""
        entries = (item if isinstance(item, Entry) else Entry(item) for item in found)
        for url, entry in {e.url: e for e in entries}.items():
            reason = self._skip_reason(url, found_in, entry, is_page)
            if reason is not None:
                self._count("skipped", reason)
                continue
            yield self._request(url, found_in, is_page=is_page, entry=entry)

    def _skip_reason(self, url: str, found_in: str, entry: Entry, is_page: bool) -> str | None:
        """Why not to request ``url`` (its ``newscrawl/skipped/<reason>`` stat), or ``None``
        to request it. A page to request is recorded as requested and takes a budget slot."""
        if not is_usable_url(url):
            return "bad_url"
        if not same_site(url, self.hosts):
            return "off_site"
        if not self.follow_url(url, found_in, entry.date):
            return "filtered"
        if is_page:
            return self._pages.admit(url)
        return None

    def page_request(self, url: str, found_in: str) -> scrapy.Request:
        """A request for the page at ``url`` that arrived from outside discovery (the
        incremental middleware's revisits: ``found_in="revisit"``). The URL counts as
        requested, so discovery does not request it a second time, but not against the page
        budget (revisits are bounded by their schedule)."""
        self._pages.mark_requested(url)
        return self._request(url, found_in, is_page=True)

    def release_page(self, url: str) -> None:
        """Give back the page-budget slot of a page request that a middleware dropped before
        it was fetched (skipped as unchanged, too old): the budget counts pages fetched."""
        self._pages.release(url)

    def _request(
        self, url: str, found_in: str, *, is_page: bool, entry: Entry | None = None
    ) -> scrapy.Request:
        meta: dict[str, Any] = {"newscrawl_found_in": found_in, "newscrawl_page": is_page}
        if entry is not None:
            # Plain strings: the request may be pickled (JOBDIR) or sent to Redis as JSON.
            if entry.date and found_in in ("sitemap", "sitemap_index"):
                meta["newscrawl_lastmod"] = entry.date
            published = entry.published or (entry.date if found_in == "feed" else None)
            if published:
                meta["newscrawl_published"] = published
            if entry.title:
                meta["newscrawl_title"] = entry.title
        return scrapy.Request(
            url,
            # Both callbacks do the same; parse_async awaits the analysis pool's workers.
            callback=self.parse_async if self._analyser.processes else self.parse,
            errback=self.on_fetch_error,
            # Discovery documents and start URLs are few and must never be lost to the
            # duplicate filter's view of a page fetched earlier under the same URL.
            dont_filter=found_in == "start",
            priority=1 if is_page else 10,  # read sitemaps and feeds before pages
            meta=meta,
        )

    def _page_budget(self) -> int:
        """``NEWSCRAWL_MAX_PAGES_PER_SITE`` (0: no limit). Read when a page is weighed against
        it, not once in ``__init__``: Scrapy applies add-ons' settings after building the
        spider, and a spider built without a crawler has no settings yet."""
        return self.settings.getint("NEWSCRAWL_MAX_PAGES_PER_SITE")

    # -- bad input ----------------------------------------------------------------------------

    def on_fetch_error(self, failure: Failure) -> None:
        """Errback: log and count a fetch that failed (network, HTTP status, redirect loop…)."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        reason = fetch_failure_reason(failure)
        self._count("fetch_failed", reason)
        self.logger.warning("fetch failed (%s): %s: %s", reason, url, failure.getErrorMessage())

    def _drop(self, response: Response, reason: str, detail: str) -> Iterator[Any]:
        self._count("dropped", reason)
        self.logger.info("dropped %s (%s): %s", response.url, reason, detail)
        return iter(())

    def _count(self, group: str, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawl/{group}/{key}")


def fetch_failure_reason(failure: Failure) -> str:
    """A short name for why a fetch failed: ``http_404``, ``dns``, ``too_many_redirects``..."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        message = str(failure.value).lower()
        if "redirect" in message:
            return "too_many_redirects"
        if "robots" in message:
            return "robots_forbidden"
        return "ignored"
    for error_type, name in _FETCH_ERRORS:
        if failure.check(error_type):
            return name
    return failure.type.__name__.lower() if failure.type else "unknown"


def _fill_from_discovery(article: Article, meta: dict[str, Any]) -> None:
    """Use a Google News sitemap's (or a feed's) title and publication date for what
    extraction did not find on the page itself."""
    if not article.title and meta.get("newscrawl_title"):
        article.title = meta["newscrawl_title"]
    if article.published_at is None and meta.get("newscrawl_published"):
        article.published_at = parse_entry_date(meta["newscrawl_published"])


class _Returning:
    """Iterates over a generator and keeps its return value (``yield from`` for callers that
    cannot use it, such as asynchronous generators)."""

    def __init__(self, generator: Generator[Any, None, Any]) -> None:
        self.generator = generator
        self.value: Any = None

    def __iter__(self) -> Iterator[Any]:
        self.value = yield from self.generator


def _is_html_type(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type")
    if not content_type:
        return True  # no header: the content already looked like HTML
    value = content_type.decode("latin-1").split(";")[0].strip().lower()
    return value.startswith(_HTML_TYPES)


def _split_urls(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]
