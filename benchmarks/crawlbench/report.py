"""The crawl benchmark's Markdown report and its JSON form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from benchmarks.crawlbench.memory import MemoryReport
from benchmarks.crawlbench.runner import CrawlResult

#: How each crawler is named in the table.
LABELS: Mapping[str, str] = {
    "ceiling": "ceiling: Scrapy, fetch only",
    "newscrawl-sqlite": "newscrawl → SQLite",
    "newscrawl-postgres": "newscrawl → PostgreSQL",
    "newscrawl-inprocess": "newscrawl → SQLite, analysis in process",
    "newscrawl-pool": "newscrawl → SQLite, analysis in worker processes",
    "peer": "peer: trafilatura + SQLAlchemy → SQLite",
}
#: Targets of issue 6, checked in the summary lines.
TARGET_CEILING_SHARE = 0.5
TARGET_PEER_RATIO = 4.0
TARGET_PEAK_RSS_MB = 400.0


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(result: CrawlResult | None, reference: CrawlResult | None) -> float | None:
    """``result``'s pages/s over ``reference``'s, when both runs count."""
    if result is None or reference is None or not (result.ok and reference.ok):
        return None
    mine, theirs = result.pages_per_s, reference.pages_per_s
    return mine / theirs if mine and theirs else None


def cpu_ratio(reference: CrawlResult | None, result: CrawlResult | None) -> float | None:
    """``reference``'s CPU time per page over ``result``'s: a speed ratio from CPU time."""
    if result is None or reference is None or not (result.ok and reference.ok):
        return None
    mine, theirs = result.cpu_ms_per_page, reference.cpu_ms_per_page
    return theirs / mine if mine and theirs else None


def crawl_table(results: Sequence[CrawlResult]) -> str:
    """One row per crawler: pages, times, pages/s, share of the ceiling, peak RSS, status."""
    ceiling = next((r for r in results if r.name == "ceiling"), None)
    header = ("crawler", "pages stored", "crawl s", "wall s", "pages/s", "vs ceiling",
              "CPU ms/page", "peak RSS MB", "status")  # fmt: skip
    rows = [_row(header), "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for result in results:
        share = ratio(result, ceiling)
        stored = "–" if result.stored is None else str(result.stored)
        rejected = f" (+{result.rejected} not articles)" if result.rejected else ""
        cells = (
            LABELS.get(result.name, result.name),
            f"{stored}/{result.expected}{rejected}",
            _number(result.crawl_s),
            _number(result.wall_s),
            _number(result.pages_per_s) if result.ok else "–",
            f"{share:.0%}" if share is not None else "–",
            _number(result.cpu_ms_per_page),
            _number(result.peak_rss_mb, 0),
            "ok" if result.ok else f"FAILED: {result.problem()}",
        )
        rows.append(_row(cells))
    return "\n".join(rows)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


#: The newscrawl crawlers whose ratios the summary gives, in this order.
NEWSCRAWL_VARIANTS = ("newscrawl-sqlite", "newscrawl-pool", "newscrawl-inprocess")


def summary_lines(
    results: Sequence[CrawlResult], extraction_ms: Mapping[str, float], sample: int
) -> list[str]:
    """The headline ratios against issue 6's targets (for each newscrawl → SQLite variant
    that ran), and the extraction timing."""
    by_name = {r.name: r for r in results}
    lines = []
    for name in NEWSCRAWL_VARIANTS:
        if name in by_name:
            lines += _target_lines(LABELS[name], by_name[name], by_name)
    if extraction_ms:
        timings = ", ".join(f"{name} {ms:.1f} ms" for name, ms in extraction_ms.items())
        lines.append(f"- extraction alone, in process, per page ({sample} pages): {timings}")
    return lines


def _target_lines(label: str, ours: CrawlResult, by_name: Mapping[str, CrawlResult]) -> list[str]:
    lines = []
    share = ratio(ours, by_name.get("ceiling"))
    if share is not None:
        verdict = "met" if share >= TARGET_CEILING_SHARE else "NOT met"
        lines.append(
            f"- {label} runs at {share:.0%} of the ceiling's pages/s "
            f"(target ≥ {TARGET_CEILING_SHARE:.0%}: {verdict})"
        )
    speedup = ratio(ours, by_name.get("peer"))
    if speedup is not None:
        verdict = "met" if speedup >= TARGET_PEER_RATIO else "NOT met"
        lines.append(
            f"- {label} is {speedup:.2f}× the peer's pages/s "
            f"(target ≥ {TARGET_PEER_RATIO:.0f}×: {verdict})"
        )
    split = _cpu_split_line(label, ours)
    if split:
        lines.append(split)
    cpu_share = cpu_ratio(by_name.get("ceiling"), ours)
    cpu_speedup = cpu_ratio(by_name.get("peer"), ours)
    if cpu_share is not None or cpu_speedup is not None:
        parts = []
        if cpu_share is not None:
            parts.append(f"{cpu_share:.0%} of the ceiling")
        if cpu_speedup is not None:
            parts.append(f"{cpu_speedup:.2f}× the peer")
        lines.append(
            f"- by CPU time per page (insensitive to other processes' load), {label} "
            "does " + " and ".join(parts)
        )
    return lines


def _cpu_split_line(label: str, ours: CrawlResult) -> str | None:
    """Where ``ours`` spent its CPU time: the crawler's process and its analysis workers, and
    how many pages the crawler's process analysed itself (``NEWSCRAWL_EXTRACT_SHARE``)."""
    crawler_cpu = ours.crawl_cpu_s if ours.crawl_cpu_s is not None else ours.cpu_s
    if crawler_cpu is None or not ours.handled or not ours.children_cpu_s:
        return None
    shared = int(ours.stats.get("newscrawl/extraction/shared_with_crawler", 0))
    return (
        f"- {label}: the crawler's process {crawler_cpu * 1000 / ours.handled:.1f} CPU ms/page, "
        f"its analysis workers {ours.children_cpu_s * 1000 / ours.handled:.1f}; "
        f"{shared} of {ours.handled} pages analysed in the crawler's process"
    )


