"""The page outline read in one walk of the tree: what each kind of element contributes."""

from __future__ import annotations

from newscrawl.classify import parse_html
from newscrawl.outline import page_outline

PAGE = """<html><head>
<base href="https://news.example/base/"><base href="https://other.example/">
<meta property="og:type" content=" Article "><meta property="og:type" content="website">
<link rel="next" href="/page/2/"><link rel="alternate" type="application/rss+xml" href="/rss">
<link rel="alternate" type="text/html" href="/fr/"><link rel="stylesheet" href="/s.css">
<script type="application/ld+json">{"@type": "NewsArticle"}</script>
<script type="application/ld+json">{broken</script><script>var x = 1;</script>
</head><body>
<article><a href="/a/">A</a></article>
<article><a rel="nofollow&#10;next" href="/n/">Next</a></article>
<a>no href</a><map><area href="/area/"></map><a rel="nextpage" href="/not-next/">x</a>
</body></html>"""


def test_outline_collects_each_kind_of_element_in_document_order() -> None:
    outline = page_outline(parse_html(PAGE))

    assert outline.og_type == "article"
    assert outline.base_href == "https://news.example/base/"
    assert outline.jsonld_types == frozenset({"newsarticle"})
    assert outline.article_blocks == 2
    assert outline.next_hrefs == ("/page/2/", "/n/")
    assert outline.link_hrefs == ("/a/", "/n/", "/area/", "/not-next/")
    assert outline.feed_hrefs == ("/rss",)


def test_an_empty_page_has_an_empty_outline() -> None:
    outline = page_outline(parse_html("<html><body><p>Text</p></body></html>"))

    assert outline.og_type is None and outline.base_href is None
    assert outline.link_hrefs == outline.next_hrefs == outline.feed_hrefs == ()
    assert outline.article_blocks == 0 and outline.jsonld_types == frozenset()
