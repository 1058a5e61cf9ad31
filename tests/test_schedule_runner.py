"""The scheduling loop, driven by a fake clock and fake crawl processes (no real time passes)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.schedule.config import SchedulerOptions, SiteConfig
from newscrawl.schedule.cron import CronExpression
from newscrawl.schedule.locks import InProcessSiteLocks
from newscrawl.schedule.runner import Scheduler
from newscrawl.schedule.timing import CronTrigger, IntervalTrigger

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)


class FakeClock:
    """A clock that jumps forward by exactly the time the scheduler asks to sleep."""

    def __init__(self, start: datetime = T0) -> None:
        self.current = start
        self.on_wait: Callable[[], None] | None = None
        self._idle_waits = 0

    def now(self) -> datetime:
        return self.current

    def wait(self, seconds: float, event: threading.Event) -> bool:
        if event.is_set():
            return True
        # A loop that sleeps 0 s forever would hang the test: fail it instead.
        self._idle_waits = self._idle_waits + 1 if seconds <= 0 else 0
        assert self._idle_waits < 1000, "the scheduler is spinning without sleeping"
        self.current += timedelta(seconds=seconds)
        if self.on_wait:
            self.on_wait()
        return event.is_set()

    def minutes(self) -> float:
        return (self.current - T0) / MIN


@dataclass
class FakeProcess:
    pid: int
    site: str
    clock: FakeClock
    ends_at: datetime | None  # None: runs until signalled
    exit_code: int
    obeys_sigterm: bool = True
    started: float = 0.0  # minutes after T0
    signals: list[str] = field(default_factory=list)

    def poll(self) -> int | None:
        if self.ends_at is not None and self.clock.now() >= self.ends_at:
            return self.exit_code
        return None

    def terminate(self) -> None:
        self.signals.append("TERM")
        if self.obeys_sigterm and self.poll() is None:
            # Scrapy finishes its in-flight work: a little later, exit code 0.
            self.ends_at, self.exit_code = self.clock.now() + timedelta(seconds=3), 0

    def kill(self) -> None:
        self.signals.append("KILL")
        if self.poll() is None:
            self.ends_at, self.exit_code = self.clock.now(), -9


@dataclass
class Script:
    """How a fake crawl of one site behaves."""

    duration: timedelta | None = MIN
    exit_codes: Iterator[int] | None = None
    obeys_sigterm: bool = True
    launch_error: bool = False


class FakeLauncher:
    def __init__(self, clock: FakeClock, scripts: dict[str, Script] | None = None) -> None:
        self.clock = clock
        self.scripts = scripts or {}
        self.processes: list[FakeProcess] = []

    def launch(self, site: SiteConfig, now: datetime) -> FakeProcess:
        script = self.scripts.get(site.name, Script())
        if script.launch_error:
            raise OSError("no such file: scrapy")
        running = [p for p in self.processes if p.site == site.name and p.poll() is None]
        assert not running, f"two crawls of {site.name} at once"
        exit_code = next(script.exit_codes) if script.exit_codes else 0
        ends_at = now + script.duration if script.duration is not None else None
        process = FakeProcess(
            1000 + len(self.processes), site.name, self.clock, ends_at, exit_code,
            script.obeys_sigterm, (now - T0) / MIN,
        )
        self.processes.append(process)
        return process

    def starts(self, site: str) -> list[float]:
        """When each crawl of ``site`` started, in minutes after T0."""
        return [p.started for p in self.processes if p.site == site]


class RecordingLocks(InProcessSiteLocks):
    """In-process locks that log every call and can be told to refuse or to lose a lock."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []
        self.held_elsewhere: set[str] = set()
        self.lose_on_renew: set[str] = set()

    def acquire(self, site: str, now: datetime) -> bool:
        self.calls.append(("acquire", site))
        return site not in self.held_elsewhere and super().acquire(site, now)

    def renew(self, site: str, now: datetime) -> bool:
        self.calls.append(("renew", site))
        return site not in self.lose_on_renew and super().renew(site, now)

    def release(self, site: str) -> None:
        self.calls.append(("release", site))
        super().release(site)

    @property
    def held(self) -> set[str]:
        return set(self._held)