def load_line(before: float, after: float, cores: int) -> str:
    """The machine's 1-minute load average around the crawls, against its core count."""
    busy = max(before, after) > cores
    warning = " — other processes competed for the CPU" if busy else ""
    return (
        f"- load average before/after the crawls: {before:.1f}/{after:.1f} "
        f"on {cores} cores{warning}"
    )


def memory_lines(report: MemoryReport | None, pages: int) -> list[str]:
    """The memory mode's findings against the peak-RSS and no-growth targets."""
    if report is None:
        return ["- memory: no RSS samples were taken"]
    verdict = "met" if report.peak_mb <= TARGET_PEAK_RSS_MB else "NOT met"
    lines = [
        f"- peak RSS over {pages} pages: {report.peak_mb:.0f} MB "
        f"(target ≤ {TARGET_PEAK_RSS_MB:.0f} MB: {verdict}); final {report.final_mb:.0f} MB; "
        f"{report.samples} samples"
    ]
    if report.at_warmup_mb is not None and report.growth_after_warmup_mb is not None:
        trend = _number(report.trend_mb_per_1000_pages, 2)
        lines.append(
            f"- RSS after the first {report.warmup_pages} pages: {report.at_warmup_mb:.0f} MB; "
            f"highest later: +{report.growth_after_warmup_mb:.0f} MB; "
            f"trend after it: {trend} MB per 1000 pages"
        )
    else:
        lines.append(f"- the crawl did not get past {report.warmup_pages} pages: no growth figure")
    return lines


def as_json(
    results: Sequence[CrawlResult],
    extraction_ms: Mapping[str, float],
    memory: MemoryReport | None,
    parameters: Mapping[str, Any],
) -> dict[str, Any]:
    """Everything measured, JSON-ready (RSS samples and progress included)."""
    return {
        "parameters": dict(parameters),
        "extraction_ms_per_page": dict(extraction_ms),
        "crawls": [
            {
                "name": r.name,
                "expected": r.expected,
                "stored": r.stored,
                "rejected": r.rejected,
                "ok": r.ok,
                "problem": r.problem(),
                "returncode": r.returncode,
                "wall_s": r.wall_s,
                "cpu_s": r.cpu_s,
                "crawl_cpu_s": r.crawl_cpu_s,
                "children_cpu_s": r.children_cpu_s,
                "cpu_ms_per_page": r.cpu_ms_per_page,
                "crawl_s": r.crawl_s,
                "pages_per_s": r.pages_per_s,
                "peak_rss_mb": r.peak_rss_mb,
                # [time, RSS of the process tree, the crawler's own peak, the descendants'], kB
                "rss_samples": [[s.t, s.rss_kb, s.hwm_kb, s.children_kb] for s in r.samples],
                "progress": r.progress,
                "stats": r.stats,
            }
            for r in results
        ],
        "memory": asdict(memory) if memory is not None else None,
    }
