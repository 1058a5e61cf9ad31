"""Meta-refresh redirects read from the page's head, without decoding the whole page."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from pipelines.metarefresh import HEAD_CHARS, HeadMetaRefreshMiddleware, head_text

URL = "https://news.example/old-slug"
FILLER = "<p>Plenty of story text, with accents: é, ü, ñ, and a € or two.</p>" * 2000


class _NoFullDecode(HtmlResponse):
    """A response whose full text must not be asked for (only its head), nor its encoding
    inferred (which decodes the whole page)."""

    @property
    def text(self) -> str:
        raise AssertionError("the whole page was decoded")

    def _body_inferred_encoding(self) -> str:
        raise AssertionError("the whole page was decoded to infer its encoding")


def _page(head: str, body: str = FILLER) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _response(html: str, cls: type[HtmlResponse] = _NoFullDecode, **kwargs) -> HtmlResponse:
    return cls(url=URL, body=html.encode("utf-8"), encoding="utf-8", **kwargs)


@pytest.fixture
def middleware() -> HeadMetaRefreshMiddleware:
    return build_from_crawler(HeadMetaRefreshMiddleware, get_crawler())


def test_a_refresh_in_the_head_redirects(middleware) -> None:
    request = Request(URL)
    response = _response(_page('<meta http-equiv="refresh" content="0; url=/new-slug">'))

    redirected = middleware.process_response(request, response)

    assert isinstance(redirected, Request)
    assert redirected.url == "https://news.example/new-slug"
    assert redirected.meta["redirect_urls"] == [URL]
    assert redirected.meta["redirect_reasons"] == ["meta refresh"]


def test_a_page_that_declares_no_encoding_has_its_head_read_as_utf8(middleware) -> None:
    head = '<title>Crème brûlée</title><meta http-equiv="refresh" content="0; url=/café">'
    response = _NoFullDecode(url=URL, body=_page(head).encode("utf-8"))  # no charset anywhere

    assert "Crème brûlée" in head_text(response)
    redirected = middleware.process_response(Request(URL), response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://news.example/caf%C3%A9"


def test_a_page_without_refresh_is_returned_as_it_is(middleware) -> None:
    response = _response(_page("<title>A story</title>"))

    assert middleware.process_response(Request(URL), response) is response


def test_a_refresh_relative_to_the_pages_base_element(middleware) -> None:
    head = '<base href="https://cdn.news.example/a/"><meta http-equiv="refresh" content="0;url=b">'

    redirected = middleware.process_response(Request(URL), _response(_page(head)))

    assert isinstance(redirected, Request)
    assert redirected.url == "https://cdn.news.example/a/b"


def test_a_slow_refresh_is_not_followed(middleware) -> None:
    # METAREFRESH_MAXDELAY (100 s by default): a page that reloads itself every few minutes.
    response = _response(_page('<meta http-equiv="refresh" content="300; url=/again">'))

    assert middleware.process_response(Request(URL), response) is response


def test_a_refresh_inside_noscript_is_ignored(middleware) -> None:
    head = '<noscript><meta http-equiv="refresh" content="0; url=/no-js"></noscript>'
    response = _response(_page(head))

    assert middleware.process_response(Request(URL), response) is response


def test_dont_redirect_and_head_requests_are_left_alone(middleware) -> None:
    html = _page('<meta http-equiv="refresh" content="0; url=/new-slug">')
    quiet = Request(URL, meta={"dont_redirect": True})

    assert middleware.process_response(quiet, (r := _response(html))) is r
    assert middleware.process_response(Request(URL, method="HEAD"), (r := _response(html))) is r


def test_non_html_responses_are_left_alone(middleware) -> None:
    response = Response(URL, body=b'<meta http-equiv="refresh" content="0; url=/x">')

    assert middleware.process_response(Request(URL), response) is response


@pytest.mark.parametrize(
    ("encoding", "prefix", "declared"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8"),
        ("cp1252", b"", "cp1252"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        # "UTF-16" in the header and no byte-order mark: big-endian, as Scrapy reads it.
        ("utf-16-be", b"", "utf-16"),
    ],
)
def test_head_text_is_the_start_of_the_decoded_page(
    encoding: str, prefix: bytes, declared: str
) -> None:
    html = _page(
        "<title>Crème brûlée</title>", "ünïcödé " * 5000 if encoding != "cp1252" else "é" * 9000
    )
    body = prefix + html.encode(encoding)
    response = HtmlResponse(
        URL, body=body, headers={"Content-Type": f"text/html; charset={declared}"}
    )

    assert head_text(response) == response.text[:HEAD_CHARS]
    assert "Crème brûlée" in head_text(response)


def test_the_project_uses_it_in_scrapys_place() -> None:
    middlewares = Settings(
        {k: v for k, v in vars(project_settings).items() if k.isupper()}
    ).getdict("DOWNLOADER_MIDDLEWARES")

    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["pipelines.metarefresh.HeadMetaRefreshMiddleware"] == 580
