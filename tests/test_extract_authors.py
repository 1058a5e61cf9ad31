"""Authors: a clean list of names from every source (rules, JSON-LD, meta, microdata, byline)."""

from __future__ import annotations

import pytest

from newscrawl.extract.authors import clean_author_names, extract_authors
from newscrawl.extract.page import Page


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["By Jane Doe"], ["Jane Doe"]),
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane Doe, John Roe & Ann Lee"], ["Jane Doe", "John Roe", "Ann Lee"]),
        (["Jane Doe, Staff Writer"], ["Jane Doe"]),
        (["Von Anna Schmidt"], ["Anna Schmidt"]),
        (["Par Élodie Marchand"], ["Élodie Marchand"]),
        (["Por María López y Juan Pérez"], ["María López", "Juan Pérez"]),
        (["Jane Doe Updated 3:04 PM EST"], ["Jane Doe"]),
        (["Jane Doe jane.doe@example.com"], ["Jane Doe"]),
        (["Jane Y. Doe"], ["Jane Y. Doe"]),
        (["JANE DOE", "Jane Doe"], ["JANE DOE"]),
        (["https://www.facebook.com/janedoe"], []),
        (["Associated Press"], []),
        (["admin"], []),
    ],
)
def test_clean_author_names(raw: list[str], names: list[str]) -> None:
    assert clean_author_names(raw) == names


def _authors(html: str) -> list[str]:
    return extract_authors(Page.parse(html, "https://news.example.com/a"))


def test_json_ld_person_list() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "H", "author": [{"@type": "Person", "name": "Ann Lee"},
    {"@type": "Person", "name": "Bo Chen"}]}</script></head><body></body></html>"""
    assert _authors(html) == ["Ann Lee", "Bo Chen"]


def test_json_ld_organization_author_is_not_a_name() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "H", "author": {"@type": "Organization", "name": "Example News"}}</script>
    <meta name="author" content="Kim Park"></head><body></body></html>"""
    assert _authors(html) == ["Kim Park"]


def test_json_ld_author_by_reference() -> None:
    html = """<html><head><script type="application/ld+json">{"@graph": [
    {"@type": "Article", "headline": "H", "author": {"@id": "#p1"}},
    {"@type": "Person", "@id": "#p1", "name": "Rae Smith"}]}</script></head><body></body></html>"""
    assert _authors(html) == ["Rae Smith"]


def test_meta_author_that_is_a_url_is_skipped() -> None:
    html = """<html><head><meta property="article:author" content="https://facebook.com/x">
    </head><body><h1>T</h1><p class="byline">By Lee Jones</p></body></html>"""
    assert _authors(html) == ["Lee Jones"]


def test_microdata_author() -> None:
    html = """<html><body><div itemscope itemtype="https://schema.org/Article">
    <span itemprop="author" itemscope itemtype="https://schema.org/Person">by
    <span itemprop="name">Maria Gonzalez</span></span></div></body></html>"""
    assert _authors(html) == ["Maria Gonzalez"]


def test_no_author_gives_empty_list() -> None:
    assert _authors("<html><body><h1>T</h1><p>Text only.</p></body></html>") == []


def test_blog_handle_in_byline_is_kept() -> None:
    html = """<html><body><h1>A post</h1><div class="entry-meta">von
    <span class="author vcard"><a class="url fn n" rel="author" href="/author/g">gizzmo</a></span>
    </div><p>Text.</p></body></html>"""
    assert _authors(html) == ["gizzmo"]


def test_person_typed_also_as_organization_is_a_person() -> None:
    html = """<html><head><script type="application/ld+json">{"@graph": [
    {"@type": "BlogPosting", "headline": "H", "author": {"@id": "#me"}},
    {"@type": ["Person", "Organization"], "@id": "#me", "name": "Andrea Kalt"}]}</script>
    </head><body></body></html>"""
    assert _authors(html) == ["Andrea Kalt"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["Veröffentlicht von Chris Jung"], ["Chris Jung"]),
        (["in Uncategorized"], []),
        (["Günter W. Kienitz at"], ["Günter W. Kienitz"]),
        (["Hinterlasse einen Kommentar"], []),
    ],
)
def test_clean_author_names_drops_prefixes_and_stray_words(
    raw: list[str], names: list[str]
) -> None:
    assert clean_author_names(raw) == names
