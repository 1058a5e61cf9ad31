"""Incremental re-crawls of a site whose pages change between crawls (real spider, subprocess).

The site is the demo site with 30 stories, crawled twice into one SQLite database. What the
second crawl fetched is read from the local server's request log: an article page answered
200 had its full body downloaded again; a 304 or a page never requested did not.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from newscrawl.demo.pages import (
    REPUBLISHED_PATH,
    SHORTLINK_PATH,
    Comment,
    DemoContent,
    build_site,
)
from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import SitemapEntry, replicated_content, sitemap_xml

pytestmark = pytest.mark.timeout(180)

STORIES = 30
# Same bodies under the copies' titles: near-duplicate linking would only add noise here.
SETTINGS = {"NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD": "0"}


def article_paths(content: DemoContent) -> set[str]:
    return {s.path for s in content.stories} | {SHORTLINK_PATH, REPUBLISHED_PATH}


def bodies_downloaded(site: LocalSite, content: DemoContent) -> list[str]:
    """Article pages answered with a full body (200) since the log was cleared."""
    paths = article_paths(content)
    return [p for p in site.requested_paths(200) if p.split("?utm")[0] in paths]


def not_modified(site: LocalSite) -> list[str]:
    return site.requested_paths(304)


@pytest.fixture
def content() -> DemoContent:
    return replicated_content(STORIES)


@pytest.fixture
def site(content: DemoContent):
    with LocalSite() as site:
        site.set_pages(build_site(site.base_url, content))
        yield site


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'news.db'}"


def count(result, query: str) -> int:
    return int(result.rows(query)[0][0])


def test_unchanged_site_with_lastmod_is_not_downloaded_again(site, content, crawl, database_url):
    first = crawl([site.url("/robots.txt")], database_url=database_url, settings=SETTINGS)
    assert len(first.article_urls()) == STORIES
    versions, events = count(first, "SELECT count(*) FROM article_versions"), count(
        first, "SELECT max(id) FROM events"
    )
    site.clear_log()

    second = crawl([site.url("/robots.txt")], database_url=database_url, settings=SETTINGS)

    downloaded = bodies_downloaded(site, content)
    assert len(downloaded) <= 0.1 * len(article_paths(content)), downloaded
    # Most article pages were not even requested: their sitemap lastmod predates the fetch.
    assert second.stat("newscrawl/skipped/unchanged_lastmod") >= STORIES - 10
    assert count(second, "SELECT count(*) FROM article_versions") == versions
    assert count(second, "SELECT max(id) FROM events") == events
    assert second.stat("newscrawl/store/articles_created") == 0
    assert second.status == "finished"


def test_without_lastmod_conditional_requests_spare_the_bodies(site, content, crawl, database_url):
    # A sitemap without <lastmod>: every page is requested again, but conditionally.
    urls = [site.url(s.path) for s in content.stories]
    site.set_page("/news-sitemap.xml", Page.xml(sitemap_xml([SitemapEntry(u) for u in urls])))
    first = crawl([site.url("/news-sitemap.xml")], database_url=database_url, settings=SETTINGS)
    assert len(first.article_urls()) == STORIES
    site.clear_log()

    second = crawl([site.url("/news-sitemap.xml")], database_url=database_url, settings=SETTINGS)

    assert len(bodies_downloaded(site, content)) <= 0.1 * STORIES
    assert len(not_modified(site)) >= 0.9 * STORIES
    conditional = [r for r in site.requests if r.status == 304]
    assert all("If-None-Match" in r.headers for r in conditional)
    assert second.stat("newscrawl/incremental/not_modified") == len(conditional)
    assert second.stat("newscrawl/store/articles_updated") == 0


def edit(content: DemoContent, edited: set[int], commented: set[int], now: datetime):
    """Edit the bodies of ``edited`` stories and add a comment to ``commented`` ones, setting
    their ``updated`` (and so their sitemap lastmod) to ``now``, as a CMS does."""
    stories = []
    for story in content.stories:
        if story.id in edited:
            correction = "\n\nCorrection: an earlier version misstated a figure.\n\n"
            body = story.body.replace("\n\n", correction, 1)
            story = dataclasses.replace(story, body=body, updated=now)
        if story.id in commented:
            comment = Comment(
                id=90_000 + story.id,
                author="Late Reader",
                posted=now,
                text=f"A new comment on story {story.id}, written after the first crawl.",
            )
            story = dataclasses.replace(story, comments=(*story.comments, comment), updated=now)
        stories.append(story)
    return dataclasses.replace(content, stories=tuple(stories))


def test_edits_and_new_comments_make_exactly_one_version_or_comment_each(
    site, content, crawl, database_url
):
    first = crawl([site.url("/sitemap_index.xml")], database_url=database_url, settings=SETTINGS)
    cursor = count(first, "SELECT max(id) FROM events")
    comments_before = count(first, "SELECT count(*) FROM comments")
    ids = [s.id for s in content.stories]
    edited, commented = set(ids[3:6]), set(ids[10:14])
    changed = edit(content, edited, commented, datetime.now(timezone.utc).replace(microsecond=0))
    site.set_pages(build_site(site.base_url, changed))
    site.clear_log()

    second = crawl([site.url("/sitemap_index.xml")], database_url=database_url, settings=SETTINGS)

    stories = {s.id: s for s in changed.stories}
    edited_urls = {site.url(stories[i].path) for i in edited}
    versions = second.rows("SELECT url, version FROM articles WHERE version > 1")
    assert {row.url for row in versions} == edited_urls
    assert all(row.version == 2 for row in versions)
    new_comments = second.rows(
        "SELECT a.url, c.author, c.body FROM comments c JOIN articles a ON a.id = c.article_id"
        f" WHERE c.id > (SELECT {comments_before})"
    )
    assert sorted(row.url for row in new_comments) == sorted(
        site.url(stories[i].path) for i in commented
    )
    assert {row.author for row in new_comments} == {"Late Reader"}
    events = second.rows(f"SELECT kind, article_id, comment_id FROM events WHERE id > {cursor}")
    assert sorted(e.kind for e in events) == sorted(
        ["article_updated"] * len(edited) + ["comment_added"] * len(commented)
    )
    # Only the changed pages were downloaded again (their sitemap lastmod moved).
    touched = {stories[i].path for i in edited | commented}
    assert set(bodies_downloaded(site, changed)) == touched
