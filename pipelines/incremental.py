"""Incremental crawling: fetch only what may have changed, and remember every article fetch.

:class:`IncrementalMiddleware` is a spider middleware around the ``news`` spider. It is the only
crawl-side component that reads crawl state (``page_states``, see ``docs/schema.md``); the
spider stays a pure discovery-and-extraction step, and the state is written through the store
pipeline's :class:`~newscrawl.db.BatchWriter`, in the same batches as the articles. Scrapy's
``HttpCacheMiddleware`` is not used: it keeps its own copy of every body on disk, while the
state needed here (validators, content hashes, revisit times) lives in the database, where
every crawler of a site shares it.

At spider open (in a thread, off the reactor) it loads the page states of the spider's sites
and the URLs the revisit policy wants now (:meth:`ArticleStore.due_for_revisit`). Then:

- **requests** the spider makes for pages are dropped when a sitemap ``lastmod`` says the page
  has not changed since it was last fetched successfully (``newscrawl/skipped/unchanged_lastmod``;
  :data:`LASTMOD_TOLERANCE` allows for the server's clock), or when their sitemap/feed date is
  older than ``NEWSCRAWL_MAX_ARTICLE_AGE_DAYS`` (``newscrawl/skipped/too_old``; child sitemaps
  of an index too); requests for known URLs get
  ``If-None-Match``/``If-Modified-Since`` and accept a 304 (``handle_httpstatus_list``);
- **start**: after the spider's own start requests come the revisits
  (``newscrawl/revisit/requested``), so that an edit no sitemap announced is still caught;
- **responses**: a 304 records only the page state (``newscrawl/incremental/not_modified``);
  an article whose :func:`~newscrawl.revisit.page_hash` (title, body, comments) equals the
  stored one records only the state and does not reach the item pipelines
  (``newscrawl/incremental/unchanged``); any other article records its state and goes on
  (``newscrawl/incremental/changed`` or ``new``). A 404/410 of a known page records it as gone
  (no more revisits).

Settings: ``NEWSCRAWL_INCREMENTAL`` (on by default), ``NEWSCRAWL_REVISIT_LADDER``
(``"1h,6h,24h,7d"``), ``NEWSCRAWL_REVISIT_LIMIT`` (revisits per site and crawl, 0 = all),
``NEWSCRAWL_MAX_ARTICLE_AGE_DAYS`` (0 = off), ``NEWSCRAWL_NOW`` (see :func:`crawl_clock`).
Without the store pipeline (or with ``NEWSCRAWL_INCREMENTAL=False``) only the age limit applies.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import run_in_thread

from newscrawl.discovery import parse_entry_date
from newscrawl.items import Article
from newscrawl.revisit import GONE_STATUSES, PageState, RevisitPolicy, page_hash, record_fetch
from newscrawl.urls import site_of

logger = logging.getLogger(__name__)

# Statuses after which the stored content is known to be the page's current content.
_CONTENT_KNOWN = frozenset({200, 304})
_NOT_MODIFIED = 304
# A lastmod this close before the last fetch still counts as "maybe changed": the server's
# clock may lag ours, and an edit made just after our fetch must not be skipped for good. The
# price is one more fetch of pages edited within this long before they were fetched.
LASTMOD_TOLERANCE = timedelta(minutes=5)
Clock = Callable[[], datetime]


def crawl_clock(value: str | None) -> Clock:
    """The crawl's clock: the real UTC time, or, when ``value`` (the ``NEWSCRAWL_NOW`` setting)
    is an ISO 8601 time, a clock that starts there and runs at the real pace. Tests use it to
    move a crawl into the future (revisits fall due) without touching the system clock.
    Raises ``ValueError`` for an unreadable value."""
    if not value:
        return lambda: datetime.now(timezone.utc)
    try:
        start = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"NEWSCRAWL_NOW={value!r} is not an ISO 8601 time") from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


@dataclass(frozen=True)
class IncrementalSettings:
    """The middleware's settings, read once."""

    enabled: bool
    policy: RevisitPolicy
    revisit_limit: int | None
    max_age: timedelta | None
    clock: Clock

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> IncrementalSettings:
        max_age_days = settings.getfloat("NEWSCRAWL_MAX_ARTICLE_AGE_DAYS", 0)
        limit = settings.getint("NEWSCRAWL_REVISIT_LIMIT", 0)
        return cls(
            enabled=settings.getbool("NEWSCRAWL_INCREMENTAL", True),
            policy=RevisitPolicy.from_setting(settings.get("NEWSCRAWL_REVISIT_LADDER") or None),
            revisit_limit=limit if limit > 0 else None,
            max_age=timedelta(days=max_age_days) if max_age_days > 0 else None,
            clock=crawl_clock(settings.get("NEWSCRAWL_NOW")),
        )


