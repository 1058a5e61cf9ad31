"""Site locks in the database: two schedulers sharing one database never crawl a site twice at
once, and a scheduler that died blocks a site only until its lock expires.

Runs on SQLite and PostgreSQL (the ``engine`` fixture). The two schedulers are stepped in turn
on one fake clock, so every interleaving is deterministic.
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta

import pytest

from newscrawl.schedule.config import SchedulerOptions
from newscrawl.schedule.locks import (
    DatabaseSiteLocks,
    InProcessSiteLocks,
    load_database_lock_functions,
    make_owner_id,
    make_site_locks,
)
from newscrawl.schedule.runner import Scheduler
from tests.test_schedule_runner import MIN, T0, FakeClock, FakeLauncher, Script, interval_site

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("newscrawl.db.locks") is None,
    reason="newscrawl.db.locks is not available",
)

TTL = 3 * MIN


def database_locks(engine, owner: str) -> DatabaseSiteLocks:
    locks = make_site_locks(engine, owner, TTL)
    assert isinstance(locks, DatabaseSiteLocks)
    return locks


def test_the_database_lock_is_exclusive_until_released(engine):
    first, second = database_locks(engine, "first"), database_locks(engine, "second")
    assert first.acquire("ledger", T0)
    assert not second.acquire("ledger", T0 + MIN)
    assert second.acquire("other-site", T0 + MIN)  # locks are per site
    assert first.renew("ledger", T0 + MIN)
    first.release("ledger")
    assert second.acquire("ledger", T0 + 2 * MIN)
    assert not first.renew("ledger", T0 + 2 * MIN)  # no longer ours


def test_an_abandoned_lock_expires_after_its_ttl(engine):
    first, second = database_locks(engine, "first"), database_locks(engine, "second")
    assert first.acquire("ledger", T0)
    assert not second.acquire("ledger", T0 + TTL - timedelta(seconds=1))
    assert second.acquire("ledger", T0 + TTL)
    assert not first.renew("ledger", T0 + TTL + MIN)


def test_owner_ids_are_unique_per_call():
    assert make_owner_id() != make_owner_id()
    assert make_owner_id().count(":") == 2


def test_in_process_locks_when_the_database_layer_has_none(monkeypatch, engine, caplog):
    monkeypatch.setattr(
        "newscrawl.schedule.locks.load_database_lock_functions", lambda: None
    )
    assert isinstance(make_site_locks(engine, "me", TTL), InProcessSiteLocks)
    assert "guard this process only" in caplog.text
    assert load_database_lock_functions is not None


def step_both(clock: FakeClock, schedulers: list[Scheduler], minutes: int) -> None:
    """Step each scheduler in turn, every 30 s of fake time, for ``minutes``."""
    for _ in range(minutes * 2):
        for scheduler in schedulers:
            scheduler.step()
        clock.current += timedelta(seconds=30)


def two_schedulers(
    engine, script: Script, *, shared_launcher: bool = True
) -> tuple[FakeClock, list[FakeLauncher], Scheduler, Scheduler]:
    """Two schedulers of one site on one database. With ``shared_launcher``, one launcher for
    both, which fails the test if a second crawl of the site starts while one runs."""
    clock = FakeClock()
    launchers = [FakeLauncher(clock, {"shared": script})]
    launchers.append(launchers[0] if shared_launcher else FakeLauncher(clock, {"shared": script}))
    options = SchedulerOptions(lock_ttl=TTL)
    first, second = (
        Scheduler(
            [interval_site("shared", 10)],
            launcher=launcher,
            options=options,
            locks=database_locks(engine, owner),
            clock=clock,
        )
        for owner, launcher in zip(("first", "second"), launchers, strict=True)
    )
    first.start()
    second.start()
    return clock, launchers, first, second


def test_two_schedulers_never_crawl_one_site_at_once(engine):
    # Each crawl takes 12 minutes, longer than the 10-minute interval and than the lock's TTL:
    # only the renewals keep the second scheduler out.
    clock, (launcher, _), first, second = two_schedulers(engine, Script(duration=12 * MIN))
    step_both(clock, [first, second], 60)
    assert launcher.starts("shared") == [0, 20, 40]
    assert first.stats()["shared"].runs + second.stats()["shared"].runs == 3
    # The second scheduler found the site locked at each of its due times while a crawl ran.
    assert second.stats()["shared"].skipped_locked >= 3
    assert first.shutdown() and second.shutdown()


def test_a_dead_scheduler_blocks_the_site_only_until_its_lock_expires(engine):
    clock, (dead, alive), first, second = two_schedulers(
        engine, Script(duration=None), shared_launcher=False
    )
    first.step()  # takes the lock and starts a crawl at 0 ...
    # ... then dies (its crawl with it): it never steps nor renews again. The lock expires at 3.
    step_both(clock, [second], 25)
    assert dead.starts("shared") == [0]
    assert alive.starts("shared") == [10]  # the first due time after the lock expired
    assert second.stats()["shared"].skipped_locked == 1
