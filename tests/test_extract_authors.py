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


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["Craig Meyer USA TODAY NETWORK"], ["Craig Meyer"]),
        (["Williams Perdomo wperdomod"], ["Williams Perdomo"]),
        (["Alex Bozarjian Thursday"], ["Alex Bozarjian"]),
        (["Andrew Bosworth, CTO of Reality Labs"], ["Andrew Bosworth"]),
        (["Zeige alle Beiträge von Petra Ruland"], ["Petra Ruland"]),
        (["Johanna Kropfitsch Alle Artikel"], ["Johanna Kropfitsch"]),
        (["James O&#039;Neil"], ["James O'Neil"]),
        (["Interview Julia Lauter"], ["Julia Lauter"]),
        (["George T. Conway III"], ["George T. Conway III"]),
        (["Ludwig van Beethoven"], ["Ludwig van Beethoven"]),
    ],
)
def test_clean_author_names_drops_outlets_handles_and_weekdays(
    raw: list[str], names: list[str]
) -> None:
    assert clean_author_names(raw) == names


def _authors_at(html: str, url: str) -> list[str]:
    return extract_authors(Page.parse(html, url))


def test_author_named_in_a_personal_sites_name_is_kept() -> None:
    html = """<html><head><meta property="og:site_name" content="Jane Doe's Blog">
    <meta name="author" content="Jane Doe"></head><body><h1>T</h1></body></html>"""
    assert _authors_at(html, "https://jdoe.example/post") == ["Jane Doe"]


def test_site_name_as_author_is_still_dropped() -> None:
    html = """<html><head><meta property="og:site_name" content="Example Daily News">
    <meta name="author" content="Example Daily"></head><body><h1>T</h1></body></html>"""
    assert _authors_at(html, "https://exampledaily.example/post") == []


def test_author_from_loose_class_when_nothing_else_names_one() -> None:
    html = """<html><body><h1>Ein Beitrag</h1><p>Text des Beitrags.</p>
    <span class="news-list-author">Erstellt von Andri Bryner</span></body></html>"""
    assert _authors(html) == ["Andri Bryner"]


def test_forum_username_outside_the_comments() -> None:
    html = """<html><body><h1>Thread</h1><div class="submitted">Gespeichert von
    <span class="username">rasos</span></div><p>Post.</p>
    <div class="comments"><span class="username">reader1</span></div></body></html>"""
    assert _authors(html) == ["rasos"]


def test_username_in_comments_only_is_not_the_author() -> None:
    html = """<html><body><h1>Story</h1><p>Text.</p>
    <div id="comments"><span class="username">reader1</span></div></body></html>"""
    assert _authors(html) == []


def test_editorial_team_byline_on_its_own() -> None:
    html = """<html><body><h1>Story</h1><div class="td-post-author-name">von Redaktion,</div>
    <p>Text.</p></body></html>"""
    assert _authors(html) == ["Redaktion"]


@pytest.mark.parametrize(
    "body",
    [
        "<p><span class='label'>Autor:</span> Fritz Imhof<br></p>",
        "<p><strong>Autorin: Uta Staschewski, Projektleiterin in Tunis.</strong></p>",
    ],
)
def test_labelled_author_in_text(body: str) -> None:
    html = f"<html><body><h1>Story</h1><p>Text.</p>{body}</body></html>"
    names = _authors(html)
    assert names and names[0] in ("Fritz Imhof", "Uta Staschewski")