class IncrementalMiddleware:
    """Skips unchanged pages, revisits recent ones and records page states (module docstring)."""

    def __init__(self, crawler: Crawler, settings: IncrementalSettings) -> None:
        self.crawler = crawler
        self.settings = settings
        self.states: dict[str, PageState] = {}
        self.due: list[str] = []
        self._writer: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        middleware = cls(crawler, IncrementalSettings.from_settings(crawler.settings))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    @property
    def tracking(self) -> bool:
        """Whether page states are read and written (a store pipeline is running)."""
        return self._writer is not None

    # -- start-up ---------------------------------------------------------------------------

    async def spider_opened(self, spider: Any) -> None:
        """Load the states of the spider's sites and the due URLs (the item pipelines are
        open by now: Scrapy opens them before it sends ``spider_opened``)."""
        if not self.settings.enabled:
            return
        from pipelines.store import StorePipeline

        pipeline = self.crawler.get_item_pipeline(StorePipeline)
        store = getattr(pipeline, "store", None)
        if pipeline is None or store is None or pipeline.writer is None:
            logger.info("no store pipeline: incremental crawling is off")
            return
        sites = sorted({h.removeprefix("www.") for h in getattr(spider, "hosts", ())})
        now = self.settings.clock()
        try:
            self.states, self.due = await run_in_thread(self._load, store, sites, now)
        except Exception as error:  # the database is down: crawl everything, store what we can
            logger.error("could not load the crawl state (%s); fetching every page in full", error)
            return
        self._writer = pipeline.writer
        self._stats().set_value("newscrawl/incremental/known_pages", len(self.states))
        logger.info(
            "incremental crawl: %d known page(s) on %s, %d due for a revisit",
            len(self.states),
            ", ".join(sites) or "no site",
            len(self.due),
        )

    def _load(self, store: Any, sites: list[str], now: datetime) -> tuple[dict, list[str]]:
        states: dict[str, PageState] = {}
        due: list[str] = []
        for site in sites:
            states.update(store.load_page_states(site=site))
            due.extend(store.due_for_revisit(site, now, limit=self.settings.revisit_limit))
        return states, due

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests (gated like any other), then the due revisits."""
        async for item_or_request in start:
            for kept in self._outgoing(item_or_request):
                yield kept
        spider = self.crawler.spider
        for url in self.due:
            make = getattr(spider, "page_request", None)
            request = make(url, "revisit") if make else Request(url, meta={})
            self._stats().inc_value("newscrawl/revisit/requested")
            yield self._conditional(request, self.states.get(url))

    # -- spider output ----------------------------------------------------------------------

    def process_spider_output(
        self, response: Response, result: Iterable[Any]
    ) -> Iterator[Any]:
        """Gate requests, filter unchanged articles, record the page's state."""
        recorded = False
        for output in result:
            if isinstance(output, Article):
                recorded = True
                if self._article(response, output):
                    yield output
            else:
                yield from self._outgoing(output)
        if not recorded:
            self._bodiless(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """Asynchronous variant of :meth:`process_spider_output`."""
        recorded = False
        async for output in result:
            if isinstance(output, Article):
                recorded = True
                if self._article(response, output):
                    yield output
            else:
                for kept in self._outgoing(output):
                    yield kept
        if not recorded:
            self._bodiless(response)

    # -- requests ---------------------------------------------------------------------------

    def _outgoing(self, output: Any) -> Iterator[Any]:
        """``output`` unless it is a page request to skip; known pages asked conditionally."""
        if not isinstance(output, Request):
            yield output
            return
        reason = self._skip_reason(output)
        if reason is not None:
            self._stats().inc_value(f"newscrawl/skipped/{reason}")
            release = getattr(self.crawler.spider, "release_page", None)
            if release is not None and output.meta.get("newscrawl_page"):
                release(output.url)
            logger.debug("skipped %s (%s)", output.url, reason)
            return
        yield self._conditional(output, self.states.get(output.url))

    def _skip_reason(self, request: Request) -> str | None:
        meta = request.meta
        if self.settings.max_age is not None:
            # A page is no newer than its lastmod: an old lastmod means an old article too.
            stated = meta.get("newscrawl_published") or meta.get("newscrawl_lastmod")
            when = parse_entry_date(stated, latest=True)
            if when is not None and when < self.settings.clock() - self.settings.max_age:
                return "too_old"
        lastmod = parse_entry_date(meta.get("newscrawl_lastmod"), latest=True)
        state = self.states.get(request.url)
        if (
            lastmod is not None
            and state is not None
            and state.last_status in _CONTENT_KNOWN
            and state.content_hash is not None
            and not state.changed_since_fetch(lastmod + LASTMOD_TOLERANCE)
        ):
            return "unchanged_lastmod"
        return None

    def _conditional(self, request: Request, state: PageState | None) -> Request:
        if state is None or state.last_status not in _CONTENT_KNOWN or not state.content_hash:
            return request
        headers = state.conditional_headers()
        if not headers:
            return request
        for name, value in headers.items():
            request.headers.setdefault(name, value)
        allowed = list(request.meta.get("handle_httpstatus_list") or [])
        if _NOT_MODIFIED not in allowed:
            request.meta["handle_httpstatus_list"] = [*allowed, _NOT_MODIFIED]
        return request

    # -- responses --------------------------------------------------------------------------

    def _article(self, response: Response, article: Article) -> bool:
        """Record the fetch of an article page; True when the article is to be stored."""
        if not self.tracking:
            return True
        digest = page_hash(article)
        previous = self.states.get(response.url)
        unchanged = previous is not None and previous.content_hash == digest
        self._record(response, previous, content_hash=digest, published=article.published_at)
        if unchanged:
            self._stats().inc_value("newscrawl/incremental/unchanged")
            return False
        self._stats().inc_value(
            "newscrawl/incremental/" + ("new" if previous is None else "changed")
        )
        return True

    def _bodiless(self, response: Response) -> None:
        """A 304, or a known page that is gone: record the fetch."""
        if not self.tracking:
            return
        previous = self.states.get(response.url)
        if previous is None:
            return
        if response.status == _NOT_MODIFIED:
            self._stats().inc_value("newscrawl/incremental/not_modified")
            self._record(response, previous)
        elif response.status in GONE_STATUSES:
            self._stats().inc_value("newscrawl/incremental/gone")
            self._record(response, previous)

    def _record(
        self,
        response: Response,
        previous: PageState | None,
        *,
        content_hash: str | None = None,
        published: datetime | None = None,
    ) -> None:
        meta = response.meta
        urls = [response.url]
        first = (meta.get("redirect_urls") or [None])[0]
        if first and first != response.url:
            urls.append(first)  # discovery knows the page by the URL that redirected
        for url in urls:
            before = self.states.get(url, previous if url == response.url else None)
            state = record_fetch(
                before,
                url=url,
                site=site_of(url),
                fetched_at=self.settings.clock(),
                status=response.status,
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
                content_hash=content_hash,
                published_at=published or parse_entry_date(meta.get("newscrawl_published")),
                sitemap_lastmod=parse_entry_date(meta.get("newscrawl_lastmod")),
                policy=self.settings.policy,
            )
            if url in self.states:
                # A known page's state is kept up to date. A page first fetched in this crawl
                # is not kept: the spider requests a URL once per crawl, and the crawler's
                # memory must not grow with every page it fetches.
                self.states[url] = state
            try:
                self._writer.submit_state(state)
            except RuntimeError:  # the writer closed: the crawl is shutting down
                logger.debug("page state of %s not queued: the writer is closed", url)

    def _stats(self) -> Any:
        return self.crawler.stats


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    if not value:
        return None
    return value.decode("latin-1").strip() or None
