"""Several writers at once: one row and one version per article, no deadlocks, safe upgrades."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, BatchResult, make_engine, upgrade_database
from newscrawl.db.migrate import current_revision, head_revision, schema_differences
from tests.dbhelpers import T0, article, comment, count, rows

Result = TypeVar("Result")


@pytest.fixture
def engines(db_url: str) -> Iterator[list[sa.Engine]]:
    """Two engines (two connection pools, as two processes would have) on one fresh database."""
    pair = [make_engine(db_url), make_engine(db_url)]
    upgrade_database(pair[0])
    yield pair
    for engine in pair:
        engine.dispose()


def at_once(jobs: Sequence[Callable[[], Result]]) -> list[Result]:
    """Run ``jobs`` in threads released together by a barrier; re-raise any failure."""
    barrier = threading.Barrier(len(jobs))

    def released(job: Callable[[], Result]) -> Result:
        barrier.wait()
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(released, job) for job in jobs]
        return [future.result() for future in futures]


def test_same_article_written_twice_at_once_is_one_row_one_version(engines) -> None:
    stores = [ArticleStore(e) for e in engines]
    for round_number in range(8):
        item = article(f"r{round_number}", comments=[comment("Same comment", "c1")])

        results = at_once([partial(s.save_batch, [item], fetched_at=T0) for s in stores])

        assert sum(results) == BatchResult(
            articles_created=1, articles_unchanged=1, comments_added=1
        )
    assert count(engines[0], "articles") == 8
    assert count(engines[0], "article_versions") == 8
    assert count(engines[0], "comments") == 8


def test_different_content_at_once_makes_two_consecutive_versions(engines) -> None:
    stores = [ArticleStore(e) for e in engines]
    bodies = ["Text from worker one.", "Text from worker two."]

    results = at_once(
        [
            partial(s.save_batch, [article("x", body=b)], fetched_at=T0)
            for s, b in zip(stores, bodies, strict=True)
        ]
    )

    assert sum(results) == BatchResult(articles_created=1, articles_updated=1)
    versions = rows(engines[0], "SELECT version, body FROM article_versions ORDER BY version")
    assert [v for v, _ in versions] == [1, 2]
    [(current_body, current_version)] = rows(engines[0], "SELECT body, version FROM articles")
    assert (current_body, current_version) == (versions[-1][1], 2)


def test_overlapping_batches_in_opposite_order_do_not_deadlock(engines) -> None:
    stores = [ArticleStore(e) for e in engines]
    batch = [article(f"o{i}", comments=[comment(f"c{i}")]) for i in range(40)]

    for round_number in range(4):
        fetched = T0.replace(minute=round_number)
        at_once(
            [
                partial(stores[0].save_batch, batch, fetched_at=fetched),
                partial(stores[1].save_batch, batch[::-1], fetched_at=fetched),
            ]
        )

    assert count(engines[0], "articles") == 40
    assert count(engines[0], "article_versions") == 40
    assert count(engines[0], "comments") == 40
    assert count(engines[0], "article_urls") == 40


def upgrade_when_released(url: str, barrier: Any) -> None:
    """Child-process body: wait for the others, then upgrade (as crawlers starting together)."""
    engine = make_engine(url)
    try:
        barrier.wait()
        upgrade_database(engine)
    finally:
        engine.dispose()


def test_upgrades_started_together_in_separate_processes_all_succeed(db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(3)
    processes = [
        context.Process(target=upgrade_when_released, args=(db_url, barrier)) for _ in range(3)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)

    assert [p.exitcode for p in processes] == [0, 0, 0]
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_upgrades_from_threads_of_one_process_all_succeed(db_url: str) -> None:
    fresh = [make_engine(db_url) for _ in range(3)]
    try:
        at_once([partial(upgrade_database, e) for e in fresh])

        assert current_revision(fresh[0]) == head_revision()
    finally:
        for engine in fresh:
            engine.dispose()
