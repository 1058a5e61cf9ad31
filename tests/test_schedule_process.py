"""The scheduler as a real process: real ``scrapy crawl`` children against local sites, then
SIGTERM. Proves the whole chain: config file -> subprocess crawls -> crawl_runs rows -> a clean
shutdown that leaves no child behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import FAST_CRAWL_SETTINGS, article_html, listing_html

# Upper bounds for waiting on real processes; a healthy run needs a fraction of them.
WAIT_S = 90
STOP_WAIT_S = 30

STARTED = re.compile(r"site=(\S+) started crawl pid=(\d+)")
FINISHED = re.compile(r"site=(\S+) finished exit=0")


def news_site(site: LocalSite, prefix: str, count: int = 3) -> None:
    """``count`` articles and a front page linking to them."""
    links = [site.url(f"/{prefix}/story-{i}.html") for i in range(count)]
    site.set_page("/", Page.html(listing_html(links)))
    for i in range(count):
        site.set_page(f"/{prefix}/story-{i}.html", Page.html(article_html(f"{prefix} {i}")))


@pytest.fixture
def two_sites() -> Iterator[tuple[LocalSite, LocalSite]]:
    with LocalSite() as first, LocalSite() as second:
        news_site(first, "alpha")
        news_site(second, "beta")
        yield first, second


class SchedulerProcess:
    """``python -m newscrawl.schedule`` in a child process, its log read as it comes."""

    def __init__(self, config: Path, database_url: str, workdir: Path) -> None:
        env = {**os.environ}
        env.pop("NEWSCRAWL_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newscrawl.schedule", str(config), "--db", database_url],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    @property
    def log(self) -> str:
        with self._changed:
            return "".join(self.lines)

    def wait_for(self, condition: Callable[[str], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT_S
        with self._changed:
            while not condition("".join(self.lines)):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.process.poll() is not None:
                    pytest.fail(f"scheduler never {what}; log:\n{''.join(self.lines)[-4000:]}")
                self._changed.wait(min(remaining, 0.5))

    def child_pids(self) -> list[int]:
        return [int(pid) for _, pid in STARTED.findall(self.log)]

    def stop(self) -> int:
        """SIGTERM, then the exit code (fails the test if it takes longer than STOP_WAIT_S)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail(f"scheduler did not stop; log:\n{self.log[-4000:]}")
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def write_config(path: Path, sites: list[tuple[str, str, str]], settings: dict[str, str]) -> Path:
    lines = ["[scheduler]", 'shutdown_timeout = "20s"', 'poll_interval = "0.2s"']
    # Crawls run in the test's folder (relative paths such as the spill folder land there).
    lines.append('workdir = "."')
    lines.append('log_dir = "crawl-logs"')
    lines.append("[scheduler.settings]")
    lines += [f'{name} = "{value}"' for name, value in settings.items()]
    for name, url, interval in sites:
        lines += ["[[sites]]", f'name = "{name}"', f'start_urls = ["{url}"]']
        lines.append(f'interval = "{interval}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def both_crawling(log_dir: Path) -> bool:
    """Whether the alpha and the beta crawl have each logged a downloaded page."""
    for site in ("alpha", "beta"):
        logs = list((log_dir / site).glob("*.log")) if (log_dir / site).is_dir() else []
        if not any("Crawled (200)" in path.read_text(errors="replace") for path in logs):
            return False
    return True


def crawl_runs(database_url: str) -> list[sa.Row]:
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    sa.text("SELECT status, finished_at, site FROM crawl_runs ORDER BY id")
                )
            )
    except sa.exc.OperationalError:
        return []  # not created yet
    finally:
        engine.dispose()


