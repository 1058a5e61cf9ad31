"""Meta-refresh redirects, looked for in the head of the page only.

Scrapy's ``MetaRefreshMiddleware`` looks for ``<meta http-equiv="refresh">`` in the first 4,096
characters of an HTML page, but to get them it decodes the whole body (``response.text``), and
so does the base-URL lookup it makes. A news page is often 400 KB: that decode cost about
1.5 ms of the reactor's time per page in the crawl benchmark, and it keeps a ``str`` copy of the
page (up to four bytes per character) alive with the response, although the spider itself
hands UTF-8 pages to analysis as their bytes (:func:`newscrawl.analysis.page_source`).
:class:`HeadMetaRefreshMiddleware` takes its place (``newscrawl.settings``) and decodes only
the head: the same redirects, the same settings (``METAREFRESH_ENABLED``,
``METAREFRESH_IGNORE_TAGS``, ``METAREFRESH_MAXDELAY``), the same ``redirect_*`` meta. A page
that declares its encoding nowhere (neither in ``Content-Type`` nor in a byte-order mark nor
in a ``<meta charset>``) has its head read as UTF-8: Scrapy would infer the encoding by
decoding the whole page, several times, and for a UTF-8 page (most of them) it infers UTF-8.
"""

from __future__ import annotations

from typing import cast

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.httpobj import urlparse_cached
from w3lib.encoding import html_to_unicode
from w3lib.html import get_base_url, get_meta_refresh

from newscrawl.analysis import declared_encoding

#: Characters of the page searched, as Scrapy does.
HEAD_CHARS = 4096
# Bytes that always hold that many whole characters (at most four bytes each, in UTF-8 and
# UTF-16 alike), after a byte-order mark, with room to spare: a character cut at the end of the
# slice (decoded as U+FFFD) lies past the characters kept.
_HEAD_BYTES = 4 * HEAD_CHARS + 16


def head_text(response: TextResponse, encoding: str | None = None) -> str:
    """The first :data:`HEAD_CHARS` characters of the page, decoded as ``response.text``
    would decode them (the same function, given the response's encoding: byte-order marks
    and UTF-16 without one are read alike), without decoding the rest of the body.
    ``encoding`` is :func:`head_encoding`, unless the caller has it already."""
    encoding = encoding or head_encoding(response)
    _, text = html_to_unicode(f"charset={encoding}", response.body[:_HEAD_BYTES])
    return text[:HEAD_CHARS]


def head_encoding(response: TextResponse) -> str:
    """The page's declared encoding, else UTF-8 (which Scrapy infers for a UTF-8 page; for a
    page in another undeclared encoding, only non-ASCII characters of the head, if any, read
    differently from ``response.text``)."""
    return declared_encoding(response) or "utf-8"


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, read from the page's head alone."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if (
            request.meta.get("dont_redirect", False)
            or request.method == "HEAD"
            or not isinstance(response, HtmlResponse)
            or urlparse_cached(request).scheme not in {"http", "https"}
        ):
            return response
        encoding = head_encoding(response)
        head = head_text(response, encoding)
        interval, url = get_meta_refresh(
            head,
            get_base_url(head, response.url, encoding),
            encoding,
            ignore_tags=self._ignore_tags,
        )
        if not url:
            return response
        redirected = self._redirect_request_using_get(request, response, url)
        if urlparse_cached(redirected).scheme not in {"http", "https"}:
            return response
        if cast("float", interval) < self._maxdelay:
            return self._redirect(redirected, request, "meta refresh")
        return response
