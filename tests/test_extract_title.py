"""Titles: the headline without the site name."""

from __future__ import annotations

import pytest

from newscrawl.extract.page import Page
from newscrawl.extract.title import extract_title, strip_site_name


def _title(html: str, url: str = "https://www.example-news.com/story") -> str | None:
    return extract_title(Page.parse(html, url))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Storm hits coast | Example News", "Storm hits coast"),
        ("Storm hits coast - Example News", "Storm hits coast"),
        ("Example News: Storm hits coast", "Storm hits coast"),
        ("Storm hits coast – example-news.com", "Storm hits coast"),
        ("Storm hits coast", "Storm hits coast"),
        ("Storm hits coast | World | Example News", "Storm hits coast"),
    ],
)
def test_strip_site_name(raw: str, expected: str) -> None:
    assert strip_site_name(raw, ["Example News", "example-news.com", "example-news"]) == expected


def test_h1_confirmed_by_og_title_wins() -> None:
    html = """<html><head><title>Storm hits the coast | Example News</title>
    <meta property="og:title" content="Storm hits the coast"></head>
    <body><h1 class="logo">Example News</h1><h1>Storm hits the coast</h1></body></html>"""
    assert _title(html) == "Storm hits the coast"


def test_site_name_suffix_removed_without_h1() -> None:
    html = """<html><head><title>Council votes on budget - The Daily Example</title>
    <meta property="og:site_name" content="The Daily Example"></head><body><p>x</p></body></html>"""
    assert _title(html) == "Council votes on budget"


def test_json_ld_headline_used_when_no_h1() -> None:
    html = """<html><head><title>Home</title><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Rates held steady"}</script></head><body></body></html>"""
    assert _title(html) == "Rates held steady"


def test_headline_with_dash_inside_is_kept() -> None:
    html = """<html><head><title>Spain – Italy: the final in ten moments | Example News</title>
    </head><body><h1>Spain – Italy: the final in ten moments</h1></body></html>"""
    assert _title(html) == "Spain – Italy: the final in ten moments"


def test_no_title_at_all() -> None:
    assert _title("<html><body><p>Just text.</p></body></html>") is None


def test_inline_markup_in_h1_does_not_space_out_a_possessive() -> None:
    html = """<html><head><title>Kotaku's top games | Kotaku</title></head><body>
    <h1><em>Kotaku</em>'s top games</h1></body></html>"""
    assert _title(html) == "Kotaku's top games"


def test_inline_markup_in_h1_does_not_space_out_a_comma() -> None:
    html = """<html><head><title>Rain, then sun</title></head><body>
    <h1><b>Rain</b>, then sun</h1></body></html>"""
    assert _title(html) == "Rain, then sun"


def test_site_name_in_the_middle_ends_the_title() -> None:
    html = """<html><head><title>Winter pike | fish-mag.example | Your fishing magazine</title>
    </head><body><p>x</p></body></html>"""
    assert extract_title(Page.parse(html, "https://www.fish-mag.example/a")) == "Winter pike"


def test_site_suffix_inside_the_h1_is_dropped() -> None:
    html = """<html><head><title>Rates held steady</title></head><body>
    <h1>Rates held steady <span class="hidden">| Example Bank</span></h1></body></html>"""
    assert extract_title(Page.parse(html, "https://www.examplebank.example/a")) == (
        "Rates held steady"
    )


def test_h1_containing_the_sites_name_keeps_it() -> None:
    html = """<html><head><title>Skibergsteigen: fast and light - News</title></head><body>
    <h1>Skibergsteigen: fast and light - News</h1></body></html>"""
    assert extract_title(Page.parse(html, "https://www.bergsteigen.example/a")) == (
        "Skibergsteigen: fast and light - News"
    )


def test_css_inside_the_h1_is_not_title_text() -> None:
    html = """<html><head><title>Vaccines still available</title></head><body>
    <h1><style>.x{color:red}</style>Vaccines still available</h1></body></html>"""
    assert _title(html) == "Vaccines still available"
