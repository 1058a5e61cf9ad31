"""Dedupe: each article once per run.

Within a run, a second article with the same canonical URL (``newscrawl/dropped/duplicate_url``,
e.g. the same story fetched with and without ``?utm_source=``) is dropped, and so is a second
article with the same content *on the same site* (``newscrawl/dropped/duplicate_content``, e.g.
WordPress's ``/?p=123`` short link or a republished copy under another slug). The same content
on another site is a syndicated copy: it goes on to the store, which links it to the first copy
(``articles.duplicate_of``) rather than losing the fact that the other site ran the story.
Across runs nothing is dropped here: the database's unique keys turn a re-fetch into an update.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawl.urls import site_of
from pipelines._stats import Counter

logger = logging.getLogger(__name__)


class DedupePipeline:
    """Drops repeats of an article within one run: by canonical URL, and by content hash
    within one site."""

    def __init__(self, counter: Counter) -> None:
        self.counter = counter
        self._urls: set[bytes] = set()
        self._contents: set[bytes] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(Counter(crawler.stats))

    def open_spider(self) -> None:
        self._urls = set()
        self._contents = set()

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter["url"]
        # Digests keep the memory per seen article small and constant.
        url_key = hashlib.blake2b(url.encode("utf-8"), digest_size=16).digest()
        if url_key in self._urls:
            raise self.counter.drop(logger, "duplicate_url", adapter.get("fetched_url") or url)
        content_key = _content_key(adapter)
        if content_key in self._contents:
            raise self.counter.drop(
                logger, "duplicate_content", adapter.get("fetched_url") or url, f"same as {url}"
            )
        self._urls.add(url_key)
        self._contents.add(content_key)
        return item


def _content_key(adapter: ItemAdapter) -> bytes:
    """A digest of the site, the title and the body, whitespace collapsed: equal for the same
    content on one site, as the article's content hash is (but cheaper, and smaller to keep)."""
    site = adapter.get("site") or site_of(adapter.get("url") or "")
    digest = hashlib.blake2b(digest_size=16)
    for part in (site, adapter.get("title"), adapter.get("body")):
        digest.update(" ".join((part or "").split()).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.digest()
