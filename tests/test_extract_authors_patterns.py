"""Authors: byline patterns of common CMS markup and news conventions (outlet and agency
bylines, blogs named after their author, labels with the name in another element, dates
around the name, microdata of teasers and comments)."""

from __future__ import annotations

import pytest

from newscrawl.extract.authors import clean_author_names, extract_authors
from newscrawl.extract.page import Page


def _authors(html: str, url: str = "https://news.example.com/story") -> list[str]:
    return extract_authors(Page.parse(html, url))


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<p>Text of the story.</p></body></html>"


# Names cleaned from a raw byline string.


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["By Jana B -"], ["Jana B"]),  # a surname initial is part of the name
        (["Jana Beispiel MA"], ["Jana Beispiel"]),  # a credential still is not
        (["By Jane Doe And John Roe For The Example Times"], ["Jane Doe", "John Roe"]),
        (["By Jane Doe For Example.com"], ["Jane Doe"]),
        (["Text und Bilder: Jana Beispiel"], ["Jana Beispiel"]),
        (["Text & Photos: Jana Beispiel"], ["Jana Beispiel"]),
        (["Ann Lee as told to Jane Doe"], ["Jane Doe"]),
        (["December 22, 2023 3:00 AM ET By Ann Lee , Bo Chen"], ["Ann Lee", "Bo Chen"]),
    ],
)
def test_byline_strings(raw: list[str], names: list[str]) -> None:
    assert clean_author_names(raw) == names


# The outlet, a team or an agency signing the article.


def test_outlet_staff_byline_is_kept_when_no_person_signs() -> None:
    head = '<meta property="og:site_name" content="Northfield Daily">'
    body = '<h1>Pool to close</h1><div class="byline">By Northfield Daily Staff | May 3</div>'
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == [
        "Northfield Daily Staff"
    ]


def test_agency_in_the_author_meta_tag() -> None:
    head = '<meta name="author" content="Associated Press">'
    assert _authors(_page(head, "<h1>Storm</h1>")) == ["Associated Press"]


def test_team_named_after_the_site() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",
    "author": {"@type": "Person", "name": "Team EXAMPLE"}}</script>
    <meta property="og:site_name" content="Example">"""
    assert _authors(_page(head, "<h1>H</h1>"), "https://www.example.com/a") == ["Team EXAMPLE"]


def test_person_in_structured_data_beats_the_outlet_byline() -> None:
    head = """<meta property="og:site_name" content="Northfield Daily">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",
    "author": {"@type": "Person", "name": "Jane Doe"}}</script>"""
    body = '<h1>Pool</h1><div class="byline">By Northfield Daily Staff</div>'
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == ["Jane Doe"]


def test_outlet_byline_stops_looser_sources() -> None:
    # Teasers and picture credits further down name other people.
    head = '<meta property="og:site_name" content="Northfield Daily">'
    body = """<h1>Pool</h1><div class="byline">By Northfield Daily Staff</div>
    <div class="teaser"><a href="/author/kim-park/">Kim Park</a></div>"""
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == [
        "Northfield Daily Staff"
    ]


def test_json_ld_author_spelt_as_the_host_is_the_site() -> None:
    # As for an author meta tag: the site's name is no signature, even when it reads as a
    # person's name (magazines are named so too).
    head = """<script type="application/ld+json">{"@type": "BlogPosting", "headline": "H",
    "author": {"@type": "Person", "name": "Jana Beispiel"}}</script>"""
    assert _authors(_page(head, "<h1>H</h1>"), "https://janabeispiel.example/post") == []


def test_blog_named_after_its_authors_handle() -> None:
    body = """<h1>A post</h1><div class="entry-meta">von <span class="author vcard">
    <a href="/author/gnome42/">gnome42</a></span></div>
    <p>Ein Lied <em>von Beispiel Chor</em> zum Schluss.</p>"""
    head = '<meta property="og:site_name" content="gnome42 ad libitum">'
    assert _authors(_page(head, body), "https://gnome42.example/post") == ["gnome42"]


# Which structured source names the writer.


def test_author_meta_holding_the_site_name_gives_way_to_another_meta() -> None:
    head = """<meta property="og:site_name" content="Northfield Daily">
    <meta name="author" content="Northfield Daily">
    <meta property="cXenseParse:author" content="Jane Doe">"""
    body = '<h1>Pool</h1><div class="byline">Von Kim Park</div>'
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == ["Jane Doe"]


def test_microdata_of_teasers_and_comments_is_not_the_articles() -> None:
    body = """<article itemscope itemtype="https://schema.org/BlogPosting"><h1>Story</h1>
    <span itemprop="author">by Jane Doe</span><p>Text.</p>
    <article itemscope itemtype="https://schema.org/BlogPosting"><h2>Other story</h2>
    <span itemprop="author">by Kim Park</span></article>
    <ul><li itemscope itemtype="http://schema.org/Comment" itemprop="comment">
    <span itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Bo Chen</span></span></li></ul></article>"""
    assert _authors(_page(body=body)) == ["Jane Doe"]


def test_comment_authors_alone_are_not_the_articles() -> None:
    body = """<h1>Story</h1><div class="author-box">Von <a href="/autoren/jd/">Jane Doe</a></div>
    <ul><li itemscope itemtype="http://schema.org/comment" itemprop="comment">
    <span itemscope itemtype="https://schema.org/Person" itemprop="author">
    <span itemprop="name">Bo Chen</span></span></li></ul>"""
    assert _authors(_page(body=body)) == ["Jane Doe"]


def test_byline_holding_the_first_of_several_authors() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",
    "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}]}
    </script>"""
    body = '<h1>H</h1><div class="byline"><span>Ann Lee and</span></div>'
    assert _authors(_page(head, body)) == ["Ann Lee", "Bo Chen"]


