"""Site locks: one holder at a time across engines (processes), expiry, renewal, release."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
import sqlalchemy as sa

from newscrawl.db import (
    acquire_site_lock,
    default_owner,
    make_engine,
    read_site_lock,
    release_site_lock,
    renew_site_lock,
    upgrade_database,
)
from tests.dbhelpers import T0, at_once

TTL = timedelta(minutes=10)
SITE = "news.example"


@pytest.fixture
def engines(db_url: str) -> Iterator[list[sa.Engine]]:
    """Two engines (two connection pools, as two scheduler processes) on one database."""
    pair = [make_engine(db_url), make_engine(db_url)]
    upgrade_database(pair[0])
    yield pair
    for engine in pair:
        engine.dispose()


def test_second_owner_is_refused_while_the_lock_is_held(engines) -> None:
    first, second = engines

    assert acquire_site_lock(first, SITE, "a", TTL, now=T0)
    assert not acquire_site_lock(second, SITE, "b", TTL, now=T0 + timedelta(minutes=9))
    assert read_site_lock(second, SITE).owner == "a"


def test_other_sites_are_independent(engines) -> None:
    assert acquire_site_lock(engines[0], SITE, "a", TTL, now=T0)
    assert acquire_site_lock(engines[1], "other.example", "b", TTL, now=T0)


def test_an_expired_lock_can_be_taken_over(engines) -> None:
    first, second = engines
    acquire_site_lock(first, SITE, "a", TTL, now=T0)

    assert acquire_site_lock(second, SITE, "b", TTL, now=T0 + TTL)

    lock = read_site_lock(first, SITE)
    assert (lock.owner, lock.acquired_at, lock.expires_at) == ("b", T0 + TTL, T0 + 2 * TTL)
    assert not renew_site_lock(first, SITE, "a", TTL, now=T0 + TTL)  # "a" must stop crawling


def test_renewing_keeps_others_out(engines) -> None:
    first, second = engines
    acquire_site_lock(first, SITE, "a", TTL, now=T0)

    assert renew_site_lock(first, SITE, "a", TTL, now=T0 + timedelta(minutes=8))

    assert not acquire_site_lock(second, SITE, "b", TTL, now=T0 + timedelta(minutes=15))
    assert read_site_lock(first, SITE).expires_at == T0 + timedelta(minutes=18)


def test_release_frees_the_lock_only_for_its_owner(engines) -> None:
    first, second = engines
    acquire_site_lock(first, SITE, "a", TTL, now=T0)

    assert not release_site_lock(second, SITE, "b")
    assert release_site_lock(first, SITE, "a")
    assert read_site_lock(first, SITE) is None
    assert acquire_site_lock(second, SITE, "b", TTL, now=T0)


def test_the_holder_may_take_its_lock_again(engines) -> None:
    assert acquire_site_lock(engines[0], SITE, "a", TTL, now=T0)

    assert acquire_site_lock(engines[1], SITE, "a", 60.0, now=T0 + timedelta(minutes=1))

    assert read_site_lock(engines[0], SITE).expires_at == T0 + timedelta(minutes=2)


def test_contenders_at_the_same_moment_get_exactly_one_lock(engines) -> None:
    for round_number in range(5):
        site = f"site{round_number}.example"
        jobs = [
            partial(acquire_site_lock, engine, site, f"owner{i}", TTL, T0)
            for i, engine in enumerate([*engines, *engines])
        ]

        assert sorted(at_once(jobs)) == [False, False, False, True]


def acquire_in_child(url: str, owner: str, barrier: Any, results: Any) -> None:
    """Child-process body: wait for the others, then try to take the lock."""
    engine = make_engine(url)
    try:
        barrier.wait()
        results.put((owner, acquire_site_lock(engine, SITE, owner, TTL)))
    finally:
        engine.dispose()


def test_separate_processes_get_exactly_one_lock(sqlite_url: str) -> None:
    # SQLite, where processes only share a file; on PostgreSQL two engines are already two
    # independent sessions (the tests above).
    engine = make_engine(sqlite_url)
    upgrade_database(engine)
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(3), context.Queue()
    processes = [
        context.Process(target=acquire_in_child, args=(sqlite_url, f"p{i}", barrier, results))
        for i in range(3)
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=120)

    assert sorted(outcomes.values()) == [False, False, True]
    winner = next(owner for owner, won in outcomes.items() if won)
    assert read_site_lock(engine, SITE).owner == winner
    engine.dispose()


def test_bad_ttl_is_refused(engines) -> None:
    with pytest.raises(ValueError, match="ttl"):
        acquire_site_lock(engines[0], SITE, "a", 0, now=T0)


def test_default_owner_is_unique_per_call() -> None:
    assert default_owner() != default_owner()
