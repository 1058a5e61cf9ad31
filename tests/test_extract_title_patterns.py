"""Title patterns: kickers and sublines in their own element of the ``<h1>``, logo ``<h1>``s,
site names the page does not declare, cut-off metadata titles, CJK and media suffixes."""

from __future__ import annotations

from newscrawl.extract.page import Page
from newscrawl.extract.title import extract_title, strip_site_name

URL = "https://www.example-news.com/politics/story-1"


def _title(html: str, url: str = URL) -> str | None:
    return extract_title(Page.parse(html, url))


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_kicker_element_marked_by_class_is_dropped() -> None:
    html = _page(
        '<meta property="og:title" content="Harbour: Ferries run late again">',
        '<h1><span class="article__kicker">Harbour</span><span class="visually-hidden">: </span>'
        '<span class="article__title">Ferries run late again</span></h1>',
    )
    assert _title(html) == "Ferries run late again"


def test_small_kicker_before_a_line_break_is_dropped() -> None:
    html = _page(
        "<title>Ferries run late again</title>",
        "<h1><small>Harbour</small><br/> Ferries run late again </h1>",
    )
    assert _title(html) == "Ferries run late again"


def test_kicker_element_confirmed_by_metadata_is_dropped_whatever_its_class() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again">',
        '<h1><span class="c1">Press release of the harbour office <span class="c2">:</span>'
        "</span>Ferries run late again</h1>",
    )
    assert _title(html) == "Ferries run late again"


def test_plain_text_rubric_stays_in_the_headline() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again">',
        "<h1>Harbour: Ferries run late again</h1>",
    )
    assert _title(html) == "Harbour: Ferries run late again"


def test_subtitle_element_first_is_not_a_kicker_without_confirmation() -> None:
    html = _page(
        "<title>Ferries run late</title>",
        '<h1><span class="story-subtitle">Ferries run late</span> and nobody knows why</h1>',
    )
    assert _title(html) == "Ferries run late and nobody knows why"


def test_small_subline_after_the_headline_is_dropped_when_metadata_agrees() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again">',
        '<h1><span>Ferries run late again</span> <small class="subline">A winter of delays'
        "</small></h1>",
    )
    assert _title(html) == "Ferries run late again"


def test_visible_subline_stays_in_the_headline() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again">',
        '<h1>Ferries run late again <span class="subline">A winter of delays</span></h1>',
    )
    assert _title(html) == "Ferries run late again A winter of delays"


def test_hidden_site_name_after_the_headline_is_dropped() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again">',
        '<h1>Ferries run late again<span class="element-invisible"> | Harbour Times</span></h1>',
    )
    assert _title(html) == "Ferries run late again"


def test_h1_linking_home_is_a_logo_and_names_the_site() -> None:
    html = _page(
        "<title>Ferries run late again - Harbour Blog - Notes from the quay</title>",
        '<h1><a href="/"><span>Harbour Blog - Notes from the quay</span></a></h1>',
    )
    assert _title(html) == "Ferries run late again"


def test_logo_h1_with_slogan_is_not_the_headline() -> None:
    html = _page(
        "<title>Ferry timetable » Harbour Club e.V.</title>",
        '<h1><a href="https://www.example-news.com/?lang=en"><span>Harbour Club e.V.</span>'
        '<span class="slogan">Friends of the old quay and its ferries</span></a></h1>',
    )
    assert _title(html) == "Ferry timetable"


def test_archived_copy_is_named_after_the_archived_site() -> None:
    url = "https://web.archive.org/web/20080731095558/http://www.harbourblog.example/2008/07/x/"
    html = _page("<title>Ferries run late again | Harbourblog</title>", "<p>x</p>")
    assert _title(html, url) == "Ferries run late again"


def test_site_name_inside_a_long_title_part_is_not_a_site_part() -> None:
    names = ["Example News", "example-news.com", "example-news"]
    raw = "Example News - Ferries run late again: Example News reporters rode them all week"
    assert strip_site_name(raw, names) == (
        "Ferries run late again: Example News reporters rode them all week"
    )


def test_suffix_spelling_out_a_hyphenated_host_is_the_site() -> None:
    html = _page(
        "<title>The harbour association at a glance | Harbour Association Northport (HAN)</title>",
        "<p>x</p>",
    )
    url = "https://www.ha-northport.example/about/portrait-1"
    assert _title(html, url) == "The harbour association at a glance"


def test_h1_equal_to_the_title_before_a_long_section_name_is_confirmed() -> None:
    html = _page(
        "<title>All ferry routes and fares - The Complete Harbour Guide for Visitors - EN</title>",
        "<h1>Route map</h1><h1>All ferry routes and fares</h1><h1>Northern quays and piers</h1>",
    )
    assert _title(html) == "All ferry routes and fares"


def test_lone_three_word_h1_is_the_headline() -> None:
    html = _page("<title>Harbour guide: day trips and more</title>", "<h1>Northport old town</h1>")
    assert _title(html) == "Northport old town"


def test_og_title_cut_at_a_quote_mark_yields_to_the_full_one() -> None:
    html = _page(
        '<meta property="og:title" content="Mayor calls ferry plan">'
        '<meta name="twitter:title" content="Mayor calls ferry plan &quot;unworkable&quot;">',
        "<p>x</p>",
    )
    assert _title(html) == 'Mayor calls ferry plan "unworkable"'


def test_h1_spaced_by_inline_markup_takes_the_metadata_spelling() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries in the EU: past and future">',
        '<h1>Ferries in the <abbr title="European Union">EU</abbr>: past and future</h1>',
    )
    assert _title(html) == "Ferries in the EU: past and future"


def test_trailing_media_marker_is_dropped() -> None:
    html = _page(
        "<title>Ferry rescued in storm (video) | Example News</title>",
        "<h1>Ferry rescued in storm [Watch]</h1>",
    )
    assert _title(html) == "Ferry rescued in storm"


def test_unspaced_cjk_site_suffix_is_dropped() -> None:
    html = _page("<title>港口渡轮今冬再次晚点，乘客不满！-示例网</title>", "<p>x</p>")
    assert _title(html) == "港口渡轮今冬再次晚点，乘客不满！"


def test_first_confirmed_h1_wins_on_an_endless_scroll_page() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again">'
        '<script type="application/ld+json">[{"@type": "NewsArticle", "headline": '
        '"Ferries run late again"}, {"@type": "NewsArticle", "headline": '
        '"Lighthouse keeper retires after forty quiet years"}]</script>',
        "<h1>Ferries run late again</h1><p>x</p>"
        "<h1>Lighthouse keeper retires after forty quiet years</h1><p>y</p>",
    )
    assert _title(html) == "Ferries run late again"


def test_section_h1_loses_to_the_headline_confirmed_first() -> None:
    html = _page(
        '<meta property="og:title" content="Ferries run late again"><title>News - Harbour</title>',
        '<h1 class="hidden">News</h1><h1>Ferries run late again</h1>',
    )
    assert _title(html) == "Ferries run late again"


def test_h1_linking_to_a_post_by_query_is_no_logo() -> None:
    html = _page(
        "<title>Ferries run late again | Harbour Blog</title>",
        '<h1><a href="/?p=123">Ferries run late again</a></h1>',
    )
    assert _title(html, "https://harbour.example/?p=123") == "Ferries run late again"
