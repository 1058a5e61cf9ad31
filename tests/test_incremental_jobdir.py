"""``JOBDIR`` pause and resume: a crawl stopped midway with one SIGINT and started again with
the same job directory finishes the work, and stores every article exactly once."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from newscrawl.demo.pages import build_site
from newscrawl.localsite import LocalSite
from tests.plugins.http import CRAWL_TIMEOUT_S, crawl_command, crawl_result, replicated_content

pytestmark = pytest.mark.timeout(180)

STORIES = 40


def test_paused_crawl_resumes_and_stores_each_article_once(tmp_path):
    content = replicated_content(STORIES)
    paths = {s.path for s in content.stories}
    database_url = f"sqlite:///{tmp_path / 'news.db'}"
    settings = {
        "JOBDIR": str(tmp_path / "job"),
        "NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD": "0",
        "CONCURRENT_REQUESTS": "2",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    }
    with LocalSite() as site:
        site.set_pages(build_site(site.base_url, content))
        site.delay = 0.05  # slow enough to stop the crawl halfway
        command, env, _ = crawl_command(
            [site.url("/post-sitemap.xml.gz")],
            tmp_path / "run",
            settings=settings,
            database_url=database_url,
        )
        first = subprocess.Popen(
            command, cwd=tmp_path / "run", env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + CRAWL_TIMEOUT_S
        while len(paths & set(site.requested_paths())) < STORIES // 4:
            assert first.poll() is None, "the crawl ended before it could be paused"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        first.send_signal(signal.SIGINT)
        first_log, _ = first.communicate(timeout=CRAWL_TIMEOUT_S)
        paused = crawl_result(first.returncode, first_log, database_url)
        fetched_before = paths & set(site.requested_paths(200))

        site.delay = 0
        second = subprocess.run(
            command, cwd=tmp_path / "run", env=env, capture_output=True, text=True,
            timeout=CRAWL_TIMEOUT_S,
        )
        resumed = crawl_result(second.returncode, second.stdout + second.stderr, database_url)
        fetched = [p for p in site.requested_paths(200) if p in paths]
        expected = sorted(site.url(p) for p in paths)

    assert paused.status == "shutdown", first_log[-3000:]
    assert 0 < len(fetched_before) < STORIES
    assert resumed.status == "finished", resumed.log[-3000:]
    assert resumed.article_urls() == expected
    (versions,) = resumed.rows("SELECT count(*) FROM article_versions")[0]
    (created,) = resumed.rows("SELECT count(*) FROM events WHERE kind = 'article_created'")[0]
    assert versions == created == STORIES
    # The resumed crawl did not start over: each page was downloaded once over both runs.
    assert sorted(fetched) == sorted(paths)
