"""SIGTERM in the middle of a crawl: Scrapy shuts down gracefully and the articles the writer
still holds in memory are written before the process exits."""

from __future__ import annotations

import signal

import pytest
import sqlalchemy as sa

from newscrawl.localsite import Page
from tests.plugins.http import article_html
from tests.plugins.redis import spawn_crawl, wait_until

pytestmark = pytest.mark.timeout(180)

ARTICLES = 30
# Slow pages, and a writer that would hold everything until the end: at SIGTERM time every
# article fetched so far is in memory only.
HOLD_EVERYTHING = {
    "DOWNLOAD_DELAY": "0.15",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
    # Scrapy finishes the requests it has taken before it stops: take one at a time.
    "CONCURRENT_REQUESTS": "1",
    "NEWSCRAWL_BATCH_SIZE": "1000",
    "NEWSCRAWL_FLUSH_INTERVAL": "600",
}


def _count(database_url: str) -> int:
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one())
    except sa.exc.OperationalError:
        return 0
    finally:
        engine.dispose()


def test_sigterm_flushes_buffered_articles(local_site, tmp_path):
    paths = [f"/2025/11/signal-story-{i:02d}/" for i in range(ARTICLES)]
    local_site.set_pages({p: Page.html(article_html(f"Signal {i}")) for i, p in enumerate(paths)})
    locs = "".join(f"<url><loc>{local_site.url(p)}</loc></url>" for p in paths)
    local_site.set_page("/sitemap.xml", Page.xml(f"<urlset>{locs}</urlset>"))
    database_url = f"sqlite:///{tmp_path / 'signal.db'}"
    worker = spawn_crawl(
        [local_site.url("/sitemap.xml")], tmp_path, database_url=database_url,
        settings=HOLD_EVERYTHING,
    )
    try:
        served = lambda: [p for p in local_site.requested_paths(200) if p in paths]  # noqa: E731
        wait_until(lambda: len(served()) >= 5, "five articles are served", worker)
        assert _count(database_url) == 0  # all of them still in the writer's memory
        worker.send(signal.SIGTERM)
        assert worker.wait() == 0, worker.log()[-3000:]
    finally:
        worker.stop_now()

    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        stored = sorted(url for (url,) in conn.execute(sa.text("SELECT url FROM articles")))
        status = conn.execute(sa.text("SELECT status FROM crawl_runs")).scalar_one()
    engine.dispose()
    assert stored == sorted(local_site.url(p) for p in set(served()))
    assert len(stored) < ARTICLES  # the crawl really was cut short
    assert status == "shutdown"
    assert not list((tmp_path / "spill").glob("*"))
