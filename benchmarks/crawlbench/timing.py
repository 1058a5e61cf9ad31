"""In-process extraction timing: milliseconds per page over the benchmark's own pages."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

Extractor = Callable[[str, str], Any]


def decode_as_scrapy(html: bytes, url: str) -> str:
    """``html`` decoded as Scrapy decodes a response (headers, then ``<meta>``, then sniffing)."""
    from scrapy.http import HtmlResponse

    return HtmlResponse(url, body=html, headers={"Content-Type": "text/html"}).text


def time_extractor(extract: Extractor, pages: Sequence[tuple[str, str]], warmup: int = 3) -> float:
    """Mean CPU milliseconds per page of ``extract(html, url)`` over ``(url, html)`` ``pages``.

    The first ``warmup`` pages are extracted once beforehand, untimed.
    """
    if not pages:
        raise ValueError("no pages to time")
    for url, html in pages[:warmup]:
        extract(html, url)  # imports, compiled patterns and caches are not per-page costs
    # CPU time of this process: the figure hardly moves when other processes load the machine.
    started = time.process_time()
    for url, html in pages:
        extract(html, url)
    return (time.process_time() - started) * 1000 / len(pages)


def newscrawl_extract(html: str, url: str) -> Any:
    """newscrawl's extractor, as the ``news`` spider calls it (on the decoded text)."""
    from newscrawl.extract import extract_article

    return extract_article(html, url)


def trafilatura_extract(html: str, url: str) -> Any:
    """trafilatura as the peer spider calls it."""
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=True)
