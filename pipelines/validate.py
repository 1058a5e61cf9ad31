"""Validate: drop pages that are not articles worth storing, clear values that cannot be right.

A page without a title, without a body or without an http(s) URL is dropped with a counted,
logged reason (``newscrawl/dropped/no_title``, ``no_body``, ``bad_url``). A date that is not a
datetime or is implausibly old is not a reason to lose the article: it is cleared and counted
(``newscrawl/cleared/invalid_date``). Comments without text are removed
(``newscrawl/cleared/empty_comment``).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawl.discovery import is_usable_url
from pipelines._stats import Counter

logger = logging.getLogger(__name__)

DATE_FIELDS = ("published_at", "updated_at")
# Nothing on the web was published before this year; earlier years are parse errors.
EARLIEST_YEAR = 1990


class ValidatePipeline:
    """Drops items without title, body or URL; clears invalid dates and empty comments."""

    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(Counter(crawler.stats))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter.get("url")
        if not isinstance(url, str) or not is_usable_url(url):
            raise self.counter.drop(logger, "bad_url", url)
        if not _has_text(adapter.get("title")):
            raise self.counter.drop(logger, "no_title", url)
        if not _has_text(adapter.get("body")):
            raise self.counter.drop(logger, "no_body", url)
        for name in DATE_FIELDS:
            if adapter.get(name) is not None and not is_valid_date(adapter[name]):
                logger.info("cleared %s of %s: invalid date %r", name, url, adapter[name])
                self.counter.inc("cleared", "invalid_date")
                adapter[name] = None
        comments = adapter.get("comments") or []
        kept = [c for c in comments if _has_text(ItemAdapter(c).get("body"))]
        if len(kept) != len(comments):
            self.counter.inc("cleared", "empty_comment", len(comments) - len(kept))
            adapter["comments"] = kept
        for comment in kept:
            comment_adapter = ItemAdapter(comment)
            posted = comment_adapter.get("posted_at")
            if posted is not None and not is_valid_date(posted):
                self.counter.inc("cleared", "invalid_date")
                comment_adapter["posted_at"] = None
        return item


def is_valid_date(value: object) -> bool:
    """True for a datetime from :data:`EARLIEST_YEAR` on (naive ones too: normalise fixes them)."""
    return isinstance(value, datetime) and value.year >= EARLIEST_YEAR


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
