"""Shortcuts taken for speed give the same results as the plain computation: the parse-time
attribute index, the bounded element text, the limits bylines are read with, and the class
patterns written for ``re``'s speed."""

from __future__ import annotations

import re

import lxml.html
import pytest

from newscrawl.extract.authors.visible import _BYLINE_CLASS_RE, from_byline, from_title_neighbours
from newscrawl.extract.body.lines import lines_of
from newscrawl.extract.body.naming import NameMemo
from newscrawl.extract.body.scoring import prune_and_score
from newscrawl.extract.dates.finder import _DATE_CLASS_RE, _DATE_CLASS_WORDS
from newscrawl.extract.page import Page
from newscrawl.extract.text import spaced_text

URL = "https://news.example.com/story"

INDEXED = """<html><head><title>T</title>
<meta property="og:title" content="  Spaced   title "><link rel="canonical" href="/c">
</head><body itemscope itemtype="https://schema.org/NewsArticle">
<div class="byline" id="top"><a rel="author" href="/a" itemprop="author">Ann</a></div>
<span class="" id="">empty values</span>
<p class="byline x" itemprop="articleBody Headline">two</p>
<div itemtype="">empty type</div>
</body></html>"""


def test_parse_indexes_class_id_rel_and_microdata_in_document_order() -> None:
    page = Page.parse(INDEXED, URL)
    elements = page.elements
    expected = {
        name: [(el, el.get(name)) for el in elements if el.get(name)]
        for name in ("class", "id", "rel")
    }
    for name, pairs in expected.items():
        assert page._attribute_pairs(name) == pairs
    assert [el.tag for el in page.item_scopes] == ["body", "div"]  # an empty itemtype counts
    assert {name: [el.tag for el in els] for name, els in page.itemprops.items()} == {
        "author": ["a"],
        "articlebody": ["p"],
        "headline": ["p"],
    }
    assert page.meta["og:title"] == ["Spaced title"]
    assert page.links["canonical"] == ["/c"]


def test_attributes_not_indexed_at_parse_time_are_listed_on_demand() -> None:
    page = Page.parse('<html><body><a href="/1">1</a><b>x</b><a href="/2">2</a></body></html>', URL)
    assert [value for _, value in page._attribute_pairs("href")] == ["/1", "/2"]


@pytest.mark.parametrize(
    "html",
    [
        "<div>June <b>3</b>,\n 2024 <i>  10 min </i>read</div>",
        "<div>   </div>",
        "<div><p>" + "word " * 400 + "</p><p>tail</p></div>",
        "<div>" + "".join(f"<span>w{i}</span>\n" for i in range(300)) + "</div>",
        "<div>" + "x" * 700 + "</div>",
    ],
)
@pytest.mark.parametrize("limit", [1, 5, 60, 121, 600, 5000])
def test_bounded_spaced_text_is_a_prefix_of_the_full_text(html: str, limit: int) -> None:
    element = lxml.html.fragment_fromstring(html)
    assert spaced_text(element, limit) == spaced_text(element)[:limit]


def test_a_byline_class_on_a_whole_article_container_is_no_byline() -> None:
    article = "<p>" + "Long story text. " * 50 + "</p>"
    html = f"""<html><body><div class="byline">{article}</div>
    <span class="byline">Jane Doe</span></body></html>"""
    assert from_byline(Page.parse(html, URL), None) == ["Jane Doe"]


def test_title_neighbour_byline_reads_only_short_lines() -> None:
    long_line = "By the way " + "and so on " * 20
    html = f"""<html><body><h1>Headline here</h1><p>{long_line}</p>
    <p>By Jane Doe</p></body></html>"""
    assert from_title_neighbours(Page.parse(html, URL), None) == ["By Jane Doe"]


CLASS_STRINGS = [
    "author", " author", "author ", "post author\n", "author\nbox", "x\tauthor\t", "authorx",
    "xauthor", "co-author", "meta-author", "AuthorName", "entry-author vcard", "byline",
    "post-date", "Dateline top", "updatedAt", "timestamp", "TimeStamp", "FECHA", "Fecha",
    "header-main", "kickerline", "sublineX", "col-md-6 nav", "", "zeitangabe", "MetaInfo",
]


@pytest.mark.parametrize("classes", CLASS_STRINGS)
def test_faster_class_patterns_find_what_the_plain_ones_find(classes: str) -> None:
    plain_byline = re.compile(
        r"(?:^|\s)author(?:\s|$)|byline|author-name|AuthorName|article-author|post-author"
        r"|entry-author|author__name|authorName|contributor|writer|signature|autor|auteur|firma"
    )
    plain_date = re.compile(
        "|".join(re.escape(v) for word in _DATE_CLASS_WORDS for v in (word, word.title()))
    )
    assert bool(_BYLINE_CLASS_RE.search(classes)) == bool(plain_byline.search(classes))
    assert bool(_DATE_CLASS_RE.search(classes)) == bool(plain_date.search(classes))


def _scored_text(html: str) -> str:
    """The text left in ``<body>`` after the pruning and scoring walk."""
    body = lxml.html.document_fromstring(html).find("body")
    prune_and_score(body, NameMemo())
    return " ".join(body.text_content().split())


@pytest.mark.parametrize(
    ("attributes", "kept"),
    [
        ("hidden", False),
        ('hidden=""', False),
        ('aria-hidden="true"', False),
        ('aria-hidden="false"', True),
        ('style="display: none"', False),
        ('style="color: red"', True),
        ('data-x="1"', True),
        ('class="comments"', False),
        ('id="comments"', False),
        ('class="story" id="main" data-x="1"', True),
    ],
)
def test_the_walk_reads_exactly_the_attributes_present(attributes: str, kept: bool) -> None:
    # The walk lists an element's attribute names once and reads only those present: an
    # attribute that is absent must count as absent, one present with any value as present.
    html = (
        f"<html><body><p>Story text.</p><div {attributes}><span>Box text.</span></div>"
        "</body></html>"
    )
    assert ("Box text." in _scored_text(html)) is kept


def test_lines_skip_white_space_only_cuts_and_clean_invisible_characters() -> None:
    html = (
        "<div>\n  <p>One\u200b line</p>\n  \n<p>\u00ad\u200b</p>\t<br>\n"
        "<p>Two</p>\n</div>"
    )
    lines = lines_of(lxml.html.fragment_fromstring(html))
    assert [line.text for line in lines] == ["One line", "Two"]
