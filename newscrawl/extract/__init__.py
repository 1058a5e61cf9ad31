"""Pure article extraction: ``extract_article(html, url) -> Article``.

STUB: the extraction layer is being written; this placeholder keeps the interface stable.
"""

from __future__ import annotations

from newscrawl.items import Article
from newscrawl.urls import site_of


class ExtractionError(ValueError):
    """The input cannot be treated as an HTML page at all (binary data, empty document)."""


def extract_article(html: str | bytes, url: str) -> Article:
    """Extract the article (with its comments) from one page's HTML."""
    return Article(url=url, fetched_url=url, site=site_of(url))