def interval_site(name: str, minutes: float, **kwargs) -> SiteConfig:
    trigger = IntervalTrigger(timedelta(minutes=minutes), **kwargs)
    return SiteConfig(name=name, trigger=trigger, start_urls=(f"https://{name}.example/",))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_scheduler(
    sites: list[SiteConfig],
    clock: FakeClock,
    scripts: dict[str, Script] | None = None,
    **kwargs,
) -> tuple[Scheduler, FakeLauncher, RecordingLocks]:
    launcher = FakeLauncher(clock, scripts)
    locks = RecordingLocks()
    options = kwargs.pop("options", SchedulerOptions())
    scheduler = Scheduler(
        sites, launcher=launcher, options=options, locks=locks, clock=clock, **kwargs
    )
    return scheduler, launcher, locks


def starts(launcher: FakeLauncher, site: str) -> list[float]:
    return launcher.starts(site)


# --- intervals and cron ---------------------------------------------------------------------


def test_two_sites_on_different_intervals(clock):
    scheduler, launcher, _ = make_scheduler(
        [interval_site("fast", 10), interval_site("slow", 25)], clock
    )
    assert scheduler.run(until=T0 + 60 * MIN) == 0
    assert starts(launcher, "fast") == [0, 10, 20, 30, 40, 50]
    assert starts(launcher, "slow") == [0, 25, 50]
    stats = scheduler.stats()
    assert (stats["fast"].runs, stats["fast"].failures) == (6, 0)
    assert (stats["slow"].runs, stats["slow"].failures) == (3, 0)
    assert stats["fast"].last_duration == MIN


def test_interval_without_run_at_start(clock):
    site = interval_site("later", 10, run_at_start=False)
    scheduler, launcher, _ = make_scheduler([site], clock)
    scheduler.run(until=T0 + 35 * MIN)
    assert starts(launcher, "later") == [10, 20, 30]


def test_cron_site(clock):
    site = SiteConfig(
        name="cron",
        trigger=CronTrigger(CronExpression.parse("*/15 * * * *")),
        start_urls=("https://cron.example/",),
    )
    scheduler, launcher, _ = make_scheduler([site], clock)
    scheduler.run(until=T0 + 61 * MIN)
    assert starts(launcher, "cron") == [0, 15, 30, 45, 60]


def test_sleeps_until_the_next_due_time_when_idle(clock):
    waits: list[float] = []
    original = clock.wait

    def recording_wait(seconds: float, event: threading.Event) -> bool:
        waits.append(seconds)
        return original(seconds, event)

    clock.wait = recording_wait  # type: ignore[method-assign]
    scheduler, _, _ = make_scheduler(
        [interval_site("a", 60)], clock, {"a": Script(duration=timedelta(seconds=2))}
    )
    scheduler.run(until=T0 + 60 * MIN)
    # Polls while the crawl runs (1 s each), then one long sleep to the next due time.
    assert waits == [1.0, 1.0, 3598.0]


# --- no overlap -----------------------------------------------------------------------------


def test_a_crawl_that_overruns_is_not_started_twice(clock, caplog):
    caplog.set_level(logging.WARNING, logger="newscrawl.schedule")
    scheduler, launcher, locks = make_scheduler(
        [interval_site("long", 10)], clock, {"long": Script(duration=25 * MIN)}
    )
    scheduler.run(until=T0 + 70 * MIN)
    # Due at 0; running until 25, so the 10 and 20 slots are skipped; then 30 and 60.
    assert starts(launcher, "long") == [0, 30, 60]
    assert launcher.processes[-1].signals == ["TERM"]  # still running at the end: stopped
    assert "overran its schedule" in caplog.text
    # each crawl took the lock before starting and gave it back afterwards
    assert [c for c in locks.calls if c[0] != "renew"] == [
        ("acquire", "long"), ("release", "long")
    ] * 3


def test_the_lock_is_renewed_while_a_crawl_runs(clock):
    options = SchedulerOptions(lock_ttl=3 * MIN)
    scheduler, _, locks = make_scheduler(
        [interval_site("a", 60)], clock, {"a": Script(duration=10 * MIN)}, options=options
    )
    scheduler.run(until=T0 + 30 * MIN)
    renewals = [c for c in locks.calls if c == ("renew", "a")]
    assert len(renewals) == 9  # every minute (a third of the TTL) for ten minutes, minus the end


