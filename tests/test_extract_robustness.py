"""Encodings and bad input: non-UTF-8 pages decode, binary input is refused, broken HTML
never crashes."""

from __future__ import annotations

import pytest

from newscrawl.extract import ExtractionError, extract_article
from newscrawl.extract.page import decode_html

URL = "https://news.example.com/story"
STORY = "<p>" + "Le café coûte 3 € à Zürich, près de l’hôtel. " * 6 + "</p>"


def test_windows_1252_declared_as_latin1_decodes_like_a_browser() -> None:
    html = f'<html><head><meta charset="iso-8859-1"></head><body>{STORY}</body></html>'
    article = extract_article(html.encode("cp1252"), URL)
    assert "coûte 3 € à Zürich, près de l’hôtel" in article.body


def test_meta_http_equiv_charset() -> None:
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            "</head><body><p>Привет, мир</p></body></html>")
    assert "Привет, мир" in decode_html(html.encode("koi8-r"))


def test_utf8_bom_wins_over_a_wrong_declaration() -> None:
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße</p></body></html>'
    assert "Grüße" in decode_html(b"\xef\xbb\xbf" + html.encode("utf-8"))


def test_undeclared_non_utf8_falls_back_to_windows_1252() -> None:
    assert "Grüße" in decode_html("<p>Grüße</p>".encode("cp1252"))


def test_undeclared_utf8_decodes() -> None:
    assert "日本語" in decode_html("<p>日本語</p>".encode())


def test_wrong_declared_charset_falls_back() -> None:
    html = '<html><head><meta charset="no-such-charset"></head><body><p>Grüße</p></body></html>'
    assert "Grüße" in decode_html(html.encode())



def test_utf8_page_with_one_stray_byte_stays_utf8() -> None:
    head = '<html><head><meta charset="utf-8"></head><body><p>Grüße aus Zürich '.encode()
    text = decode_html(head + b"\xff</p></body></html>")
    assert "Grüße aus Zürich \ufffd</p>" in text


def test_undeclared_utf8_page_with_one_stray_byte_stays_utf8() -> None:
    data = "<p>Café, naïve, résumé</p>".encode() + b"<p>\x96</p>"
    assert "Café, naïve, résumé" in decode_html(data)


def test_windows_1252_declared_as_utf8_still_decodes() -> None:
    html = '<html><head><meta charset="utf-8"></head><body><p>Grüße – “quoted”</p></body></html>'
    assert "Grüße – “quoted”" in decode_html(html.encode("cp1252"))


def test_deeply_nested_json_ld_is_ignored_not_raised() -> None:
    script = "[" * 200_000 + "]" * 200_000
    html = (f'<html><head><script type="application/ld+json">{script}</script></head>'
            f"<body>{STORY}</body></html>")
    article = extract_article(html, URL)
    assert "coûte 3 € à Zürich" in article.body


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n  ",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        bytes(range(256)) * 4,
    ],
)
def test_binary_or_empty_input_raises_extraction_error(data: bytes) -> None:
    with pytest.raises(ExtractionError):
        extract_article(data, URL)


def test_extraction_error_is_a_value_error() -> None:
    assert issubclass(ExtractionError, ValueError)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>tags <i>everywhere<div><p>more",
        "<p>" * 5000 + "deep text",
        "<div>" * 3000 + "very deep" + "</div>" * 10,
        "<html><head><title>Only a title</title></head></html>",
        "plain text without any tags at all",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>xhtml</p></body></html>',
        "<html><body><script>var a = '<p>not text</p>';</script></body></html>",
        '<html><head><script type="application/ld+json">{broken json,,</script></head></html>',
        "<html><body>\x00\x01 control chars <p>text</p></body></html>",
        "<html><body><time datetime='not a date'>soon</time></body></html>",
    ],
)
def test_malformed_html_never_crashes(html: str) -> None:
    article = extract_article(html, URL)
    assert article.url == URL
    assert isinstance(article.body, str)


def test_truncated_page_keeps_what_is_there() -> None:
    html = f"<html><head><title>T</title></head><body><article><h1>T</h1>{STORY}{STORY}<p>Cut of"
    article = extract_article(html.encode(), URL)
    assert "Zürich" in article.body


def test_str_and_bytes_give_the_same_article() -> None:
    html = f"<html><body><h1>Café</h1>{STORY}</body></html>"
    assert extract_article(html, URL) == extract_article(html.encode("utf-8"), URL)


def test_broken_base_href_keeps_the_page_url_as_base() -> None:
    html = ('<html><head><base href="http://[broken/"></head><body>'
            f'{STORY}<img src="/pic.jpg"></body></html>')
    article = extract_article(html, URL)
    assert "coûte 3 € à Zürich" in article.body


@pytest.mark.parametrize("key", ["author", "image"])
def test_deeply_nested_json_ld_lists_do_not_crash(key: str) -> None:
    depth = 900  # as deep as the json module itself will parse
    value = "[" * depth + '"Jane Doe"' + "]" * depth
    script = f'{{"@type": "NewsArticle", "{key}": {value}}}'
    html = (f'<html><head><script type="application/ld+json">{script}</script></head>'
            f"<body>{STORY}</body></html>")
    article = extract_article(html, URL)
    assert "coûte 3 € à Zürich" in article.body
