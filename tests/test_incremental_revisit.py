"""The revisit policy in real crawls: recent articles are checked again on their schedule, so
an edit that no sitemap announced is caught; old articles are left alone."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.demo.pages import DemoContent, build_site
from newscrawl.localsite import LocalSite
from tests.plugins.http import replicated_content

pytestmark = pytest.mark.timeout(180)

SETTINGS = {"NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD": "0", "NEWSCRAWL_REVISIT_LADDER": "1h,6h,24h"}
OLD, RECENT = 4, 8


def content_at(now: datetime) -> DemoContent:
    """``OLD`` stories published a month ago (past the ladder), ``RECENT`` ones 30 min ago."""
    content = replicated_content(OLD + RECENT)
    stories = [
        dataclasses.replace(
            story,
            published=now - (timedelta(days=30) if index < OLD else timedelta(minutes=30)),
            updated=now - (timedelta(days=30) if index < OLD else timedelta(minutes=30)),
        )
        for index, story in enumerate(content.stories)
    ]
    return dataclasses.replace(content, stories=tuple(stories))


def silently_edit(content: DemoContent, story_id: int) -> DemoContent:
    """A new paragraph, but the same ``updated`` time: the sitemap's lastmod does not move."""
    stories = [
        dataclasses.replace(s, body=s.body + "\n\nAddendum: the company later confirmed the deal.")
        if s.id == story_id
        else s
        for s in content.stories
    ]
    return dataclasses.replace(content, stories=tuple(stories))


def requested_articles(site: LocalSite, content: DemoContent) -> set[str]:
    paths = {s.path for s in content.stories}
    return {p for p in site.requested_paths() if p in paths}


def test_revisits_catch_an_unannounced_edit_once_due(crawl, tmp_path):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    content = content_at(now)
    database_url = f"sqlite:///{tmp_path / 'news.db'}"
    recent = {s.path for s in content.stories[OLD:]}
    edited = content.stories[OLD + 2]
    with LocalSite() as site:
        site.set_pages(build_site(site.base_url, content))
        start = [site.url("/post-sitemap.xml.gz")]
        crawl(start, database_url=database_url, settings=SETTINGS)
        site.set_pages(build_site(site.base_url, silently_edit(content, edited.id)))
        site.clear_log()

        # Right away nothing is due yet, and every lastmod predates the fetch: nothing fetched.
        early = crawl(start, database_url=database_url, settings=SETTINGS)
        assert requested_articles(site, content) == set()
        assert early.stat("newscrawl/revisit/requested") == 0
        site.clear_log()

        # Two hours later the first step (1 h after publication) has passed for recent stories.
        later = crawl(
            start,
            database_url=database_url,
            settings={**SETTINGS, "NEWSCRAWL_NOW": (now + timedelta(hours=2)).isoformat()},
        )
        assert requested_articles(site, content) == recent
        statuses = {r.path: r.status for r in site.requests if r.path in recent}

    assert later.stat("newscrawl/revisit/requested") == RECENT
    assert statuses.pop(edited.path) == 200
    assert set(statuses.values()) == {304}
    versions = later.rows("SELECT url, version FROM articles WHERE version > 1")
    assert [(row.url.rsplit(":", 1)[1].split("/", 1)[1], row.version) for row in versions] == [
        (edited.path.lstrip("/"), 2)
    ]


def test_next_check_follows_the_ladder(crawl, tmp_path):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    content = content_at(now)
    with LocalSite() as site:
        site.set_pages(build_site(site.base_url, content))
        result = crawl([site.url("/post-sitemap.xml.gz")], settings=SETTINGS)
    rows = result.rows("SELECT url, published_at, next_check_at FROM page_states")
    assert len(rows) == OLD + RECENT
    due = [row for row in rows if row.next_check_at is not None]
    # Recent stories: first check one hour after publication; old ones: never again.
    assert len(due) == RECENT
    for row in due:
        published = datetime.fromisoformat(str(row.published_at))
        assert datetime.fromisoformat(str(row.next_check_at)) - published == timedelta(hours=1)