def test_a_site_locked_by_another_process_is_skipped(clock):
    scheduler, launcher, locks = make_scheduler(
        [interval_site("mine", 10), interval_site("theirs", 10)], clock
    )
    locks.held_elsewhere.add("theirs")
    scheduler.run(until=T0 + 25 * MIN)
    assert starts(launcher, "mine") == [0, 10, 20]
    assert starts(launcher, "theirs") == []
    assert scheduler.stats()["theirs"].skipped_locked == 3
    assert ("release", "theirs") not in locks.calls


def test_losing_the_lock_stops_the_crawl(clock, caplog):
    options = SchedulerOptions(lock_ttl=3 * MIN)
    scheduler, launcher, locks = make_scheduler(
        [interval_site("a", 60)], clock, {"a": Script(duration=10 * MIN)}, options=options
    )
    locks.lose_on_renew.add("a")
    scheduler.run(until=T0 + 5 * MIN)
    (process,) = launcher.processes
    assert process.signals == ["TERM"]
    assert "lost its lock" in caplog.text


def test_a_crawl_that_lost_its_lock_and_ignores_sigterm_is_killed(clock, caplog):
    options = SchedulerOptions(lock_ttl=3 * MIN, shutdown_timeout=timedelta(seconds=20))
    scheduler, launcher, locks = make_scheduler(
        [interval_site("a", 60)],
        clock,
        {"a": Script(duration=None, obeys_sigterm=False)},
        options=options,
    )
    locks.lose_on_renew.add("a")
    scheduler.run(until=T0 + 5 * MIN)
    (process,) = launcher.processes
    assert process.signals == ["TERM", "KILL"]
    # renewal fails after lock_ttl / 3 = 1 min; the kill comes shutdown_timeout later
    assert process.ends_at is not None
    assert T0 + MIN + timedelta(seconds=20) <= process.ends_at < T0 + 2 * MIN
    assert "did not stop within 20s of losing its lock" in caplog.text


def test_max_concurrent_makes_due_sites_wait_for_a_slot(clock):
    scheduler, launcher, _ = make_scheduler(
        [interval_site("a", 60), interval_site("b", 60)],
        clock,
        {"a": Script(duration=5 * MIN), "b": Script(duration=5 * MIN)},
        max_concurrent=1,
    )
    scheduler.run(until=T0 + 30 * MIN)
    assert starts(launcher, "a") == [0]
    assert starts(launcher, "b") == [5]


# --- failures -------------------------------------------------------------------------------


def test_a_failed_crawl_is_retried_at_the_next_due_time_then_backs_off(clock, caplog):
    options = SchedulerOptions(
        backoff_after=2, backoff_base=15 * MIN, backoff_max=40 * MIN
    )
    scheduler, launcher, _ = make_scheduler(
        [interval_site("bad", 10)],
        clock,
        {"bad": Script(exit_codes=iter([1] * 10))},
        options=options,
    )
    scheduler.run(until=T0 + 125 * MIN)
    # fail@0 -> next slot 10; fail@10 (2nd) -> 15 min after 11 -> 30; fail@30 -> 30 min -> 70;
    # fail@70 -> 60 min capped at 40 -> 120.
    assert starts(launcher, "bad") == [0, 10, 30, 70, 120]
    stats = scheduler.stats()["bad"]
    assert (stats.runs, stats.failures, stats.consecutive_failures) == (5, 5, 5)
    assert stats.last_exit_code == 1
    assert "backing off" in caplog.text


def test_a_success_resets_the_backoff(clock):
    options = SchedulerOptions(backoff_after=2, backoff_base=15 * MIN, backoff_max=40 * MIN)
    scheduler, launcher, _ = make_scheduler(
        [interval_site("flaky", 10)],
        clock,
        {"flaky": Script(exit_codes=iter([1, 1, 0, 0, 0, 0]))},
        options=options,
    )
    scheduler.run(until=T0 + 55 * MIN)
    assert starts(launcher, "flaky") == [0, 10, 30, 40, 50]
    assert scheduler.stats()["flaky"].consecutive_failures == 0
    assert scheduler.stats()["flaky"].failures == 2


