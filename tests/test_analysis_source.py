"""What the spider hands to analysis: a page's own bytes when they are UTF-8, else its text."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from newscrawl.analysis import analyse_page, declared_encoding, page_source

URL = "https://news.example/story"
STORY = "<p>Café society: the résumé of a naïve señor, told at length.</p>"


class _NoInference(HtmlResponse):
    """A response that fails the test if Scrapy infers its encoding (decoding the whole body)."""

    def _body_inferred_encoding(self) -> str:
        raise AssertionError("the whole body was decoded to infer its encoding")


def _response(body: bytes, content_type: str = "text/html; charset=utf-8") -> HtmlResponse:
    return HtmlResponse(url=URL, body=body, headers={"Content-Type": content_type})


def _page(meta: str = "") -> str:
    return f"<html><head>{meta}<title>T</title></head><body>{STORY}</body></html>"


def test_utf8_page_is_handed_over_as_its_own_bytes() -> None:
    response = _response(_page('<meta charset="utf-8">').encode("utf-8"))
    assert page_source(response) is response.body


def test_utf8_page_without_any_declaration_is_handed_over_as_bytes() -> None:
    body = _page().encode("utf-8")
    source = page_source(_response(body, "text/html"))
    assert isinstance(source, bytes)
    assert source == body


def test_windows_1252_page_is_handed_over_as_the_crawlers_text() -> None:
    body = _page('<meta charset="windows-1252">').encode("cp1252")
    source = page_source(_response(body, "text/html; charset=windows-1252"))
    assert isinstance(source, str)
    assert "Café society" in source


def test_header_utf8_beats_a_stale_meta_charset() -> None:
    # Served as UTF-8 with a leftover windows-1252 declaration: browsers follow the header.
    # Extraction alone would believe the meta tag, so the crawler's decoded text goes over.
    body = _page('<meta charset="windows-1252">').encode("utf-8")
    source = page_source(_response(body))
    assert isinstance(source, str)
    article = analyse_page(source, URL).article
    assert "Café society" in article.body
    assert "Ã©" not in article.body


def test_bytes_and_text_give_the_same_article() -> None:
    body = _page('<meta charset="utf-8">').encode("utf-8")
    response = _response(body)
    from_bytes = analyse_page(page_source(response), URL).article
    from_text = analyse_page(response.text, URL).article
    assert from_bytes.body == from_text.body
    assert from_bytes.title == from_text.title


def test_binary_body_goes_over_as_text_for_extraction_to_refuse() -> None:
    body = b"%PDF-1.7\n" + bytes(range(256)) * 4
    assert isinstance(page_source(_response(body, "text/html")), str)


def test_a_stray_byte_in_a_utf8_page_is_left_to_extraction() -> None:
    # Only declarations are read before the hand-over: extraction validates the bytes, and
    # reads one bad byte as one replacement character, as the crawler's decoding would.
    body = (
        _page('<meta charset="utf-8">')
        .replace("naïve", "na\udcffve")
        .encode("utf-8", "surrogateescape")
    )
    response = _response(body)
    source = page_source(response)
    assert source is response.body
    article = analyse_page(source, URL).article
    assert "Café society" in article.body
    assert "na\ufffdve" in article.body


def test_an_undeclared_utf8_page_is_checked_without_scrapys_inference() -> None:
    body = _page().encode("utf-8")
    response = _NoInference(url=URL, body=body, headers={"Content-Type": "text/html"})
    assert declared_encoding(response) is None
    assert page_source(response) is body


def test_an_undeclared_page_that_is_not_utf8_is_decoded_as_scrapy_infers() -> None:
    body = _page().encode("cp1252")
    response = _response(body, "text/html")
    source = page_source(response)
    assert isinstance(source, str)
    assert source == response.text
    assert "Café society" in analyse_page(source, URL).article.body


def test_declared_encoding_names_what_declares_it() -> None:
    assert declared_encoding(_response(b"<p>x</p>")) == "utf-8"
    assert declared_encoding(_response(b"<p>x</p>", "text/html; charset=iso-8859-2")) == (
        "iso8859-2"
    )
    meta = _page('<meta charset="windows-1252">').encode("cp1252")
    assert declared_encoding(_response(meta, "text/html")) == "cp1252"


def test_declared_encoding_falls_back_to_the_responses_encoding() -> None:
    class Fetched:  # a response without Scrapy's private method
        body = b"<p>x</p>"
        encoding = "utf-8"
        text = "<p>x</p>"

    assert declared_encoding(Fetched()) == "utf-8"
