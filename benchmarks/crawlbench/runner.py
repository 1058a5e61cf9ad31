"""Run one crawler in a subprocess and measure it: time, pages, peak RSS, RSS over time.

Every crawler is started as ``python -m scrapy crawl <spider>`` from the repository root (so
newscrawl's project settings apply, as for a user), with the benchmark's common settings on the
command line. The parent reaps it with :func:`os.wait4`, whose CPU times are that one child's.
While it runs, the parent samples from ``/proc`` the RSS of the crawler's whole process tree
(the crawler and its descendants, such as newscrawl's page-analysis worker processes, summed)
and the crawler's own ``VmHWM`` (peak RSS); the crawler itself writes its final ``VmHWM`` into
its stats file (:mod:`.statsfile`). The CPU time of the descendants (the last value seen of
each) is added to the crawler's. ``ru_maxrss`` is not used: Linux carries it across ``exec``,
so a child's value starts at the parent's own peak.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]

#: The extension that writes a crawler's stats for the benchmark to read.
STATS_EXTENSIONS: Mapping[str, int] = {"benchmarks.crawlbench.statsfile.StatsFile": 0}

#: Scrapy settings shared by every crawler of a run, so that they differ only in what they do.
#: (The newscrawl crawlers also get the project's own extensions: see ``crawl_spec``.)
COMMON_SETTINGS: Mapping[str, str] = {
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "True",
    "DOWNLOAD_DELAY": "0",
    "TELNETCONSOLE_ENABLED": "False",
    "SPIDER_MODULES": "spiders,benchmarks.crawlbench.spiders",
    "EXTENSIONS": json.dumps(STATS_EXTENSIONS),
    # newscrawl's per-site page budget would cap long crawls; the others ignore it.
    "NEWSCRAWL_MAX_PAGES_PER_SITE": "0",
}


@dataclass(frozen=True)
class RssSample:
    """The resident set size of the crawler's process tree at one moment, and the crawler's
    own peak so far."""

    t: float  # unix time
    rss_kb: int  # the crawler and its descendants
    hwm_kb: int = 0  # the crawler alone
    children_kb: int = 0  # the descendants' share of rss_kb


@dataclass
class CrawlResult:
    """What one crawler did and what it cost."""

    name: str
    expected: int
    stored: int | None = None
    rejected: int = 0  # pages the crawler judged not to be articles, counted in its stats
    returncode: int | None = None
    wall_s: float = 0.0
    cpu_s: float | None = None  # user + system CPU seconds of the whole process
    crawl_cpu_s: float | None = None  # the same from spider open to engine stop
    crawl_s: float | None = None
    children_cpu_s: float = 0.0  # CPU seconds of the crawler's descendants (worker processes)
    peak_rss_kb: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    samples: list[RssSample] = field(default_factory=list)
    progress: list[dict[str, float]] = field(default_factory=list)
    log_path: Path | None = None
    error: str | None = None

    @property
    def handled(self) -> int:
        """Pages stored plus pages deliberately rejected (and counted) as not articles."""
        return (self.stored or 0) + self.rejected

    @property
    def ok(self) -> bool:
        """True when the crawler exited cleanly and accounted for every page served."""
        return self.error is None and self.returncode == 0 and self.handled == self.expected

    @property
    def pages_per_s(self) -> float | None:
        """Pages handled per second of crawl time (spider open to close, final writes included)."""
        if not self.handled or not self.crawl_s:
            return None
        return self.handled / self.crawl_s

    @property
    def cpu_ms_per_page(self) -> float | None:
        """CPU milliseconds per page handled, during the crawl (start-up excluded when known).

        Unlike pages/s, this hardly changes when other processes compete for the CPU. The
        crawler's descendants (worker processes) are counted too.
        """
        cpu = self.crawl_cpu_s if self.crawl_cpu_s is not None else self.cpu_s
        if not self.handled or cpu is None:
            return None
        return (cpu + self.children_cpu_s) * 1000 / self.handled

    @property
    def peak_rss_mb(self) -> float | None:
        return self.peak_rss_kb / 1024 if self.peak_rss_kb is not None else None

    def problem(self) -> str | None:
        """Why the run does not count, or ``None`` when it does."""
        if self.error:
            return self.error
        if self.returncode != 0:
            return f"exit status {self.returncode}"
        if self.handled != self.expected:
            rejected = f" (+{self.rejected} rejected as not articles)" if self.rejected else ""
            lost = self.expected - self.handled
            return f"stored {self.stored}{rejected} of {self.expected} pages: {lost} lost"
        return None


@dataclass(frozen=True)
class CrawlSpec:
    """How to run one crawler and how to count what it stored."""

    name: str
    spider: str
    spider_args: Mapping[str, str]
    settings: Mapping[str, str]
    count_stored: Callable[[dict[str, Any]], int]  # given the final stats
    #: Names of the stats that count pages the crawler deliberately did not store.
    rejection_stats: Sequence[str] = ()


def scrapy_command(spec: CrawlSpec, settings: Mapping[str, str]) -> list[str]:
    """The command line that runs ``spec`` with ``settings`` (spec's own settings win)."""
    command = [sys.executable, "-m", "scrapy", "crawl", spec.spider]
    for name, value in spec.spider_args.items():
        command += ["-a", f"{name}={value}"]
    for name, value in {**settings, **spec.settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def read_memory_kb(pid: int | str) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of process ``pid`` (or ``"self"``) in kB; empty once it is gone."""
    found: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    found[name] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        return {}
    return found


def read_rss_kb(pid: int) -> int | None:
    """``VmRSS`` of process ``pid`` in kB, or ``None`` once it is gone."""
    return read_memory_kb(pid).get("VmRSS")


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, their children, and so on (from ``/proc``)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        parent = pending.pop()
        children = _children(parent)
        found.extend(children)
        pending.extend(children)
    return found


def _children(pid: int) -> list[int]:
    children: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return children
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                children.extend(int(child) for child in listing.read().split())
        except (OSError, ValueError):
            continue
    return children


def read_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` so far, or ``None`` once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            # The fields after the command name, which is in parentheses and may hold spaces.
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@dataclass
class _TreeWatch:
    """The last CPU time seen of each descendant of the crawler (a finished one keeps it)."""

    cpu_s: dict[int, float] = field(default_factory=dict)

    def sample(self, pid: int) -> int:
        """Record the descendants' CPU times; return their summed RSS in kB."""
        rss_kb = 0
        for child in descendants(pid):
            cpu = read_cpu_s(child)
            if cpu is not None:
                self.cpu_s[child] = cpu
            rss_kb += read_rss_kb(child) or 0
        return rss_kb

    @property
    def total_cpu_s(self) -> float:
        return sum(self.cpu_s.values())


def run_crawl(
    spec: CrawlSpec,
    expected: int,
    workdir: Path,
    common: Mapping[str, str],
    *,
    sample_interval: float = 1.0,
    timeout: float | None = None,
) -> CrawlResult:
    """Run ``spec`` to completion and return its measurements.

    Its log goes to ``workdir/<name>.log``, its stats to ``workdir/<name>.stats.json`` and its
    progress to ``workdir/<name>.progress.jsonl``. ``timeout`` (seconds) kills a stuck crawl.
    """
    result = CrawlResult(spec.name, expected, log_path=workdir / f"{spec.name}.log")
    stats_path = workdir / f"{spec.name}.stats.json"
    progress_path = workdir / f"{spec.name}.progress.jsonl"
    settings = {
        **common,
        "BENCH_STATS_FILE": str(stats_path),
        "BENCH_PROGRESS_FILE": str(progress_path),
        "LOG_FILE": str(result.log_path),
    }
    command = scrapy_command(spec, settings)
    started = time.perf_counter()
    with open(workdir / f"{spec.name}.out", "wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        tree = _TreeWatch()
        try:
            status, result.cpu_s = _wait_sampling(
                process, result.samples, sample_interval, timeout, started, tree
            )
        except BaseException:  # Ctrl-C or a bug here: leave no crawler running behind us
            process.kill()
            process.wait()
            raise
    result.wall_s = time.perf_counter() - started
    result.children_cpu_s = tree.total_cpu_s
    if status is None:
        result.error = f"killed after {timeout:.0f} s"
        status = -9
    result.returncode = status
    result.progress = _read_progress(progress_path)
    if not stats_path.exists():
        result.error = result.error or "the crawler wrote no stats (see its log)"
        return result
    result.stats = json.loads(stats_path.read_text(encoding="utf-8"))
    result.crawl_s = result.stats.get("elapsed_time_seconds")
    result.crawl_cpu_s = result.stats.get("bench/crawl_cpu_s")
    # The tree's sampled RSS, never below the crawler's own peak (a spike between samples).
    peaks = [max(s.rss_kb, s.hwm_kb) for s in result.samples]
    peaks.append(int(result.stats.get("bench/vmhwm_kb", 0)))
    result.peak_rss_kb = max(peaks) or None
    result.rejected = sum(int(result.stats.get(name, 0)) for name in spec.rejection_stats)
    try:
        result.stored = spec.count_stored(result.stats)
    except Exception as exc:  # a missing table or database is a failed run, not a crash
        result.error = f"could not count stored pages: {exc!r}"
    return result


def _wait_sampling(
    process: subprocess.Popen[bytes],
    samples: list[RssSample],
    interval: float,
    timeout: float | None,
    started: float,
    tree: _TreeWatch,
) -> tuple[int | None, float | None]:
    """Sample the RSS of the child and its descendants until it exits.

    Returns its exit status (``None``: killed after ``timeout``) and its CPU seconds (user +
    system, from :func:`os.wait4`, which reports that one child's usage).
    """
    deadline = started + timeout if timeout else None
    while True:
        pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            code = os.waitstatus_to_exitcode(wait_status)
            process.returncode = code  # reaped here: Popen must not wait for it again
            return code, usage.ru_utime + usage.ru_stime
        memory = read_memory_kb(process.pid)
        if "VmRSS" in memory:
            children_kb = tree.sample(process.pid)
            samples.append(
                RssSample(
                    time.time(), memory["VmRSS"] + children_kb, memory.get("VmHWM", 0), children_kb
                )
            )
        if deadline is not None and time.perf_counter() > deadline:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return None, usage.ru_utime + usage.ru_stime
        time.sleep(interval)


def _read_progress(path: Path) -> list[dict[str, float]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def tail(path: Path | None, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file, for failure reports."""
    if path is None or not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def summarise_drops(stats: Mapping[str, Any], prefixes: Sequence[str]) -> dict[str, Any]:
    """The stats whose names start with one of ``prefixes`` (drop and failure counters)."""
    return {k: v for k, v in sorted(stats.items()) if k.startswith(tuple(prefixes))}
