"""Discovery metadata and copies across sites, in real crawls: Google News sitemap fields,
the maximum article age, and a syndicated copy on a second host linked to the original."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.demo.pages import build_site, load_content
from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import SitemapEntry, sitemap_xml

pytestmark = pytest.mark.timeout(180)

BARE_ARTICLE = """<!doctype html><html><head><meta property="og:type" content="article"></head>
<body><article>{paragraphs}</article></body></html>"""


def bare_article(topic: str) -> str:
    """An article page without title and without any date: only the sitemap knows them."""
    sentences = [
        f"The {topic} report was published by the regional statistics office on Tuesday.",
        f"Analysts said the {topic} figures were stronger than the consensus had expected.",
        f"Several economists revised their forecasts for {topic} after the release.",
        "The office will publish a more detailed breakdown of the data next month.",
    ]
    return BARE_ARTICLE.format(paragraphs="".join(f"<p>{s} {s}</p>" for s in sentences))


def test_google_news_sitemap_fills_title_and_date(crawl, local_site):
    published = "2026-01-15T08:30:00+01:00"
    local_site.set_page("/2026/01/housing-starts/", Page.html(bare_article("housing")))
    entries = [
        SitemapEntry(
            local_site.url("/2026/01/housing-starts/"),
            news_published=published,
            news_title="Housing Starts Beat Forecasts",
        )
    ]
    local_site.set_page("/news-sitemap.xml", Page.xml(sitemap_xml(entries)))

    result = crawl([local_site.url("/news-sitemap.xml")])

    (row,) = result.rows("SELECT title, published_at FROM articles")
    assert row.title == "Housing Starts Beat Forecasts"
    assert datetime.fromisoformat(str(row.published_at)).replace(
        tzinfo=timezone.utc
    ) == datetime.fromisoformat(published)
    # The revisit ladder starts from that publication time too.
    (state,) = result.rows("SELECT published_at FROM page_states")
    assert str(state.published_at) == str(row.published_at)


def test_the_page_wins_over_the_news_sitemap(crawl, demo_site):
    story = load_content().stories[0]
    entries = [SitemapEntry(demo_site.url(story.path), news_published="2020-01-01",
                            news_title="Sitemap Title")]
    demo_site.set_page("/news-sitemap.xml", Page.xml(sitemap_xml(entries)))

    result = crawl([demo_site.url("/news-sitemap.xml")])

    (row,) = result.rows("SELECT title, published_at FROM articles")
    assert row.title == story.title
    day = story.published.astimezone(timezone.utc).strftime("%Y-%m-%d")
    assert str(row.published_at).startswith(day)


def test_max_article_age_skips_old_entries(crawl, local_site):
    now = datetime.now(timezone.utc)
    ages = {"fresh": 2, "stale": 40}
    for topic in ages:
        local_site.set_page(f"/2026/{topic}/", Page.html(bare_article(topic)))
    entries = [
        SitemapEntry(
            local_site.url(f"/2026/{topic}/"),
            news_published=(now - timedelta(days=days)).isoformat(),
            news_title=f"{topic.title()} story",
        )
        for topic, days in ages.items()
    ]
    local_site.set_page("/news-sitemap.xml", Page.xml(sitemap_xml(entries)))

    result = crawl(
        [local_site.url("/news-sitemap.xml")],
        settings={"NEWSCRAWL_MAX_ARTICLE_AGE_DAYS": "30"},
    )

    assert result.article_urls() == [local_site.url("/2026/fresh/")]
    assert "/2026/stale/" not in local_site.requested_paths()
    assert result.stat("newscrawl/skipped/too_old") == 1


def test_syndicated_copy_on_a_second_host_is_linked_to_the_original(crawl):
    content = load_content()
    story = content.stories[2]
    copy = dataclasses.replace(
        story,
        body="This story first appeared on Ledger Street and is republished with permission.\n\n"
        + story.body.replace("said", "told reporters", 1),
    )
    syndicated = dataclasses.replace(
        content, stories=tuple(copy if s.id == story.id else s for s in content.stories)
    )
    with LocalSite() as original, LocalSite(host="127.0.0.2") as mirror:
        original.set_pages(build_site(original.base_url, content))
        mirror.set_page(copy.path, build_site(mirror.base_url, syndicated)[copy.path])
        mirror.set_page(
            "/sitemap.xml", Page.xml(sitemap_xml([SitemapEntry(mirror.url(copy.path))]))
        )
        mirror.delay = 0.5  # the original is stored first: it is the first copy
        result = crawl([original.url("/post-sitemap.xml.gz"), mirror.url("/sitemap.xml")])
        original_url, mirror_url = original.url(story.path), mirror.url(copy.path)

    rows = {r.url: r for r in result.rows("SELECT id, url, site, duplicate_of FROM articles")}
    assert len(rows) == len(content.stories) + 1
    assert rows[mirror_url].duplicate_of == rows[original_url].id
    assert rows[mirror_url].site == "127.0.0.2"
    linked = [url for url, row in rows.items() if row.duplicate_of is not None]
    assert linked == [mirror_url]
    assert result.stat("newscrawl/store/duplicates_linked") == 1
    assert result.stat("newscrawl/dropped/duplicate_content") == 0