# Visible bylines in less common markup.


# Paragraphs enough to keep a line at the end of the story away from the headline.
_STORY = "<p>Text.</p>" * 8


def test_label_with_the_name_inside_a_child_element() -> None:
    body = f"<h1>Auktion</h1>{_STORY}<p><em>Von <span>Jana Beispiel</span></em></p>"
    assert _authors(_page(body=body)) == ["Jana Beispiel"]


def test_label_then_line_breaks_then_the_name() -> None:
    body = "<h1>Wind</h1><p>Text.</p><a href='#'><b>Von:</b> <br> <br> Jana Beispiel</a>"
    assert _authors(_page(body=body)) == ["Jana Beispiel"]


def test_lower_case_von_before_a_name() -> None:
    body = f'<h1>Sport</h1>{_STORY}<div><span class="teaser-cat"> von Jana Beispiel </span></div>'
    assert _authors(_page(body=body)) == ["Jana Beispiel"]


def test_lower_case_von_inside_a_sentence_is_no_byline() -> None:
    body = "<h1>Test</h1><p>Die Mappe <a>von Beispiel Verlag.</a></p>"
    assert _authors(_page(body=body)) == []


def test_lower_case_by_in_a_picture_credit_is_no_byline() -> None:
    body = """<h1>Harbour</h1><figure><img src="a.jpg">
    <figcaption>Photo <span>by Jane Doe</span></figcaption></figure>"""
    assert _authors(_page(body=body)) == []


def test_lower_case_by_in_a_theme_footer_is_no_byline() -> None:
    html = """<html><body><h1>Harbour</h1><p>Text.</p>
    <footer><p>Theme <a href="/t">by Example Themes</a></p></footer></body></html>"""
    assert _authors(html) == []


def test_lower_case_by_after_the_posted_date() -> None:
    body = """<h1>Harbour</h1><div><small>posted on <time datetime="2021-03-04">
    2021-03-04</time></small> by Jane Doe</div>"""
    assert _authors(_page(body=body)) == ["Jane Doe"]


def test_label_word_inside_a_longer_word_is_no_label() -> None:
    body = f"""<h1>Links</h1>{_STORY}<ul><li><a href="https://example.org/">Autorenseite von
    Jana Beispiel</a></li></ul>"""
    assert _authors(_page(body=body)) == []


def test_date_then_name_under_the_headline_is_no_byline() -> None:
    # Places, firms and rubrics follow a date in the same way as names.
    for line in ("25.10.2022 - Jana Beispiel", "12.03.2021 - Beispielhausen Marathon"):
        body = f'<h1>Ein Titel</h1><p class="text-muted">{line}</p>'
        assert _authors(_page(body=body)) == []


def test_handle_after_von_followed_by_a_date() -> None:
    body = '<h1>Fund</h1><div class="author-line">von jana42 03.11.2020 09:15 Uhr</div>'
    assert _authors(_page(body=body)) == ["jana42"]


@pytest.mark.parametrize(
    "word", ["Veröffentlicht", "Stand", "Datum", "Erstellt", "Montag", "Geschrieben"]
)
def test_word_before_a_date_is_no_handle(word: str) -> None:
    body = f'<h1>Fund</h1><div class="byline">{word} 18.10.2019</div>'
    assert _authors(_page(body=body)) == []


def test_published_label_alone_is_not_a_handle() -> None:
    body = '<h1>Post</h1><div class="author-line">Veröffentlicht am</div>'
    assert _authors(_page(body=body)) == []


def test_label_then_a_linked_job_title_then_the_name() -> None:
    body = f"""<h1>Urteil</h1>{_STORY}<div>Quelle: Example<br/>Autor:
    <a href="/redakteure/">Redakteur</a> Jana Beispiel</div>"""
    assert _authors(_page(body=body)) == ["Jana Beispiel"]


def test_staff_and_wire_reports_byline() -> None:
    head = """<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",
    "author": {"@type": "Person", "name": "From staff and wire reports"}}</script>"""
    assert _authors(_page(head, "<h1>H</h1>")) == ["From staff and wire reports"]


