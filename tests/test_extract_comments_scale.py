"""Reader comments at scale: deep threads stay linear, and the page scan matches the tree walk."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from newscrawl.extract.comments import comments_and_areas
from newscrawl.extract.comments.scan import ArticleMarkers, scan_page, scan_tree
from newscrawl.extract.comments.tree import SkipSet, inside_tags, text_length
from newscrawl.extract.page import Page

URL = "https://news.example.com/2020/01/story/"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
PAGE_FILES = sorted(FIXTURES.glob("*/*.html"))

ARTICLE = (
    "<html><head><title>t</title></head><body>"
    "<article><h1>Headline of the story</h1><p>The article's only paragraph.</p></article>"
    "<div id='comments'><h2>3 Comments</h2><ol class='comment-list'></ol></div>"
    "</body></html>"
)


def nested_thread(depth: int) -> lxml.html.HtmlElement:
    """A WordPress thread in which every comment replies to the one before, ``depth`` deep.

    Built through the API: libxml2's parser stops nesting at a fixed depth.
    """
    root = lxml.html.document_fromstring(ARTICLE)
    holder = root.find(".//ol")
    for number in range(1, depth + 1):
        item = etree.SubElement(holder, "li", {"class": "comment", "id": f"comment-{number}"})
        author = etree.SubElement(item, "div", {"class": "comment-author vcard"})
        etree.SubElement(author, "cite", {"class": "fn"}).text = f"Reader {number}"
        content = etree.SubElement(item, "div", {"class": "comment-content"})
        etree.SubElement(content, "p").text = f"Reply number {number} to the one before."
        holder = etree.SubElement(item, "ol", {"class": "children"})
    return root


def test_a_thread_nested_two_thousand_deep_is_extracted_whole() -> None:
    root = nested_thread(2000)
    comments, areas = comments_and_areas(root, URL)
    assert len(comments) == 2000
    assert [c.external_id for c in comments] == [str(n) for n in range(1, 2001)]
    assert comments[0].parent_id is None
    assert all(c.parent_id == str(n) for n, c in enumerate(comments[1:], start=1))
    assert comments[1499].body == "Reply number 1500 to the one before."
    assert comments[1499].author == "Reader 1500"
    # The whole section goes, and nothing of the article.
    assert [area.get("id") for area in areas] == ["comments"]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_scan_finds_what_the_tree_walk_finds(path: Path) -> None:
    page = Page.parse(path.read_bytes(), URL)
    walked, from_page = scan_tree(page.root), scan_page(page)
    assert from_page.candidates == walked.candidates
    assert from_page.headings == walked.headings
    assert set(from_page.h1s) == set(walked.h1s)
    assert set(from_page.article_props) == set(walked.article_props)
    plain = comments_and_areas(page.root, URL)
    helped = comments_and_areas(page.root, URL, page=page)
    assert helped == plain


def test_scan_finds_comment_vocabulary_microdata_and_forms() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><h1>Title</h1><div itemprop='articleBody'><p>Text.</p></div>"
        "<section class='Kommentare'><h3>Leave a Reply</h3>"
        "<div itemscope itemtype='https://schema.org/Comment'><p>Hi</p></div>"
        "<div itemprop='comment'><p>Ho</p></div>"
        "<form action='/post'><textarea></textarea></form><form><input></form>"
        "<div class='sidebar' id='disqus_thread'></div></section></body></html>"
    )
    scan = scan_tree(root)
    assert [el.tag for el in scan.candidates] == ["section", "div", "div", "form", "div"]
    assert [el.tag for el in scan.headings] == ["h1", "h3"]
    assert [el.tag for el in scan.h1s] == ["h1"]
    assert [el.get("itemprop") for el in scan.article_props] == ["articleBody"]


def test_article_markers_cover_the_markers_and_their_ancestors_only() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><div id='outer'><div id='wrap'><h1 id='title'>T</h1></div>"
        "<div id='text' itemprop='articleBody'><p id='para'>x</p></div></div>"
        "<div id='comments'><p>c</p></div></body></html>"
    )
    scan = scan_tree(root)
    markers = ArticleMarkers(scan.h1s, scan.article_props)
    held = {el.get("id") for el in root.iter() if markers.within(el)}
    # An h1 is no marker of itself (a comment may be headed by one); articleBody is.
    assert held - {None} == {"outer", "wrap", "text"}


def test_skip_set_is_a_union_less_the_kept_elements() -> None:
    root = lxml.html.document_fromstring("<div><p>a</p><p>b</p><p>c</p></div>")
    a, b, c = root.findall(".//p")
    skip = SkipSet({a, b}, [c], kept={b})
    assert a in skip and c in skip
    assert b not in skip
    assert root not in skip


def test_inside_tags_remembers_verdicts_along_the_way() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><form><div><p id='in'>x</p></div></form><div><p id='out'>y</p></div>"
        "</body></html>"
    )
    memo: dict[etree._Element, bool] = {}
    inside = root.get_element_by_id("in")
    outside = root.get_element_by_id("out")
    assert inside_tags(inside, {"form"}, memo)
    assert not inside_tags(outside, {"form"}, memo)
    assert memo[inside.getparent()] is True
    assert memo[outside.getparent()] is False
    assert inside_tags(inside, {"form"}, memo)  # answered from the memo


def test_text_length_leaves_out_scripts_styles_and_markup_comments() -> None:
    root = lxml.html.fromstring(
        "<div> ab <!-- note --><p>cd<script>var x = 1;</script> ef</p>"
        "<style>p {}</style><noscript>gh</noscript></div>"
    )
    assert text_length(root) == len("ab") + len("cd") + len("ef")
