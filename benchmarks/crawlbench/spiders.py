"""The benchmark's reference spiders: the fetch-only ceiling and the trafilatura peer.

Both read the site through Scrapy's own :class:`~scrapy.spiders.SitemapSpider`, started from
``robots.txt`` (``-a sitemap_url=http://host/robots.txt``), as a user's spider would. They are
run with ``scrapy crawl`` after adding this module to ``SPIDER_MODULES``; their item pipelines are
set here (``custom_settings``), so newscrawl's pipelines never run on their items.
"""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class _SitemapBenchSpider(SitemapSpider):
    """A sitemap spider whose entry point is given as ``-a sitemap_url=URL``."""

    def __init__(self, *args: Any, sitemap_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sitemap_url:
            raise ValueError("pass the site's robots.txt or sitemap with -a sitemap_url=URL")
        self.sitemap_urls = [sitemap_url]


class CeilingSpider(_SitemapBenchSpider):
    """Fetch-only: one tiny item per page, nothing parsed. Scrapy's ceiling on this machine."""

    name = "bench_ceiling"
    custom_settings: ClassVar[dict[str, Any]] = {"ITEM_PIPELINES": {}}

    def parse(self, response: Response, **kwargs: Any) -> Any:
        yield {"url": response.url, "size": len(response.body)}


class PeerSpider(_SitemapBenchSpider):
    """What users assemble: trafilatura extraction, then a one-insert-per-item SQL pipeline."""

    name = "bench_peer"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {"benchmarks.crawlbench.peer_pipeline.PeerStorePipeline": 300}
    }

    def parse(self, response: Response, **kwargs: Any) -> Any:
        import trafilatura

        document = trafilatura.bare_extraction(
            response.text, url=response.url, with_metadata=True
        )
        if document is None:
            # Stored anyway (with no text), so that page counts compare like with like.
            self.crawler.stats.inc_value("bench/peer/empty_extraction")
            yield {"url": response.url, "title": None, "author": None, "date": None, "text": ""}
            return
        yield {
            "url": response.url,
            "title": document.title,
            "author": document.author,
            "date": document.date,
            "text": document.text or "",
            "comments": document.comments,
        }