def test_copyright_line_naming_the_publisher_is_no_byline() -> None:
    head = """<meta property="og:site_name" content="Example">
    <meta name="author" content="Copyright Example Verlag GmbH &amp; Co. KG">"""
    assert _authors(_page(head, "<h1>H</h1>"), "https://www.example.com/a") == []


def test_byline_classes_in_the_comment_area_are_readers() -> None:
    body = """<h1>Bericht</h1><div class="meta"><a href="/autor/jb">Jana Beispiel</a> / 22.04.2020
    </div><p>Text.</p><div id="comment_entries"><div class="leserbrief">
    <span class="autor">Kim Park</span> / 22.04.2020<p>Ein Leserbrief.</p></div></div>"""
    assert _authors(_page(body=body)) == ["Jana Beispiel"]


def test_body_class_mentioning_comments_does_not_hide_the_byline() -> None:
    html = """<html><body class="single-post hide-comments"><h1>Post</h1>
    <span class="author vcard"><a href="/author/jbeisp/">von jbeisp</a></span>
    <p>Text.</p></body></html>"""
    assert _authors(html) == ["jbeisp"]


def test_agency_and_site_byline_with_a_slash() -> None:
    head = """<meta property="og:site_name" content="The Example">
    <meta name="author" content="AFP/The Example">"""
    assert _authors(_page(head, "<h1>H</h1>"), "https://www.theexample.com/a") == [
        "AFP/The Example"
    ]


# Section words, the site's own name and other non-signatures.


@pytest.mark.parametrize("word", ["Business", "News", "Opinion", "Technology"])
def test_section_word_in_the_author_meta_is_no_author(word: str) -> None:
    head = f'<meta name="author" content="{word}">'
    assert _authors(_page(head, "<h1>Storm</h1>")) == []


@pytest.mark.parametrize(
    ("author", "authors"),
    [("Sports Desk", ["Sports Desk"]), ("Metro Desk", [])],  # never a person named "Metro"
)
def test_desk_in_the_author_meta(author: str, authors: list[str]) -> None:
    head = f'<meta name="author" content="{author}">'
    assert _authors(_page(head, "<h1>Storm</h1>")) == authors


def test_site_name_as_json_ld_author_is_no_author() -> None:
    # The same as a meta tag holding the site's name: a template default.
    for author in ('{"@type": "Person", "name": "Northfield Daily"}', '"Northfield Daily"'):
        head = f"""<meta property="og:site_name" content="Northfield Daily">
        <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "H",
        "author": {author}}}</script>"""
        assert _authors(_page(head, "<h1>H</h1>"), "https://northfielddaily.example/a") == []


def test_byline_naming_the_site_gives_way_to_a_named_writer() -> None:
    head = '<meta property="og:site_name" content="Northfield Daily">'
    body = """<h1>Pool</h1><div class="byline">Northfield Daily</div><p>Text.</p>
    <p class="author">Written by Jane Doe</p>"""
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == ["Jane Doe"]


def test_byline_naming_only_the_site_is_its_signature() -> None:
    head = '<meta property="og:site_name" content="Northfield Daily">'
    body = '<h1>Pool</h1><div class="byline">By Northfield Daily</div>'
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == ["Northfield Daily"]


def test_editorial_board_signs_an_editorial() -> None:
    head = '<meta property="og:site_name" content="Northfield Daily">'
    body = '<h1>Vote yes</h1><div class="byline">By Northfield Daily Editorial Board</div>'
    assert _authors(_page(head, body), "https://northfielddaily.example/a") == [
        "Northfield Daily Editorial Board"
    ]


# Microdata: which item is the article's.


def test_microdata_review_item_is_the_article() -> None:
    body = """<article itemscope itemtype="https://schema.org/Review"><h1>Film review</h1>
    <span itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Jane Doe</span></span><p>Text.</p></article>"""
    assert _authors(_page(body=body)) == ["Jane Doe"]


def test_microdata_item_holding_the_headline_beats_an_earlier_teaser() -> None:
    body = """<aside><div itemscope itemtype="https://schema.org/Article"><a>Teaser</a>
    <span itemprop="author">Kim Park</span></div></aside>
    <article itemscope itemtype="https://schema.org/NewsArticle"><h1>Main story</h1>
    <span itemprop="author">Jane Doe</span><p>Text.</p></article>"""
    assert _authors(_page(body=body)) == ["Jane Doe"]


def test_microdata_reviews_of_the_item_are_not_its_author() -> None:
    body = """<div itemscope itemtype="https://schema.org/Product"><h1>Kettle</h1>
    <div itemprop="review" itemscope itemtype="https://schema.org/Review">
    <span itemprop="author">Bo Chen</span></div></div>
    <div class="byline">By Jane Doe</div>"""
    assert _authors(_page(body=body)) == ["Jane Doe"]
