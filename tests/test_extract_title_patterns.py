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
        "<title>Ferry timetable » Harbour Club e.V.</title>"
        '<meta property="og:site_name" content="Harbour Club e.V.">',
        '<h1><a href="https://www.example-news.com/?lang=en"><span>Harbour Club e.V.</span>'
        '<span class="slogan">Friends of the old quay and its ferries</span></a></h1>',
    )
    assert _title(html) == "Ferry timetable"


def test_archived_copy_is_named_after_the_archived_site() -> None:
    url = "https://web.archive.org/web/20190102030405/http://www.harbourblog.example/2019/ferries/"
    html = _page("<title>Ferries run late again | Harbourblog</title>", "<p>x</p>")
    assert _title(html, url) == "Ferries run late again"


def test_site_name_inside_a_long_title_part_is_not_a_site_part() -> None:
    names = ["Example News", "example-news.com", "example-news"]
    raw = "Example News - Ferries run late again: Example News reporters rode them all week"
    assert strip_site_name(raw, names) == (
        "Ferries run late again: Example News reporters rode them all week"
    )


def test_h1_equal_to_the_title_before_a_long_section_name_is_confirmed() -> None:
    html = _page(
        "<title>All ferry routes and fares - The Complete Harbour Guide for Visitors - EN</title>",
        "<h1>Route map</h1><h1>All ferry routes and fares</h1><h1>Northern quays and piers</h1>",
    )
    assert _title(html) == "All ferry routes and fares"


def test_lone_three_word_h1_sharing_a_word_with_the_title_is_the_headline() -> None:
    html = _page(
        "<title>Harbour guide: day trips to every lighthouse on the coast</title>",
        "<h1>Hidden lighthouse walks</h1>",
    )
    assert _title(html) == "Hidden lighthouse walks"


def test_lone_three_word_section_label_does_not_beat_the_title() -> None:
    html = _page(
        "<title>Ferries run late again this winter</title>",
        "<h1>Latest Regional Updates</h1><h2>Ferries run late again this winter</h2>",
    )
    assert _title(html) == "Ferries run late again this winter"


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


def test_section_h1_starting_the_title_loses_to_the_h1_equal_to_a_later_title() -> None:
    html = _page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Winter timetable brings fewer ferries"}</script>'
        "<title>Harbour Life Today - Ferries run late again</title>"
        '<meta property="og:title" content="Ferries run late again">',
        "<h1>Harbour Life Today</h1><h1>Ferries run late again</h1>",
    )
    assert _title(html) == "Ferries run late again"


def test_logo_h1_starting_the_og_title_loses_to_the_h1_equal_to_a_later_title() -> None:
    html = _page(
        '<meta property="og:title" content="Northport Evening Gazette - Ferries run late again">'
        '<meta name="twitter:title" content="Ferries run late again">'
        "<title>Ferries run late again</title>",
        '<h1 class="logo">Northport Evening Gazette</h1><h1>Ferries run late again</h1>',
    )
    assert _title(html) == "Ferries run late again"


def test_lone_section_h1_starting_the_title_is_no_headline_when_the_rest_is_og_title() -> None:
    html = _page(
        "<title>Harbour Life Today - Ferries run late again</title>"
        '<meta property="og:title" content="Ferries run late again">',
        "<h1>Harbour Life Today</h1><h2>Ferries run late again</h2>",
    )
    assert _title(html) == "Ferries run late again"


def test_lone_headline_h1_linking_home_stays_the_headline() -> None:
    html = _page(
        "<title>Ferries run late again as winter storms close the northern quays | Blog</title>",
        '<h1><a href="https://www.example-news.com/">Ferries run late again as winter storms'
        " close the northern quays</a></h1>",
    )
    assert _title(html) == "Ferries run late again as winter storms close the northern quays"


def test_short_headline_h1_linking_home_stays_the_headline() -> None:
    html = _page(
        "<title>Ferries run late again | Blog</title>",
        '<h1><a href="/">Ferries run late again</a></h1>',
    )
    assert _title(html) == "Ferries run late again"


def test_long_logo_h1_naming_the_site_is_the_site_name() -> None:
    html = _page(
        "<title>Ferry timetable » Harbourfriends</title>",
        '<h1><a href="/">Harbourfriends: the association of friends of the old quay and all its'
        " ferries</a></h1>",
    )
    assert _title(html, "https://www.harbourfriends.example/ferries/timetable") == "Ferry timetable"


def test_og_title_ending_in_an_abbreviation_is_not_cut_off() -> None:
    html = _page(
        '<meta property="og:title" content="Harbour buys Ferry Co.">'
        '<meta name="twitter:title" content="Harbour buys Ferry Co. in record deal">',
        "<p>x</p>",
    )
    assert _title(html) == "Harbour buys Ferry Co."


def test_og_title_cut_at_an_ellipsis_yields_to_the_full_one() -> None:
    html = _page(
        '<meta property="og:title" content="Harbour buys Ferry Co. in...">'
        '<meta name="twitter:title" content="Harbour buys Ferry Co. in record deal">',
        "<p>x</p>",
    )
    assert _title(html) == "Harbour buys Ferry Co. in record deal"


def test_headline_first_among_hundreds_of_teaser_h1s() -> None:
    teasers = "".join(
        f'<div><h1><a href="/story-{i}"><span class="kicker">Sport</span> Teaser story {i}'
        "</a></h1></div>"
        for i in range(200)
    )
    html = _page(
        "<title>Ferries run late again | Example News</title>",
        f'<h1><a href="/">Example News</a></h1><h1>Ferries run late again</h1>{teasers}',
    )
    assert _title(html) == "Ferries run late again"


def test_unspaced_cjk_word_that_is_no_site_name_stays() -> None:
    html = _page("<title>今年の港まつり開催へ-大会</title>", "<p>x</p>")
    assert _title(html) == "今年の港まつり開催へ-大会"