def _ld_author_page(ld_authors: str, byline: str) -> str:
    return f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle",
    "headline": "H", "author": [{ld_authors}]}}</script></head><body><h1>H</h1>
    <div class="byline">{byline}</div><p>Text.</p></body></html>"""


def test_byline_naming_more_authors_than_json_ld_wins() -> None:
    html = _ld_author_page('{"@type": "Person", "name": "Ann Lee"}', "By Ann Lee and Bo Chen")
    assert _authors(html) == ["Ann Lee", "Bo Chen"]


def test_byline_without_the_contributors_json_ld_adds_wins() -> None:
    html = _ld_author_page(
        '{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chen"}',
        "By Ann Lee Contributions from Bo Chen published 23 December 2023",
    )
    assert _authors(html) == ["Ann Lee"]


def test_template_leftovers_in_the_byline_do_not_add_names() -> None:
    html = _ld_author_page('{"@type": "Person", "name": "Ann Lee"}', "By Ann Lee, monthFull day")
    assert _authors(html) == ["Ann Lee"]


def test_byline_unrelated_to_json_ld_does_not_win() -> None:
    html = _ld_author_page('{"@type": "Person", "name": "Ann Lee"}', "By Kim Park")
    assert _authors(html) == ["Ann Lee"]


def test_leading_reporting_credit_keeps_the_name() -> None:
    assert clean_author_names(["Reporting by Jane Doe"]) == ["Jane Doe"]


def test_short_von_line_names_the_author() -> None:
    html = """<html><body><h1>Strompreise</h1><p>Text des Artikels.</p>
    <h5><em>Von Leonora Holling</em></h5></body></html>"""
    assert _authors(html) == ["Leonora Holling"]


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    html = """<html><body><h1>Story</h1>
    <p>By the end of the year prices rose again.</p></body></html>"""
    assert _authors(html) == []


def test_role_in_parentheses_after_a_labelled_name() -> None:
    html = """<html><body><h1>Story</h1><p>Text.</p>
    <p>Redaktion: Eberhard Fuhr (Pressesprecher)</p></body></html>"""
    assert _authors(html) == ["Eberhard Fuhr"]


def test_link_to_an_author_page_after_the_headline() -> None:
    html = """<html><body><nav><a href="/author/nav-person/">Nav Person</a></nav>
    <h1>Story</h1><div class="meta-line">By <a href="/writer/123/Cam_Kettles/">Cam Kettles</a>,
    Staff Writer</div><p>Text.</p></body></html>"""
    assert _authors(html) == ["Cam Kettles"]


def test_author_links_in_sidebars_and_comments_are_not_the_author() -> None:
    html = """<html><body><h1>Story</h1><p>Text.</p>
    <aside><a href="/author/other-writer/">Other Writer</a></aside>
    <div class="comments"><a href="/author/a-reader/">A Reader</a></div></body></html>"""
    assert _authors(html) == []


def test_more_from_prefix_is_not_part_of_the_name() -> None:
    assert clean_author_names(["Alles von Martin Junker"]) == ["Martin Junker"]


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["By Margaret Schmidt | The Jersey Journal"], ["Margaret Schmidt"]),
        (["Jonathan Wasserman, Bleacher Report"], ["Jonathan Wasserman"]),
        (["Ann Lee and Bo Chen, Financial Times"], ["Ann Lee", "Bo Chen"]),
        (["by Dennis Thompson, U.S. National Institute of Allergy and Infectious Diseases"],
         ["Dennis Thompson"]),
        (["(Image: emmahemingwillis/Instagram)"], []),
    ],
)
def test_outlets_and_picture_credits_are_not_names(raw: list[str], names: list[str]) -> None:
    assert clean_author_names(raw) == names


@pytest.mark.parametrize(
    "raw",
    [["so zu sein"], ["Neil Gaiman's Journal"], ["Web Commerce GmbH"], ["Auteurs"]],
)
def test_phrases_sites_and_companies_are_not_names(raw: list[str]) -> None:
    assert clean_author_names(raw) == []


def test_blog_software_account_is_not_an_author() -> None:
    html = """<html><body><h1>A post</h1><span class="author vcard">wordpressadmin</span>
    <p>Text.</p></body></html>"""
    assert _authors(html) == []


def test_twitter_card_written_by_field() -> None:
    html = """<html><head><meta name="twitter:label1" content="Verfasst von">
    <meta name="twitter:data1" content="Jana Beispiel"></head><body><p>x</p></body></html>"""
    assert _authors(html) == ["Jana Beispiel"]


def test_labelled_author_after_a_separator_following_the_date() -> None:
    html = """<html><body><h1>Story</h1><div class="news-single-timedata">05.02.2020
    <span>-&nbsp;Redaktion: Eberhard Fuhr (Pressesprecher)</span></div><p>Text.</p>
    </body></html>"""
    assert _authors(html) == ["Eberhard Fuhr"]


@pytest.mark.parametrize(
    "byline",
    ["By Adam Aaronson PhillyVoice Staff", "By Adam Aaronson, Examplevoice Daily Herald"],
)
def test_site_name_after_the_byline_name_is_dropped_not_the_name(byline: str) -> None:
    html = f"""<html><head><meta property="og:site_name" content="ExampleVoice Daily Herald">
    </head><body><h1>Story</h1><div class="article-byline">{byline}</div><p>Text.</p>
    </body></html>"""
    page = Page.parse(html, "https://www.phillyvoice.example/story")
    assert extract_authors(page) == ["Adam Aaronson"]


def test_team_byline_before_the_site_name_is_not_a_person() -> None:
    html = """<html><head><meta property="og:site_name" content="Diario Siete"></head><body>
    <h1>Story</h1><div class="byline">Redacción Diario Siete</div><p>Text.</p></body></html>"""
    page = Page.parse(html, "https://www.diariosiete.example/story")
    assert "Redacción Diario" not in extract_authors(page)
