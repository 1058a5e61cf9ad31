"""Site rules as data: profiles, selectors, layout versions, lookup by host."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.rules import (
    FieldSelector,
    SiteRegistry,
    SiteRules,
    SiteRulesError,
    available_site_profiles,
    find_site_profile,
    load_site_profile,
    parse_site_profile,
)

PROFILE = """
[site]
name = "example"
hosts = ["www.example.org"]
start_urls = ["https://www.example.org/feed/"]

[rules]
title = ["h2.headline"]
published = ["span.when::attr(data-ts)"]
body = ["div.text"]
drop = [".promo"]
comments = "ul.talk > li"

[[rules.versions]]
until = "2018-01-01"
body = ["div.old-text"]
"""


def test_valuewalk_profile_loads() -> None:
    profile = load_site_profile("valuewalk")
    assert profile.name == "valuewalk"
    assert "www.valuewalk.com" in profile.hosts
    assert any(url.endswith("/robots.txt") for url in profile.start_urls)
    assert profile.rules.comments
    assert profile.rules.selectors("body")
    assert "valuewalk" in available_site_profiles()


def test_unknown_profile_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        load_site_profile("no-such-site")
    with pytest.raises(KeyError):
        load_site_profile("../etc/passwd")


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://www.valuewalk.com/2015/06/story/", True),
        ("https://valuewalk.com/2015/06/story/", True),
        ("http://127.0.0.1:8000/2015/06/story/", False),
        ("https://notvaluewalk.com/", False),
        ("not a url", False),
    ],
)
def test_find_site_profile_by_host(url: str, found: bool) -> None:
    profile = find_site_profile(url)
    assert (profile is not None and profile.name == "valuewalk") is found


def test_host_without_a_profile_reads_no_profile_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import newscrawl.extract.rules as rules_module

    def no_file_reads(name: str) -> None:
        raise AssertionError(f"profile {name} read for a host without a profile")

    monkeypatch.setattr(rules_module, "load_site_profile", no_file_reads)
    assert find_site_profile("https://www.example.com/2021/05/a-story") is None


def test_registry_finds_profiles_by_host() -> None:
    registry = SiteRegistry()
    assert registry.find("https://www.valuewalk.com/x") is not None
    assert registry.find("https://example.com/x") is None


def test_selectors_read_text_attributes_and_own_text() -> None:
    import lxml.html

    root = lxml.html.fromstring('<div><p class="a" data-x="1">own <b>bold</b></p></div>')
    assert FieldSelector.compile("p.a").values(root) == ["own bold"]
    assert FieldSelector.compile("p.a::text").values(root) == ["own"]
    assert FieldSelector.compile("p.a::attr(data-x)").values(root) == ["1"]


def test_bad_selector_and_unknown_key_are_reported() -> None:
    with pytest.raises(SiteRulesError):
        FieldSelector.compile("p[[[")
    with pytest.raises(SiteRulesError):
        SiteRules.from_mapping({"titel": ["h1"]})
    with pytest.raises(SiteRulesError):
        parse_site_profile("[site]\nhosts = []\n")



@pytest.mark.parametrize(
    "text",
    [
        '[site]\nname = "x"\n[rules]\ntitle = 3\n',
        '[site]\nname = "x"\n[rules]\nversions = ["h1"]\n',
        'site = "x"\n',
        'rules = "h1"\n[site]\nname = "x"\n',
    ],
)
def test_wrongly_typed_profile_values_are_reported(text: str) -> None:
    with pytest.raises(SiteRulesError):
        parse_site_profile(text)

def test_layout_versions_are_chosen_by_date() -> None:
    rules = parse_site_profile(PROFILE).rules
    assert rules.for_date(None) is rules
    assert rules.for_date(date(2020, 5, 1)) is rules
    old = rules.for_date(datetime(2016, 3, 1, tzinfo=timezone.utc))
    assert old.body == ("div.old-text",)
    assert old.title == ("h2.headline",)  # inherited from the current layout


def test_explicit_rules_drive_extraction_on_any_host() -> None:
    rules = parse_site_profile(PROFILE).rules
    text = "A paragraph of the story that is long enough to be kept by any filter at all. " * 3
    html = f"""<html><body><h1>Site name</h1><h2 class="headline">Real headline</h2>
    <span class="when" data-ts="2019-02-03T04:05:06+00:00">yesterday</span>
    <div class="text"><p>{text}</p><div class="promo"><p>Buy our mugs.</p></div></div>
    <div class="old-text"><p>Old layout text.</p></div></body></html>"""
    article = extract_article(html, "http://127.0.0.1:8000/story", rules)
    assert article.title == "Real headline"
    assert article.published_at == datetime(2019, 2, 3, 4, 5, 6, tzinfo=timezone.utc)
    assert article.body == text.strip()


def test_old_layout_is_used_for_old_pages() -> None:
    rules = parse_site_profile(PROFILE).rules
    html = """<html><body><h2 class="headline">Old story</h2>
    <span class="when" data-ts="2016-02-03T04:05:06+00:00"></span>
    <div class="text"><p>Navigation text in the old layout.</p></div>
    <div class="old-text"><p>The story as the old layout printed it.</p></div></body></html>"""
    article = extract_article(html, "http://127.0.0.1:8000/old", rules)
    assert article.body == "The story as the old layout printed it."
