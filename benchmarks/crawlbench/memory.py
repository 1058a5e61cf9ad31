"""Memory over a long crawl: peak RSS, and how RSS moves once the crawl has settled.

The parent samples the crawler's RSS against the clock; the crawler logs its item count against
the clock (:mod:`.statsfile`). Joining the two on time gives RSS as a function of pages crawled,
from which come the RSS after the warm-up pages and the growth (and its trend) after it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.crawlbench.runner import RssSample

#: Pages after which a crawler's memory should have stopped growing.
WARMUP_PAGES = 1000


@dataclass(frozen=True)
class MemoryReport:
    """RSS figures of one crawl, in MB; the ``after_warmup`` ones need a crawl past the warm-up."""

    peak_mb: float
    final_mb: float
    warmup_pages: int
    at_warmup_mb: float | None
    growth_after_warmup_mb: float | None  # highest RSS after the warm-up minus RSS at it
    trend_mb_per_1000_pages: float | None  # least-squares slope of RSS over pages after warm-up
    samples: int


def items_at(progress: Sequence[dict[str, Any]], when: float) -> float | None:
    """Items crawled at time ``when``, interpolated between progress lines."""
    if not progress or when < progress[0]["t"]:
        return None
    times = [p["t"] for p in progress]
    i = bisect.bisect_right(times, when) - 1
    if i >= len(progress) - 1:
        return float(progress[-1]["items"])
    before, after = progress[i], progress[i + 1]
    span = after["t"] - before["t"]
    share = (when - before["t"]) / span if span > 0 else 0.0
    return before["items"] + share * (after["items"] - before["items"])


def analyse_memory(
    samples: Sequence[RssSample],
    progress: Sequence[dict[str, Any]],
    peak_rss_kb: int | None = None,
    warmup_pages: int = WARMUP_PAGES,
) -> MemoryReport | None:
    """The :class:`MemoryReport` of a crawl, or ``None`` without samples."""
    if not samples:
        return None
    peak_kb = max([s.rss_kb for s in samples] + ([peak_rss_kb] if peak_rss_kb else []))
    points = [
        (pages, s.rss_kb / 1024)
        for s in samples
        if (pages := items_at(progress, s.t)) is not None
    ]
    settled = [(pages, mb) for pages, mb in points if pages >= warmup_pages]
    at_warmup = settled[0][1] if settled else None
    return MemoryReport(
        peak_mb=peak_kb / 1024,
        final_mb=samples[-1].rss_kb / 1024,
        warmup_pages=warmup_pages,
        at_warmup_mb=at_warmup,
        growth_after_warmup_mb=(max(mb for _, mb in settled) - at_warmup) if settled else None,
        trend_mb_per_1000_pages=_slope(settled) * 1000 if len(settled) >= 3 else None,
        samples=len(samples),
    )


def _slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of y over x (0 when x does not vary)."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var_x = sum((x - mean_x) ** 2 for x, _ in points)
    if var_x == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var_x
