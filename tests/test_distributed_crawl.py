"""Distributed crawls for real: ``scrapy crawl`` workers sharing one Redis frontier.

Each test serves its own site, uses its own Redis key prefix and counts what reached the
database: every article exactly once, whatever happened to the workers.
"""

from __future__ import annotations

import re
import signal

import pytest
import redis
import sqlalchemy as sa

from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import article_html, run_crawl
from tests.plugins.redis import distributed_settings, spawn_crawl, wait_until

pytestmark = pytest.mark.timeout(180)


def _publish(site: LocalSite, count: int) -> list[str]:
    """``count`` articles listed in one sitemap; returns their paths."""
    paths = [f"/2025/11/story-number-{i:03d}/" for i in range(count)]
    site.set_pages({p: Page.html(article_html(f"Story {i:03d}")) for i, p in enumerate(paths)})
    locs = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    site.set_page(
        "/sitemap.xml",
        Page.xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'),
    )
    return paths


def _stored(database_url: str) -> dict[str, int]:
    """Stored article URLs with how many rows each has (should be 1)."""
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT url, count(*) FROM articles GROUP BY url"))
            return {url: n for url, n in rows}
    finally:
        engine.dispose()


def _versions(database_url: str) -> int:
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM article_versions")).scalar_one())
    finally:
        engine.dispose()


def _fleet_is_empty(client: redis.Redis, prefix: str) -> bool:
    leftover = [k for k in client.scan_iter(match=f"{prefix}:news:*") if not k.endswith(b":seen")]
    return not leftover


def _fetched_by(site: LocalSite, agent: str) -> list[str]:
    return [
        r.path for r in site.requests
        if r.headers.get("User-Agent") == agent and r.path.startswith("/2025/")
    ]


def test_one_worker_stores_every_article_and_leaves_nothing_in_flight(
    local_site, tmp_path, redis_client, redis_prefix
):
    paths = _publish(local_site, 12)
    result = run_crawl(
        [local_site.url("/sitemap.xml")], tmp_path, settings=distributed_settings(redis_prefix)
    )

    assert result.returncode == 0, result.log[-3000:]
    assert result.article_urls() == sorted(local_site.url(p) for p in paths)
    assert result.stat("newscrawl/distributed/leased") == result.stat("newscrawl/distributed/acked")
    assert result.stat("scheduler/enqueued/redis") >= 13
    assert _fleet_is_empty(redis_client, redis_prefix)
    # The seen set stays, so that a later run resumes instead of starting over.
    assert redis_client.scard(f"{redis_prefix}:news:seen") >= 12


def test_stopped_fleet_resumes_where_it_stopped(local_site, tmp_path, redis_client, redis_prefix):
    paths = _publish(local_site, 16)
    database_url = f"sqlite:///{tmp_path / 'fleet.db'}"
    slow = {"CONCURRENT_REQUESTS": "2", "CLOSESPIDER_ITEMCOUNT": "4"}

    first = run_crawl(
        [local_site.url("/sitemap.xml")], tmp_path / "first", database_url=database_url,
        settings={**distributed_settings(redis_prefix), **slow},
    )
    assert first.returncode == 0, first.log[-3000:]
    stored_first = set(_stored(database_url))
    assert 4 <= len(stored_first) < 16
    assert redis_client.zcard(f"{redis_prefix}:news:frontier") > 0  # the rest waits in Redis
    local_site.clear_log()

    second = run_crawl(
        [local_site.url("/sitemap.xml")], tmp_path / "second", database_url=database_url,
        settings=distributed_settings(redis_prefix),
    )

    assert second.returncode == 0, second.log[-3000:]
    stored = _stored(database_url)
    assert sorted(stored) == sorted(local_site.url(p) for p in paths)
    assert set(stored.values()) == {1}
    refetched = [p for p in local_site.requested_paths() if local_site.url(p) in stored_first]
    assert refetched == []  # finished pages are not fetched again
    assert _fleet_is_empty(redis_client, redis_prefix)


def test_killed_worker_requests_are_finished_by_another(
    local_site, tmp_path, redis_client, redis_prefix, postgres_url, workers
):
    paths = _publish(local_site, 30)
    fleet = distributed_settings(redis_prefix, lease=3.0)
    start = [local_site.url("/sitemap.xml")]
    # Worker B is slow and takes many requests at once, so that it dies holding leases.
    doomed = spawn_crawl(
        start, tmp_path / "b", database_url=postgres_url, name="b",
        settings={**fleet, "DOWNLOAD_DELAY": "0.5", "CONCURRENT_REQUESTS": "8",
                  "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "USER_AGENT": "worker-b"},
    )
    workers.append(doomed)
    inflight = f"{redis_prefix}:news:inflight:*"

    def b_is_mid_crawl() -> bool:
        held = sum(redis_client.hlen(k) for k in redis_client.scan_iter(match=inflight))
        return held >= 3 and len(_fetched_by(local_site, "worker-b")) >= 1

    wait_until(b_is_mid_crawl, "worker B holds leases and has fetched an article")
    survivor = spawn_crawl(
        start, tmp_path / "a", database_url=postgres_url, name="a",
        settings={**fleet, "USER_AGENT": "worker-a"},
    )
    workers.append(survivor)
    wait_until(lambda: "distributed crawl: worker" in survivor.log(), "worker A has started")
    doomed.send(signal.SIGKILL)
    assert doomed.wait() == -signal.SIGKILL

    assert survivor.wait() == 0, survivor.log()[-3000:]
    stored = _stored(postgres_url)
    assert sorted(stored) == sorted(local_site.url(p) for p in paths)
    assert set(stored.values()) == {1}
    assert _versions(postgres_url) == len(paths)  # a page fetched twice is one version
    recovered = re.findall(r"requeued (\d+) request\(s\) of dead workers", survivor.log())
    assert recovered and sum(map(int, recovered)) >= 1  # B's leases came back to A
    assert _fleet_is_empty(redis_client, redis_prefix)


def test_redis_password_is_masked_in_the_log(local_site, tmp_path, redis_client, redis_prefix):
    _publish(local_site, 2)
    settings = distributed_settings(redis_prefix)
    # The test server has no password: Redis accepts any password for the "default" user.
    settings["REDIS_URL"] = settings["REDIS_URL"].replace("redis://", "redis://default:Sup3rSecret@")
    result = run_crawl([local_site.url("/sitemap.xml")], tmp_path, settings=settings)

    assert result.returncode == 0, result.log[-3000:]
    assert len(result.article_urls()) == 2
    assert "Sup3rSecret" not in result.log
    assert "default:***@" in result.log
    assert "Sup3rSecret" not in str(result.stats)
