"""The scheduling loop: launch due sites, watch their crawls, renew locks, stop gracefully.

The loop is single-threaded. Each pass reaps finished crawls, renews the locks of running
ones, and launches the sites that are due; then it sleeps until the next due time (or the next
poll while crawls run). Signal handlers only call :meth:`Scheduler.request_stop`, which wakes
the sleep. The clock and the launcher are injected, so tests drive the loop with a fake clock
and fake processes, deterministically and fast.

Rules:

- a site never has two crawls at once: the scheduler skips a site whose crawl still runs, and
  a site lock (in the database, shared by every scheduler) must be taken before each launch;
- due times that pass while a crawl runs are skipped, not queued;
- a failed crawl is retried at the site's next due time; after ``backoff_after`` failures in a
  row the next run is also held back by a delay that doubles with each further failure;
- on stop: no new launches, SIGTERM to running crawls, a bounded wait, SIGKILL for the rest,
  locks released.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Protocol

from newscrawl.schedule.config import SchedulerOptions, SiteConfig
from newscrawl.schedule.launcher import CrawlProcess, Launcher
from newscrawl.schedule.locks import InProcessSiteLocks, SiteLocks
from newscrawl.schedule.timing import backoff_delay, format_duration

__all__ = ["Clock", "Scheduler", "SiteStats", "SystemClock"]

log = logging.getLogger("newscrawl.schedule")

# How often the shutdown loop checks whether the crawls have ended.
SHUTDOWN_POLL = timedelta(milliseconds=100)


class Clock(Protocol):
    """Time as the scheduler sees it."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...

    def wait(self, seconds: float, event: threading.Event) -> bool:
        """Sleep up to ``seconds`` or until ``event`` is set; return whether it is set."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def wait(self, seconds: float, event: threading.Event) -> bool:
        return event.wait(max(seconds, 0.0))


@dataclass
class SiteStats:
    """What happened to one site since the scheduler started."""

    runs: int = 0
    failures: int = 0
    consecutive_failures: int = 0
    skipped_locked: int = 0
    last_exit_code: int | None = None
    last_duration: timedelta | None = None


@dataclass
class _RunningCrawl:
    process: CrawlProcess
    due: datetime
    started_at: datetime
    lock_renewed_at: datetime
    stop_sent: bool = False
    lock_lost_at: datetime | None = None
    killed: bool = False


@dataclass
class _SiteState:
    site: SiteConfig
    # None: never again (after its one run with --once)
    next_due: datetime | None
    crawl: _RunningCrawl | None = None
    stats: SiteStats = field(default_factory=SiteStats)


class Scheduler:
    """Runs ``sites`` on their schedules until stopped.

    With ``once``, every site is launched once, right away, and :meth:`run` returns when all
    those crawls have ended.
    """

    def __init__(
        self,
        sites: Iterable[SiteConfig],
        *,
        launcher: Launcher,
        options: SchedulerOptions | None = None,
        locks: SiteLocks | None = None,
        clock: Clock | None = None,
        once: bool = False,
        max_concurrent: int | None = None,
    ) -> None:
        self.launcher = launcher
        self.options = options or SchedulerOptions()
        self.locks: SiteLocks = locks or InProcessSiteLocks()
        self.clock: Clock = clock or SystemClock()
        self.once = once
        self.max_concurrent = max_concurrent
        self._sites = [site for site in sites if site.enabled]
        self._states: dict[str, _SiteState] = {}
        self._stop = threading.Event()
        self._force = threading.Event()
        self._stop_lock = threading.Lock()
        self._stop_reason = ""
        self._shutting_down = False

    # --- public API ----------------------------------------------------------------------

    def request_stop(self, reason: str = "stop requested") -> None:
        """Stop launching and shut down; a second request forces running crawls to stop.

        Thread-safe (signals reach it through :func:`~newscrawl.schedule.signals.stop_on_signals`).
        """
        with self._stop_lock:  # two quick signals: exactly one of them is the second
            if self._stop.is_set():
                self._force.set()
                return
            self._stop_reason = reason
            self._stop.set()

    @property
    def stopping(self) -> bool:
        """Whether a stop has been requested."""
        return self._stop.is_set()

    def stats(self) -> dict[str, SiteStats]:
        """Per-site counters, by site name."""
        return {name: state.stats for name, state in self._states.items()}

    def next_due(self, site: str) -> datetime | None:
        """When ``site`` is next due (None once it will not run again)."""
        return self._states[site].next_due

    def run(self, until: datetime | None = None) -> int:
        """Run until stopped (or, for tests, until the clock passes ``until``).

        Returns 0 after a clean stop; 1 when crawls had to be killed at shutdown, or with
        ``once`` when any crawl failed.
        """
        self.start()
        try:
            self._loop(until)
        except BaseException:
            # A bug or an outage the loop did not expect: crawls must not outlive it, locks
            # must not wait out their time-to-live.
            log.exception("the scheduling loop failed; stopping the running crawls")
            self.shutdown()
            raise
        clean = self.shutdown()
        if not clean:
            return 1
        if self.once and any(state.stats.failures for state in self._states.values()):
            return 1
        return 0

    def _loop(self, until: datetime | None) -> None:
        while not self._stop.is_set():
            now = self.clock.now()
            if until is not None and now >= until:
                return
            sleep = self.step()
            if self.once and self._all_done():
                return
            if until is not None:
                sleep = min(sleep, max((until - now).total_seconds(), 0.0))
            self.clock.wait(sleep, self._stop)

    def start(self) -> None:
        """Compute each site's first due time from the clock's current time."""
        start = self.clock.now()
        self._states = {
            site.name: _SiteState(site, start if self.once else site.trigger.first_due(start))
            for site in self._sites
        }
        for state in self._states.values():
            log.info(
                "site=%s scheduled %s; first run at %s",
                state.site.name,
                "once" if self.once else state.site.trigger.describe(),
                _stamp(state.next_due),
            )

    def step(self) -> float:
        """One pass at the clock's current time: reap finished crawls, renew locks, launch due
        sites. Returns how many seconds may pass before the next pass is needed."""
        now = self.clock.now()
        self._pass(now)
        return self._sleep_seconds(now)

    def shutdown(self) -> bool:
        """Stop every running crawl and release the locks; True when all crawls ended within
        the shutdown timeout (the rest were killed)."""
        clean = self._shutdown()
        self._log_summary()
        return clean

    # --- one pass ------------------------------------------------------------------------

    def _pass(self, now: datetime) -> None:
        for state in self._states.values():
            if state.crawl is not None:
                self._check_crawl(state, now)
        for state in self._due_states(now):
            if self._at_capacity():
                log.debug("site=%s due but %d crawls run already", state.site.name, self._running())
                break
            self._start(state, now)

    def _due_states(self, now: datetime) -> list[_SiteState]:
        due = [
            s for s in self._states.values()
            if s.crawl is None and s.next_due is not None and s.next_due <= now
        ]
        return sorted(due, key=lambda s: (s.next_due, s.site.name))

    def _at_capacity(self) -> bool:
        return self.max_concurrent is not None and self._running() >= self.max_concurrent

    def _running(self) -> int:
        return sum(1 for state in self._states.values() if state.crawl is not None)

    def _all_done(self) -> bool:
        return all(s.crawl is None and s.next_due is None for s in self._states.values())

    def _start(self, state: _SiteState, now: datetime) -> None:
        site = state.site
        due = state.next_due or now
        if not self._acquire(site.name, now):
            state.stats.skipped_locked += 1
            self._schedule_next(state, due, now, failed=False)
            return
        try:
            process = self.launcher.launch(site, now)
        except Exception as error:  # whatever the launcher's trouble, the other sites go on
            log.error("site=%s could not start its crawl: %s", site.name, error)
            self._release(site.name)
            self._record_end(state, exit_code=None, duration=timedelta(0))
            self._schedule_next(state, due, now, failed=True)
            return
        state.crawl = _RunningCrawl(process, due, now, now)
        log.info(
            "site=%s started crawl pid=%d (due %s, %s)",
            site.name,
            process.pid,
            _stamp(due),
            site.trigger.describe(),
        )

    def _acquire(self, site: str, now: datetime) -> bool:
        try:
            acquired = self.locks.acquire(site, now)
        except Exception as error:  # a database outage must not stop the scheduler
            log.warning("site=%s could not take its lock (%s); skipping this run", site, error)
            return False
        if not acquired:
            log.info("site=%s is locked by another crawl; skipping this run", site)
        return acquired

    def _release(self, site: str) -> None:
        try:
            self.locks.release(site)
        except Exception as error:
            # The lock expires by itself after its time-to-live.
            log.warning("site=%s could not release its lock (%s)", site, error)

    def _check_crawl(self, state: _SiteState, now: datetime) -> None:
        crawl = state.crawl
        assert crawl is not None
        exit_code = crawl.process.poll()
        if exit_code is None:
            self._renew_lock(state, crawl, now)
            return
        state.crawl = None
        self._release(state.site.name)
        duration = now - crawl.started_at
        self._record_end(state, exit_code, duration)
        if not self._shutting_down:
            self._warn_overrun(state, crawl, now)
            self._schedule_next(state, crawl.due, now, failed=exit_code != 0)

    def _renew_lock(self, state: _SiteState, crawl: _RunningCrawl, now: datetime) -> None:
        if crawl.lock_lost_at is not None:
            self._kill_if_still_running(state, crawl, now)
            return
        if now - crawl.lock_renewed_at < self.options.lock_ttl / 3 or crawl.stop_sent:
            return
        name = state.site.name
        try:
            renewed = self.locks.renew(name, now)
        except Exception as error:
            log.warning("site=%s could not renew its lock (%s); retrying", name, error)
            return
        if renewed:
            crawl.lock_renewed_at = now
            return
        # Someone else holds the lock now (ours expired): two crawls of one site must not run.
        log.error("site=%s lost its lock; stopping crawl pid=%d", name, crawl.process.pid)
        crawl.process.terminate()
        crawl.stop_sent = True
        crawl.lock_lost_at = now

    def _kill_if_still_running(self, state: _SiteState, crawl: _RunningCrawl, now: datetime):
        """A crawl that lost its lock gets ``shutdown_timeout`` to stop, then SIGKILL: another
        crawl of the site may be running by now."""
        assert crawl.lock_lost_at is not None
        if crawl.killed or now - crawl.lock_lost_at < self.options.shutdown_timeout:
            return
        log.error(
            "site=%s crawl pid=%d did not stop within %s of losing its lock; killing it",
            state.site.name,
            crawl.process.pid,
            format_duration(self.options.shutdown_timeout),
        )
        crawl.process.kill()
        crawl.killed = True

    def _record_end(self, state: _SiteState, exit_code: int | None, duration: timedelta) -> None:
        stats = state.stats
        stats.runs += 1
        stats.last_exit_code = exit_code
        stats.last_duration = duration
        if exit_code == 0:
            stats.consecutive_failures = 0
            log.info(
                "site=%s finished exit=0 duration=%s runs=%d failures=%d",
                state.site.name, format_duration(duration), stats.runs, stats.failures,
            )
            return
        stats.failures += 1
        stats.consecutive_failures += 1
        log.warning(
            "site=%s FAILED exit=%s duration=%s runs=%d failures=%d (%d in a row)",
            state.site.name,
            _describe_exit(exit_code),
            format_duration(duration),
            stats.runs,
            stats.failures,
            stats.consecutive_failures,
        )

    def _warn_overrun(self, state: _SiteState, crawl: _RunningCrawl, now: datetime) -> None:
        following = state.site.trigger.next_due(crawl.due, crawl.due)
        if following < now:
            log.warning(
                "site=%s crawl took %s and overran its schedule (%s was due meanwhile); "
                "the due times that passed are skipped",
                state.site.name,
                format_duration(now - crawl.started_at),
                _stamp(following),
            )

    def _schedule_next(self, state: _SiteState, due: datetime, now: datetime, *, failed: bool):
        if self.once:
            state.next_due = None
            return
        delay = timedelta(0)
        if failed:
            delay = backoff_delay(
                state.stats.consecutive_failures,
                after=self.options.backoff_after,
                base=self.options.backoff_base,
                maximum=self.options.backoff_max,
            )
        state.next_due = state.site.trigger.next_due(due, now + delay)
        if delay:
            log.warning(
                "site=%s backing off %s after %d failures in a row; next run at %s",
                state.site.name,
                format_duration(delay),
                state.stats.consecutive_failures,
                _stamp(state.next_due),
            )
        else:
            log.debug("site=%s next run at %s", state.site.name, _stamp(state.next_due))

    def _sleep_seconds(self, now: datetime) -> float:
        wake: list[datetime] = [s.next_due for s in self._due_candidates() if s.next_due]
        if self._running():
            wake.append(now + self.options.poll_interval)
        if not wake:
            return self.options.poll_interval.total_seconds()
        return max((min(wake) - now).total_seconds(), 0.0)

    def _due_candidates(self) -> list[_SiteState]:
        # Sites waiting for a free slot wake on the next poll, not on their (passed) due time.
        if self._at_capacity():
            return []
        return [s for s in self._states.values() if s.crawl is None]

    # --- shutdown ------------------------------------------------------------------------

    def _shutdown(self) -> bool:
        """Stop every running crawl; True when all ended within the shutdown timeout."""
        self._shutting_down = True
        running = [s for s in self._states.values() if s.crawl is not None]
        if self._stop.is_set():
            log.info(
                "stopping (%s): %d crawl(s) running, waiting up to %s",
                self._stop_reason,
                len(running),
                format_duration(self.options.shutdown_timeout),
            )
        for state in running:
            assert state.crawl is not None
            state.crawl.process.terminate()
            state.crawl.stop_sent = True
        deadline = self.clock.now() + self.options.shutdown_timeout
        forced = False
        while True:
            now = self.clock.now()
            for state in running:
                if state.crawl is not None:
                    self._check_crawl(state, now)
            running = [s for s in running if s.crawl is not None]
            if not running:
                return True
            if now >= deadline:
                break
            if self._force.is_set() and not forced:
                forced = True
                log.warning("second stop request: forcing %d crawl(s) to stop", len(running))
                for state in running:
                    assert state.crawl is not None
                    state.crawl.process.terminate()  # Scrapy's second SIGTERM: stop at once
            self.clock.wait(SHUTDOWN_POLL.total_seconds(), self._force if not forced else _never())
        self._kill(running)
        return False

    def _kill(self, running: list[_SiteState]) -> None:
        for state in running:
            crawl = state.crawl
            assert crawl is not None
            log.error(
                "site=%s crawl pid=%d did not stop within %s; killing it",
                state.site.name,
                crawl.process.pid,
                format_duration(self.options.shutdown_timeout),
            )
            crawl.process.kill()
        # A killed process ends at once; reap it so that no zombie is left behind.
        for _ in range(100):
            now = self.clock.now()
            for state in running:
                if state.crawl is not None:
                    self._check_crawl(state, now)
            if all(state.crawl is None for state in running):
                return
            self.clock.wait(SHUTDOWN_POLL.total_seconds(), _never())
        for state in running:
            self._release(state.site.name)

    def _log_summary(self) -> None:
        for name, stats in self._states.items():
            log.info(
                "site=%s summary: runs=%d failures=%d skipped_locked=%d",
                name, stats.stats.runs, stats.stats.failures, stats.stats.skipped_locked,
            )


def _describe_exit(exit_code: int | None) -> str:
    if exit_code is None:
        return "not-started"
    if exit_code < 0:  # subprocess reports death by signal N as -N
        try:
            return f"{exit_code} ({signal.Signals(-exit_code).name})"
        except ValueError:
            return str(exit_code)
    return str(exit_code)


def _never() -> threading.Event:
    """An event nobody sets: a plain sleep through :meth:`Clock.wait`."""
    return threading.Event()


def _stamp(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