def test_a_crawl_that_cannot_start_counts_as_a_failure(clock, caplog):
    scheduler, launcher, locks = make_scheduler(
        [interval_site("broken", 10), interval_site("fine", 10)],
        clock,
        {"broken": Script(launch_error=True)},
    )
    assert scheduler.run(until=T0 + 25 * MIN) == 0
    assert scheduler.stats()["broken"].failures == 3
    assert starts(launcher, "fine") == [0, 10, 20]
    assert "could not start its crawl" in caplog.text
    assert "broken" not in locks.held


# --- stopping -------------------------------------------------------------------------------


def stop_at(clock: FakeClock, scheduler: Scheduler, minutes: float, times: int = 1) -> None:
    def maybe_stop() -> None:
        if clock.minutes() >= minutes and stop_at.sent < times:  # type: ignore[attr-defined]
            stop_at.sent += 1  # type: ignore[attr-defined]
            scheduler.request_stop("SIGTERM")

    stop_at.sent = 0  # type: ignore[attr-defined]
    clock.on_wait = maybe_stop


def test_stop_forwards_sigterm_waits_and_releases_locks(clock):
    scheduler, launcher, locks = make_scheduler(
        [interval_site("a", 60), interval_site("b", 60)],
        clock,
        {"a": Script(duration=30 * MIN), "b": Script(duration=MIN)},
    )
    stop_at(clock, scheduler, 5)
    assert scheduler.run() == 0
    a, b = launcher.processes
    assert a.signals == ["TERM"]  # still running at the stop: told to finish
    assert b.signals == []  # had already finished
    assert a.poll() == 0
    assert locks.held == set()
    assert clock.minutes() < 6  # did not wait for the 30-minute crawl to end by itself
    assert len(launcher.processes) == 2  # nothing launched after the stop


def test_a_crawl_that_ignores_sigterm_is_killed_after_the_timeout(clock, caplog):
    options = SchedulerOptions(shutdown_timeout=timedelta(seconds=20))
    scheduler, launcher, locks = make_scheduler(
        [interval_site("stubborn", 60)],
        clock,
        {"stubborn": Script(duration=None, obeys_sigterm=False)},
        options=options,
    )
    stop_at(clock, scheduler, 1)
    assert scheduler.run() == 1
    (process,) = launcher.processes
    assert process.signals == ["TERM", "KILL"]
    assert process.poll() == -9
    assert locks.held == set()
    assert "did not stop within 20s" in caplog.text
    assert "FAILED exit=-9 (SIGKILL)" in caplog.text


def test_a_second_stop_request_sends_a_second_sigterm(clock):
    options = SchedulerOptions(shutdown_timeout=timedelta(seconds=20))
    scheduler, launcher, _ = make_scheduler(
        [interval_site("stubborn", 60)],
        clock,
        {"stubborn": Script(duration=None, obeys_sigterm=False)},
        options=options,
    )
    stop_at(clock, scheduler, 1, times=2)
    scheduler.run()
    assert launcher.processes[0].signals == ["TERM", "TERM", "KILL"]


# --- once -----------------------------------------------------------------------------------


def test_once_runs_every_site_once_and_returns(clock):
    scheduler, launcher, _ = make_scheduler(
        [interval_site("a", 60), interval_site("b", 5)],
        clock,
        {"a": Script(duration=3 * MIN), "b": Script(duration=7 * MIN)},
        once=True,
    )
    assert scheduler.run() == 0
    assert starts(launcher, "a") == [0]
    assert starts(launcher, "b") == [0]
    assert 7 <= clock.minutes() < 7.1


def test_once_fails_when_a_crawl_fails(clock):
    scheduler, _, _ = make_scheduler(
        [interval_site("a", 60)], clock, {"a": Script(exit_codes=iter([2]))}, once=True
    )
    assert scheduler.run() == 1


def test_an_unexpected_error_in_the_loop_stops_the_crawls_and_releases_the_locks(clock):
    scheduler, launcher, locks = make_scheduler(
        [interval_site("a", 60), interval_site("b", 5)], clock, {"a": Script(duration=None)}
    )

    exploded: list[bool] = []

    def explode() -> None:  # once: the shutdown that follows waits on the clock too
        if clock.minutes() >= 2 and not exploded:
            exploded.append(True)
            raise RuntimeError("a bug in the loop")

    clock.on_wait = explode
    with pytest.raises(RuntimeError, match="a bug in the loop"):
        scheduler.run()
    assert launcher.processes[0].signals == ["TERM"]
    assert launcher.processes[0].poll() == 0
    assert locks.held == set()