def test_two_sites_run_on_their_intervals_and_sigterm_stops_cleanly(tmp_path, two_sites):
    first, second = two_sites
    database_url = f"sqlite:///{tmp_path / 'news.db'}"
    config = write_config(
        tmp_path / "schedule.toml",
        [("alpha", first.url("/"), "1s"), ("beta", second.url("/"), "2s")],
        FAST_CRAWL_SETTINGS,
    )
    scheduler = SchedulerProcess(config, database_url, tmp_path)
    try:
        scheduler.wait_for(
            lambda log: (
                FINISHED.findall(log).count("alpha") >= 2
                and FINISHED.findall(log).count("beta") >= 2
            ),
            "ran each site twice",
        )
        finished_before_stop = len(FINISHED.findall(scheduler.log))
        code = scheduler.stop()
    finally:
        scheduler.kill()
    log = scheduler.log
    assert code == 0, log[-4000:]
    assert "stopping (SIGTERM)" in log
    pids = scheduler.child_pids()
    assert len(pids) >= 4
    assert not [pid for pid in pids if process_exists(pid)], "a crawl outlived the scheduler"
    # Every crawl that finished recorded its run; both sites' articles are stored once each.
    # (A crawl stopped while it was still opening may leave its row 'running': see
    # test_sigterm_during_crawls_... for crawls stopped once under way.)
    runs = crawl_runs(database_url)
    assert len([run for run in runs if run.finished_at is not None]) >= finished_before_stop
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        urls = sorted(conn.execute(sa.text("SELECT url FROM articles")).scalars())
    engine.dispose()
    assert len(urls) == 6
    # Each crawl's output went to its own log file.
    assert sorted(p.name for p in (tmp_path / "crawl-logs").iterdir()) == ["alpha", "beta"]


def test_a_second_scheduler_skips_locked_sites_and_sigterm_reaches_running_crawls(
    tmp_path, two_sites
):
    first, second = two_sites
    # Enough pages that the crawls are still running while a second scheduler starts up.
    news_site(first, "alpha", count=8)
    news_site(second, "beta", count=8)
    database_url = f"sqlite:///{tmp_path / 'news.db'}"
    # A download delay keeps both crawls busy for seconds after their first page (Scrapy still
    # fetches the requests already queued when it shuts down, so the delay is kept short).
    # DEBUG logs each downloaded page ("Crawled (200)"), which tells when a crawl is under way.
    slow = {
        **FAST_CRAWL_SETTINGS,
        "DOWNLOAD_DELAY": "1",
        "RANDOMIZE_DOWNLOAD_DELAY": "False",
        "LOG_LEVEL": "DEBUG",
    }
    config = write_config(
        tmp_path / "schedule.toml",
        [("alpha", first.url("/"), "1h"), ("beta", second.url("/"), "1h")],
        slow,
    )
    scheduler = SchedulerProcess(config, database_url, tmp_path)
    try:
        scheduler.wait_for(lambda log: len(STARTED.findall(log)) == 2, "started both crawls")
        # Wait until both crawls are really under way: each has downloaded a page.
        deadline = time.monotonic() + WAIT_S
        while not both_crawling(tmp_path / "crawl-logs") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert both_crawling(tmp_path / "crawl-logs"), scheduler.log[-4000:]
        # A second scheduler on the same file and database finds both sites locked.
        rival = SchedulerProcess(config, database_url, tmp_path)
        try:
            rival.wait_for(
                lambda log: log.count("is locked by another crawl; skipping this run") == 2,
                "found both sites locked",
            )
            assert rival.stop() == 0
        finally:
            rival.kill()
        assert rival.child_pids() == []
        code = scheduler.stop()
    finally:
        scheduler.kill()
    log = scheduler.log
    assert code == 0, log[-4000:]
    assert not [pid for pid in scheduler.child_pids() if process_exists(pid)]
    runs = crawl_runs(database_url)
    # Scrapy got one SIGTERM, closed the spider ("shutdown") and the store pipeline recorded it.
    # (the status is "shutdown", or "shutdown_with_errors" if a write failed meanwhile)
    assert [run.status.startswith("shutdown") for run in runs] == [True, True], log[-4000:]
    assert all(run.finished_at is not None for run in runs)
    # Each run names the scheduled site it was started for.
    assert sorted(run.site for run in runs) == ["alpha", "beta"]
    assert "did not stop within" not in log
