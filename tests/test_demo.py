"""``newscrawl demo``: serves the bundled site, crawls it for real, prints a summary."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.demo.command import Summary
from newscrawl.demo.pages import build_site, load_content

pytestmark = pytest.mark.timeout(180)


def newscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``newscrawl`` command (via ``python -m``) from ``cwd``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY_", "NEWSCRAWL_"))}
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )


def count(url: str, table: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """One ``newscrawl demo`` run from an empty directory (no scrapy.cfg near it)."""
    workdir = tmp_path_factory.mktemp("demo")
    database = f"sqlite:///{workdir / 'demo.db'}"
    return newscrawl("demo", "--db", database, cwd=workdir), database, workdir


def test_demo_succeeds_and_prints_a_summary(demo_run):
    completed, _, _ = demo_run
    assert completed.returncode == 0, completed.stdout + completed.stderr
    stories = load_content().stories
    assert f"articles stored:     {len(stories)} ({len(stories)} new" in completed.stdout
    comments = sum(len(s.comments) for s in stories)
    assert f"comments added:      {comments}" in completed.stdout
    assert "duplicates dropped:  2 (1 same URL, 1 same content)" in completed.stdout
    assert "failures:            0 fetch, 0 dropped, 0 not stored" in completed.stdout
    assert re.search(r"crawled http://127\.0\.0\.1:\d+ in \d+\.\d s", completed.stdout)


def test_demo_database_holds_every_article_once_with_comments(demo_run):
    _, database, _ = demo_run
    stories = load_content().stories
    assert count(database, "articles") == len(stories)
    assert count(database, "comments") == sum(len(s.comments) for s in stories)
    assert count(database, "crawl_runs") == 1


def test_second_demo_run_finds_every_article_unchanged(tmp_path):
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    first = newscrawl("demo", "--db", database, cwd=tmp_path)
    second = newscrawl("demo", "--db", database, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    stories = load_content().stories
    # Every article page, including the two duplicate copies, is known and found unchanged:
    # it answers 304, or is not fetched at all when the sitemap's lastmod says so (which one
    # depends on whether the crawl meets the page in a sitemap or in a listing first).
    unchanged = re.search(r"unchanged pages:\s+(\d+) \(\d+ answered 304", second.stdout)
    assert unchanged and int(unchanged.group(1)) >= len(stories), second.stdout
    assert "articles stored:     0 (0 new, 0 updated" in second.stdout
    assert count(database, "articles") == len(stories)
    assert count(database, "article_versions") == len(stories)


def test_demo_output_is_quiet(demo_run):
    completed, _, _ = demo_run
    # No Scrapy start-up banner or per-request lines: the summary is the output.
    assert "Scrapy 2." not in completed.stdout + completed.stderr
    assert "DEBUG" not in completed.stderr


def test_demo_leaves_no_spill_files(demo_run):
    _, _, workdir = demo_run
    assert not list(workdir.glob("spill/*"))


def test_demo_refuses_a_busy_port(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        completed = newscrawl("demo", "--db", f"sqlite:///{tmp_path / 'x.db'}",
                              "--port", str(port), cwd=tmp_path)
    assert completed.returncode == 2
    assert f"cannot listen on port {port}" in completed.stderr


@pytest.mark.parametrize("url", ["mysql://user:s3cret@localhost/news", "not a url"])
def test_demo_refuses_an_unusable_database_before_crawling(tmp_path, url):
    completed = newscrawl("demo", "--db", url, cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.startswith("newscrawl demo: --db:")
    assert "s3cret" not in completed.stderr


def test_console_script_is_installed():
    assert shutil.which("newscrawl", path=str(Path(sys.executable).parent)) is not None


def test_summary_from_stats():
    stats = {
        "newscrawl/store/written": 9,
        "newscrawl/store/articles_created": 9,
        "newscrawl/store/comments_added": 12,
        "newscrawl/dropped/duplicate_url": 2,
        "newscrawl/dropped/duplicate_content": 1,
        "newscrawl/dropped/binary": 1,
        "newscrawl/fetch_failed/http_404": 2,
        "downloader/response_count": 30,
    }
    summary = Summary.from_stats(stats, 1.25)
    assert (summary.other_drops, summary.fetch_failures) == (1, 2)
    text = summary.render("http://127.0.0.1:1", "sqlite:///x.db")
    assert "duplicates dropped:  3 (2 same URL, 1 same content)" in text
    assert "in 1.2 s" in text or "in 1.3 s" in text
    assert summary.ok


def test_summary_not_ok_when_articles_spilled():
    summary = Summary.from_stats({"newscrawl/store/written": 3, "newscrawl/store/spilled": 1}, 1)
    assert not summary.ok


def test_demo_site_has_what_the_brief_promises():
    pages = build_site("http://127.0.0.1:1")
    articles = [p for p in pages.values() if b'og:type" content="article"' in p.body]
    assert len(articles) >= 9  # 9 stories + the republished copy
    assert all(b"Updated on" in p.body and b"Leave a Comment" in p.body for p in articles)
    assert sum(b'class="children"' in p.body for p in articles) >= 3  # threaded comments
    assert b"Sitemap: http://127.0.0.1:1/sitemap_index.xml" in pages["/robots.txt"].body
    assert pages["/post-sitemap.xml.gz"].body[:2] == b"\x1f\x8b"
    assert b"<rss" in pages["/feed/"].body
    assert b"utm_source=" in pages["/"].body
