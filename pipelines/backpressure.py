"""Backpressure: the crawler fetches no faster than its page-analysis workers keep up.

With page analysis in worker processes (``NEWSCRAWL_EXTRACT_PROCESSES``), the reactor is free
while pages are analysed, so the downloader would go on fetching: fetched pages would pile up
in memory waiting for the workers, and a crawl told to stop (``CLOSESPIDER_ITEMCOUNT``, a
shutdown signal) would first have to analyse all of them. :class:`AnalysisBackpressure`, a
downloader middleware, makes each request wait until the spider's analysis pool has room
(:meth:`spiders.news.NewsSpider.wait_for_analysis_room`). A waiting request holds its place in
Scrapy's downloader, so that ``CONCURRENT_REQUESTS`` keeps bounding the work in progress, as
when pages are analysed in the crawler's own process. Spiders without that method are not
slowed.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler


class AnalysisBackpressure:
    """Holds each request until the spider's page-analysis workers have room."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnalysisBackpressure:
        return cls(crawler)

    async def process_request(self, request: Request) -> Any:
        wait = getattr(self.crawler.spider, "wait_for_analysis_room", None)
        if wait is not None:
            await wait()
        return None
