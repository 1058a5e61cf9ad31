"""IncrementalMiddleware on its own: which requests go out, how, and what each response records.

The middleware is given page states directly and a fake writer that collects what it submits;
the real crawls are in ``tests/test_incremental_*.py``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from newscrawl.items import Article, Comment
from newscrawl.revisit import PageState, page_hash
from pipelines.incremental import LASTMOD_TOLERANCE, IncrementalMiddleware, crawl_clock

URL = "https://news.example.com/2025/01/story/"
FETCHED = datetime(2025, 1, 10, 12, tzinfo=timezone.utc)
NOW = FETCHED + timedelta(days=1)


class Writer:
    def __init__(self) -> None:
        self.states: list[PageState] = []

    def submit_state(self, state: PageState) -> None:
        self.states.append(state)


class BudgetSpider(Spider):
    name = "budget"
    released: list[str]

    def release_page(self, url: str) -> None:
        self.released.append(url)


def article(body: str = "Body text.", comments: int = 0) -> Article:
    return Article(
        url=URL,
        fetched_url=URL,
        site="news.example.com",
        title="Title",
        body=body,
        comments=[Comment(body=f"c{i}", external_id=str(i)) for i in range(comments)],
    )


def known(content: Article | None = None, status: int = 200) -> PageState:
    return PageState(
        url=URL,
        site="news.example.com",
        etag='"abc"',
        last_modified="Fri, 10 Jan 2025 12:00:00 GMT",
        content_hash=page_hash(content or article()),
        first_fetched_at=FETCHED,
        last_fetched_at=FETCHED,
        last_changed_at=FETCHED,
        last_status=status,
    )


@pytest.fixture
def writer() -> Writer:
    return Writer()


def make_middleware(writer: Writer | None, settings: dict | None = None, *states: PageState):
    crawler = get_crawler(BudgetSpider, {"NEWSCRAWL_NOW": NOW.isoformat(), **(settings or {})})
    crawler.spider = crawler._create_spider()
    crawler.spider.released = []
    middleware = IncrementalMiddleware.from_crawler(crawler)
    middleware.states = {s.url: s for s in states}
    middleware._writer = writer
    return middleware


def page_request(lastmod: str | None = None, **meta) -> Request:
    meta = {"newscrawl_page": True, **meta}
    if lastmod:
        meta["newscrawl_lastmod"] = lastmod
    return Request(URL, meta=meta)


def outgoing(middleware: IncrementalMiddleware, request: Request) -> list[Request]:
    listing = HtmlResponse("https://news.example.com/", body=b"<html></html>")
    return list(middleware.process_spider_output(listing, [request]))


def test_lastmod_before_the_last_fetch_skips_the_page(writer):
    middleware = make_middleware(writer, None, known())
    stale = (FETCHED - timedelta(days=2)).isoformat()

    assert outgoing(middleware, page_request(stale)) == []
    assert middleware.crawler.stats.get_value("newscrawl/skipped/unchanged_lastmod") == 1
    assert middleware.crawler.spider.released == [URL]


def test_lastmod_after_the_last_fetch_asks_conditionally(writer):
    middleware = make_middleware(writer, None, known())
    (request,) = outgoing(middleware, page_request((FETCHED + timedelta(hours=1)).isoformat()))

    assert request.headers[b"If-None-Match"] == b'"abc"'
    assert request.headers[b"If-Modified-Since"] == b"Fri, 10 Jan 2025 12:00:00 GMT"
    assert 304 in request.meta["handle_httpstatus_list"]


def test_lastmod_just_before_the_fetch_is_not_trusted(writer):
    # The server's clock may lag ours: an edit right after the fetch must not be lost.
    middleware = make_middleware(writer, None, known())
    lastmod = (FETCHED - LASTMOD_TOLERANCE / 2).isoformat()
    assert len(outgoing(middleware, page_request(lastmod))) == 1


def test_a_failed_last_fetch_is_fetched_again_in_full(writer):
    middleware = make_middleware(writer, None, known(status=500))
    (request,) = outgoing(middleware, page_request((FETCHED - timedelta(days=2)).isoformat()))
    assert b"If-None-Match" not in request.headers


def test_unknown_pages_are_requested_plainly(writer):
    middleware = make_middleware(writer)
    (request,) = outgoing(middleware, page_request("2020-01-01"))
    assert b"If-None-Match" not in request.headers
    assert "handle_httpstatus_list" not in request.meta


def test_max_age_skips_old_entries(writer):
    middleware = make_middleware(writer, {"NEWSCRAWL_MAX_ARTICLE_AGE_DAYS": "7"})
    old = page_request(newscrawl_published=(NOW - timedelta(days=8)).isoformat())
    fresh = page_request(newscrawl_published=(NOW - timedelta(days=6)).isoformat())
    assert outgoing(middleware, old) == []
    assert outgoing(middleware, fresh) == [fresh]
    assert middleware.crawler.stats.get_value("newscrawl/skipped/too_old") == 1


def response(status: int = 200, **headers: str) -> Response:
    request = Request(URL, meta={"newscrawl_page": True})
    return HtmlResponse(URL, status=status, body=b"", headers=headers, request=request)


def test_an_unchanged_article_records_only_its_state(writer):
    middleware = make_middleware(writer, None, known())
    out = list(middleware.process_spider_output(response(ETag='"abc"'), [article()]))

    assert out == []
    (state,) = writer.states
    assert state.last_fetched_at == middleware.states[URL].last_fetched_at > FETCHED
    assert state.last_changed_at == FETCHED
    assert middleware.crawler.stats.get_value("newscrawl/incremental/unchanged") == 1


def test_new_comments_make_the_article_go_through(writer):
    middleware = make_middleware(writer, None, known())
    changed = article(comments=1)
    out = list(middleware.process_spider_output(response(ETag='"def"'), [changed]))

    assert out == [changed]
    (state,) = writer.states
    assert state.content_hash == page_hash(changed)
    assert state.etag == '"def"'


def test_not_modified_records_the_fetch(writer):
    middleware = make_middleware(writer, None, known())
    assert list(middleware.process_spider_output(response(304), [])) == []
    (state,) = writer.states
    assert state.last_status == 304
    assert state.content_hash == known().content_hash


def test_a_known_page_that_is_gone_is_not_revisited(writer):
    middleware = make_middleware(writer, None, known())
    list(middleware.process_spider_output(response(404), []))
    (state,) = writer.states
    assert state.last_status == 404
    assert state.next_check_at is None


def test_without_a_store_articles_pass_and_nothing_is_recorded():
    middleware = make_middleware(None, None, known())
    item = article()
    assert list(middleware.process_spider_output(response(), [item])) == [item]


def test_crawl_clock_starts_at_the_given_time():
    clock = crawl_clock("2030-01-01T00:00:00Z")
    assert timedelta(0) <= clock() - datetime(2030, 1, 1, tzinfo=timezone.utc) < timedelta(
        seconds=5
    )
    assert abs(crawl_clock(None)() - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_due_pages_are_requested_after_the_start_requests(writer):
    middleware = make_middleware(writer, None, known())
    middleware.due = [URL]
    start_request = Request("https://news.example.com/robots.txt")

    async def start():
        yield start_request

    async def collect():
        return [r async for r in middleware.process_start(start())]

    first, revisit = asyncio.run(collect())
    assert first is start_request
    assert revisit.url == URL
    assert revisit.headers[b"If-None-Match"] == b'"abc"'
    assert middleware.crawler.stats.get_value("newscrawl/revisit/requested") == 1


def test_max_age_skips_child_sitemaps_last_modified_before_the_cutoff(writer):
    middleware = make_middleware(writer, {"NEWSCRAWL_MAX_ARTICLE_AGE_DAYS": "30"})
    old_year = Request(
        "https://news.example.com/sitemap-2019.xml",
        meta={"newscrawl_found_in": "sitemap_index", "newscrawl_lastmod": "2019-12-31"},
    )
    assert outgoing(middleware, old_year) == []
    # Not a page: it took no slot of the page budget.
    assert middleware.crawler.spider.released == []


def test_a_new_page_is_recorded_but_not_kept_in_memory(writer):
    # Memory must not grow with every page fetched: the state goes to the writer only.
    middleware = make_middleware(writer)
    out = list(middleware.process_spider_output(response(ETag='"new"'), [article()]))

    assert len(out) == 1
    (state,) = writer.states
    assert state.url == URL and state.etag == '"new"'
    assert middleware.states == {}
    assert middleware.crawler.stats.get_value("newscrawl/incremental/new") == 1
