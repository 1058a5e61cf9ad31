"""Real crawls of the demo site with the ``news`` spider and all pipelines, into SQLite.

Each test starts the crawl from a different kind of entry point and checks what reached the
database: every article exactly once under its canonical URL, no listing pages, no other host.
"""

from __future__ import annotations

import pytest

from newscrawl.demo.pages import (
    REPUBLISHED_PATH,
    REPUBLISHED_STORY_ID,
    SHORTLINK_PATH,
    article_urls,
    load_content,
)
from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import article_html, listing_html

pytestmark = pytest.mark.timeout(180)


def expected_urls(site: LocalSite) -> list[str]:
    return sorted(article_urls(site.base_url))


def test_from_robots_txt_every_article_stored_once(demo_site, crawl):
    result = crawl([demo_site.url("/robots.txt")])

    assert result.article_urls() == expected_urls(demo_site)
    assert result.status == "finished"
    # robots.txt -> sitemap index -> the gzip post sitemap was read.
    assert "/post-sitemap.xml.gz" in demo_site.requested_paths(200)


def test_from_gzip_sitemap_index(demo_site, crawl):
    result = crawl([demo_site.url("/sitemap_index.xml")])

    assert result.article_urls() == expected_urls(demo_site)
    assert result.stat("newscrawl/documents/sitemap_index") == 1
    assert result.stat("newscrawl/documents/sitemap") == 2


def test_from_rss_feed_tracking_link_is_deduplicated(demo_site, crawl):
    result = crawl([demo_site.url("/feed/")])

    assert result.article_urls() == expected_urls(demo_site)
    assert result.stat("newscrawl/documents/feed") == 1
    # The tracked story was fetched with its utm_ parameters and stored without them.
    assert any("utm_source=rss" in path for path in demo_site.requested_paths(200))
    assert not [u for u in result.article_urls() if "utm_" in u]


def test_from_homepage_follows_pagination_not_storing_listings(demo_site, crawl):
    result = crawl([demo_site.url("/")])

    # The republished copy and its original race from the listing pages: whichever is fetched
    # first is kept, the other is the content duplicate.
    republished = demo_site.url(REPUBLISHED_PATH)
    original = demo_site.url(load_content().story(REPUBLISHED_STORY_ID).path)
    urls = sorted(original if url == republished else url for url in result.article_urls())
    assert urls == expected_urls(demo_site)
    assert {"/page/2/", "/page/3/"} <= set(demo_site.requested_paths(200))
    assert result.stat("newscrawl/pages/listing") >= 3
    # The tracked story's utm_ links (home, declared feed) are one canonical URL: fetched once.
    requested = demo_site.requested_paths()
    assert sum("retail-investors-pile-into" in path for path in requested) == 1
    assert result.stat("newscrawl/skipped/seen_url") >= 1
    # Its short link /?p=... names the real URL only in the page: dropped after fetching.
    assert SHORTLINK_PATH in requested
    assert result.stat("newscrawl/dropped/duplicate_url") == 1
    # A republished copy under another slug: same content, one of the two dropped.
    assert result.stat("newscrawl/dropped/duplicate_content") == 1
    assert (original in result.article_urls()) != (republished in result.article_urls())


def test_articles_keep_comments_and_dates(demo_site, crawl):
    result = crawl([demo_site.url("/sitemap_index.xml")])

    content = load_content()
    expected_comments = sum(len(s.comments) for s in content.stories)
    (count,) = result.rows("SELECT count(*) FROM comments")[0]
    assert count == expected_comments
    rows = result.rows("SELECT title, published_at, updated_at FROM articles")
    assert {row.title for row in rows} == {s.title for s in content.stories}
    assert all(row.published_at is not None and row.updated_at is not None for row in rows)


def test_second_crawl_into_same_database_changes_nothing(demo_site, crawl, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'shared.db'}"
    crawl([demo_site.url("/feed/")], database_url=database_url)
    second = crawl([demo_site.url("/feed/")], database_url=database_url)

    assert second.article_urls() == expected_urls(demo_site)
    # Every article page was asked for conditionally and answered 304: nothing to store.
    assert second.stat("newscrawl/incremental/not_modified") == len(expected_urls(demo_site))
    assert second.stat("newscrawl/store/articles_created") == 0
    assert second.stat("newscrawl/store/articles_updated") == 0


def test_off_host_links_are_not_followed(crawl):
    with LocalSite() as other, LocalSite() as site:
        other.set_page("/2025/11/story-on-another-host/", Page.html(article_html("Elsewhere")))
        other_url = f"http://localhost:{other.port}/2025/11/story-on-another-host/"
        links = [site.url(f"/2025/11/local-story-number-{i}/") for i in range(3)] + [other_url]
        site.set_page("/", Page.html(listing_html(links)))
        for i in range(3):
            page = Page.html(article_html(f"Local {i}"))
            site.set_page(f"/2025/11/local-story-number-{i}/", page)

        result = crawl([site.url("/")])

    assert len(result.article_urls()) == 3
    assert other.requests == []
    assert result.stat("newscrawl/skipped/off_site") >= 1


def test_page_budget_limits_pages_per_site(demo_site, crawl):
    result = crawl(
        [demo_site.url("/sitemap_index.xml")], settings={"NEWSCRAWL_MAX_PAGES_PER_SITE": "4"}
    )

    assert len(result.article_urls()) <= 4
    assert result.stat("newscrawl/skipped/max_pages") >= 1
