"""A Scrapy extension that tells the benchmark what a crawl subprocess did.

Enabled with ``-s EXTENSIONS={"benchmarks.crawlbench.statsfile.StatsFile": 0}``; it reads:

- ``BENCH_STATS_FILE``: when the engine stops, the crawl's final stats are written there as JSON,
  with the process's peak RSS (``VmHWM``, kB) as ``bench/vmhwm_kb`` and the CPU seconds it spent
  (all threads) from the spider's opening to the engine's stop as ``bench/crawl_cpu_s``;
- ``BENCH_PROGRESS_FILE`` (optional): every ``BENCH_PROGRESS_INTERVAL`` seconds (default 1), a
  JSON line ``{"t": unix time, "items": items scraped so far, "responses": ...}`` is appended,
  so that RSS samples taken by the parent can be matched to how far the crawl had got.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class StatsFile:
    """Writes the final stats (and optionally periodic progress) of a crawl to files."""

    def __init__(
        self, crawler: Crawler, stats_path: Path, progress_path: Path | None, interval: float
    ) -> None:
        self.crawler = crawler
        self.stats_path = stats_path
        self.progress_path = progress_path
        self.interval = interval
        self._progress: IO[str] | None = None
        self._loop: task.LoopingCall | None = None
        self._cpu_at_open: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        settings = crawler.settings
        stats_file = settings.get("BENCH_STATS_FILE")
        if not stats_file:
            raise NotConfigured("BENCH_STATS_FILE is not set")
        progress_file = settings.get("BENCH_PROGRESS_FILE")
        extension = cls(
            crawler,
            Path(stats_file),
            Path(progress_file) if progress_file else None,
            settings.getfloat("BENCH_PROGRESS_INTERVAL", 1.0),
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self._cpu_at_open = time.process_time()
        if self.progress_path is None:
            return
        self._progress = self.progress_path.open("a", encoding="utf-8")
        self._loop = task.LoopingCall(self.write_progress)
        self._loop.start(self.interval, now=True)

    def write_progress(self) -> None:
        """Append one progress line (flushed, so the parent can read it while we run)."""
        if self._progress is None:
            return
        stats = self.crawler.stats
        line = {
            "t": time.time(),
            "items": stats.get_value("item_scraped_count", 0),
            "responses": stats.get_value("response_received_count", 0),
        }
        self._progress.write(json.dumps(line) + "\n")
        self._progress.flush()

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.write_progress()
        if self._progress is not None:
            self._progress.close()
            self._progress = None

    def engine_stopped(self) -> None:
        """Write the final stats; by now every pipeline and stats handler has finished."""
        stats = {key: _jsonable(value) for key, value in self.crawler.stats.get_stats().items()}
        stats["bench/vmhwm_kb"] = _own_peak_rss_kb()
        if self._cpu_at_open is not None:
            stats["bench/crawl_cpu_s"] = time.process_time() - self._cpu_at_open
        self.stats_path.write_text(json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")


def _own_peak_rss_kb() -> int:
    """This process's ``VmHWM`` in kB (0 where ``/proc`` is unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
