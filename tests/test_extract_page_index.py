"""Page parsing fast paths and per-page indexes: UTF-8 bytes go to the parser as they are,
class/id/rel look-ups and body text nodes come out in document order."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from newscrawl.extract.page import NotHtmlError, Page, decode_html, utf8_html_bytes
from newscrawl.extract.text import body_texts_matching, in_comments

URL = "https://news.example.com/story"


@pytest.mark.parametrize(
    ("data", "passes"),
    [
        ("<p>Grüße</p>".encode(), True),
        (b"\xef\xbb\xbf" + "<p>Grüße</p>".encode(), True),
        (b'<meta charset="iso-8859-1"><p>plain ascii</p>', True),
        ('<meta charset="iso-8859-1"><p>Grüße</p>'.encode("cp1252"), False),
        ('<meta charset="utf-8"><p>Grüße</p>'.encode("cp1252"), False),
        ("<p>Grüße</p>".encode("utf-16"), False),
    ],
)
def test_utf8_bytes_pass_through_only_when_decoding_would_read_utf8(
    data: bytes, passes: bool
) -> None:
    assert (utf8_html_bytes(data) is not None) is passes


def test_utf8_html_bytes_refuses_binary_data() -> None:
    with pytest.raises(NotHtmlError):
        utf8_html_bytes(b"%PDF-1.7 binary")


@pytest.mark.parametrize(
    "data",
    [
        "<html><body><p>Grüße\x07 aus\x1b Zürich</p></body></html>".encode(),
        '<?xml version="1.0"?><html><body><p>Grüße</p></body></html>'.encode(),
        '<meta charset="windows-1252"><p>Grüße – “quoted”</p>'.encode("cp1252"),
        b"\xef\xbb\xbf<p>BOM \xc3\xbc</p>",
    ],
)
def test_bytes_and_their_decoded_text_parse_to_the_same_tree(data: bytes) -> None:
    from_bytes = Page.parse(data, URL).root
    from_text = Page.parse(decode_html(data), URL).root
    assert etree.tostring(from_bytes) == etree.tostring(from_text)
    assert "\x07" not in from_bytes.text_content()


def test_elements_with_class_id_and_rel_keep_document_order() -> None:
    html = """<html><body>
    <div class="byline" id="top"><a rel="author" href="/a">Ann</a></div>
    <span class="x">no</span><p class="byline">two</p><span id="pubdate">3</span>
    </body></html>"""
    page = Page.parse(html, URL)
    assert [el.tag for el in page.elements_with_class(re.compile("byline"))] == ["div", "p"]
    assert [el.get("id") for el in page.elements_with_id(re.compile("date"))] == ["pubdate"]
    assert [el.text for el in page.elements_with_rel("author")] == ["Ann"]


def test_elements_with_class_interleave_repeated_class_strings_in_document_order() -> None:
    # Several distinct matching class strings, each repeated: the elements of all of them
    # come out merged in document order, the others (and unmatched strings) not at all.
    html = """<html><body>
    <div class="meta date" id="1"></div><p class="byline" id="2"></p>
    <span class="other" id="x"></span><div class="meta date" id="3"></div>
    <em class="byline" id="4"></em><i class="post-date" id="5"></i><b class="byline" id="6"></b>
    </body></html>"""
    page = Page.parse(html, URL)
    pattern = re.compile("date|byline")
    ids = [el.get("id") for el in page.elements_with_class(pattern)]
    assert ids == ["1", "2", "3", "4", "5", "6"]
    assert [el.get("id") for el in page.elements_with_class(re.compile("post"))] == ["5"]
    assert list(page.elements_with_class(re.compile("nowhere"))) == []


def test_body_texts_come_in_document_order_with_tails_after_their_subtrees() -> None:
    html = """<html><head><title>Label: head</title></head><body>Label: 1
    <div>Label: 2<span>Label: 3<b>Label: 4</b>Label: 5</span>Label: 6</div>Label: 7
    <p>Label: 8</p></body></html>"""
    page = Page.parse(html, URL)
    nodes = body_texts_matching(page, re.compile("Label"), 200)
    assert [node.text.split()[-1] for node in nodes] == [str(n) for n in range(1, 9)]
    tail = nodes[4]
    assert tail.is_tail and tail.element.tag == "b"


def test_body_texts_skip_long_texts() -> None:
    page = Page.parse(f"<html><body><p>Label {'x' * 300}</p><p>Label</p></body></html>", URL)
    assert [node.text for node in body_texts_matching(page, re.compile("Label"), 200)] == [
        "Label"
    ]


def test_in_comments_reads_the_ancestors_below_body_only() -> None:
    page = Page.parse(
        '<html class="comments-js"><body class="single comments-open">'
        '<div class="byline"><span id="by">Jane Doe</span></div>'
        '<ol class="comment-list"><li><span id="reader">A reader</span></li></ol>'
        "</body></html>",
        "https://example.com/a",
    )
    by, reader = (page.root.get_element_by_id(ident) for ident in ("by", "reader"))
    assert not in_comments(by)  # the page's own classes say nothing of its parts
    assert in_comments(reader)


@pytest.mark.parametrize(
    ("classes", "inside"),
    [
        ("comment-list", True),
        ("commentlist", True),
        ("usercomments", True),
        ("comments-area", True),
        ("post commentary", False),
        ("entry comments-open", False),
        ("has-comments", False),
        ("meta comment-count", False),
    ],
)
def test_in_comments_tells_comment_sections_from_words_that_mention_comments(
    classes: str, inside: bool
) -> None:
    page = Page.parse(
        f'<html><body><div class="{classes}"><span id="x">Jane Doe</span></div></body></html>',
        "https://example.com/a",
    )
    assert in_comments(page.root.get_element_by_id("x")) is inside
