"""Crawl benchmark: newscrawl against Scrapy's own ceiling and a trafilatura peer, in one run.

    python -m benchmarks.crawl [--pages N] [--naeb DIR] [--postgres URL | --no-postgres]
                               [--json FILE] [--memory] [--crawlers NAMES] [options]

Run it from the repository root. It serves N real article pages (the naeb pages, replicated
under distinct URLs, each copy with a token of its own so no crawler may treat copies as
duplicates) from a local HTTP server in a separate process, with ``robots.txt`` → sitemap
index → sitemaps. Then it runs each crawler in a subprocess of its own, one after the other, on
the same pages and with the same Scrapy settings (AutoThrottle off, robots.txt obeyed, the same
concurrency, no download delay):

``ceiling``
    a fetch-only Scrapy ``SitemapSpider`` yielding one tiny item per page;
``newscrawl-sqlite``
    ``scrapy crawl news -a start_urls=<robots.txt>`` with newscrawl's pipelines, into a fresh
    SQLite file;
``newscrawl-postgres``
    the same into a fresh PostgreSQL schema (``search_path``), when the server is reachable;
``peer``
    a ``SitemapSpider`` calling ``trafilatura.bare_extraction`` and an SQLAlchemy ORM pipeline
    that inserts and commits each item on its own, into a fresh SQLite file;
``newscrawl-inprocess`` and ``newscrawl-pool`` (only when named in ``--crawlers``)
    ``newscrawl-sqlite`` with ``NEWSCRAWL_EXTRACT_PROCESSES=0`` (pages analysed in the
    crawler's own process) and ``=1`` (in one worker process; ``--pool-processes N`` for N),
    whatever ``"auto"`` picks on this machine, to measure what the workers bring.

Each run must account for exactly N pages: stored (yielded, for the ceiling), or, for newscrawl,
rejected as not an article by its classifier or validation (counted in its stats and shown in
the table). A run with any other missing page (a duplicate, a crash, a lost write) is reported
as FAILED, with its drop counters, and the command exits with status 1. Pages/s are pages
accounted for per second. The Markdown report
gives, per crawler: pages stored, crawl time (Scrapy's ``elapsed_time_seconds``, from spider
open to close, final database writes included; start-up and schema creation excluded), wall
time of the process, pages/s, share of the ceiling's pages/s, CPU milliseconds per page (all
threads of the crawler, during the crawl, plus its worker processes) and peak RSS (of the
crawler's whole process tree, worker processes included, sampled every second; never below the
crawler's own ``VmHWM``). Then
newscrawl's ratios to the ceiling and to the peer, by pages/s and by CPU time per page (the
latter hardly moves when other processes load the machine), and the extraction CPU time per
page of newscrawl and trafilatura, timed in process on the first pages of the corpus (decoded
as Scrapy decodes them).

Options:

``--pages N``
    pages to serve and crawl (default 1000).
``--naeb DIR``
    the naeb dataset folder (with ``html/``); default ``$NEWSCRAWL_DATASETS/naeb``, else
    ``../shared/datasets/naeb`` beside the repository. Pages are read, never copied.
``--postgres URL``
    PostgreSQL server for ``newscrawl-postgres`` (default
    ``postgresql+psycopg://postgres@127.0.0.1:5432/test``); a fresh schema is created in it and
    dropped afterwards. Skipped with a note when unreachable. ``--no-postgres`` skips it.
``--crawlers NAMES``
    comma-separated subset of ``ceiling,newscrawl-sqlite,newscrawl-postgres,peer`` (and
    ``newscrawl-inprocess``, ``newscrawl-pool``).
``--memory``
    memory mode (use with ``--pages 20000``): by default runs only ``newscrawl-sqlite``,
    samples the RSS of its process tree every second from ``/proc`` and reports peak RSS, RSS
    after the first 1,000 pages and the growth (and its trend per 1,000 pages) after them.
``--concurrency N``
    ``CONCURRENT_REQUESTS_PER_DOMAIN`` for every crawler (default 16; ``CONCURRENT_REQUESTS`` is
    twice that).
``--newscrawl-set NAME=VALUE``
    a Scrapy setting for the newscrawl crawlers only (repeatable), to measure what a setting
    brings (``CONCURRENT_ITEMS=100``, say) without editing the project's settings.
``--log-level LEVEL``
    Scrapy ``LOG_LEVEL`` of the crawlers (default INFO); logs go to the work directory.
``--extract-sample K``
    pages for the in-process extraction timing (default 100; 0 skips it).
``--json FILE``
    also write every figure (RSS samples, progress and Scrapy stats included) as JSON.
``--workdir DIR`` / ``--keep``
    where databases, logs and stats go (default: a temporary directory, removed at the end
    unless ``--keep`` is given or a run failed).
``--timeout S``
    kill a crawler that runs longer than S seconds (default: 60 + 2 s per page).
``--repeat R``
    run every crawler R times, in rotation, and report each one's fastest run (default 1);
    a crawler that lost pages in any run is reported as failed. The report also gives the
    machine's load average before and after the crawls: on a shared machine, other processes
    take CPU from the crawlers, so compare ratios from one run, never figures across runs.
``--pool-processes N``
    analysis worker processes of ``newscrawl-pool`` (default 1).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.crawlbench.corpus import Corpus, DatasetMissingError, find_naeb_dir, page_path
from benchmarks.crawlbench.memory import analyse_memory
from benchmarks.crawlbench.report import (
    as_json,
    crawl_table,
    load_line,
    memory_lines,
    summary_lines,
)
from benchmarks.crawlbench.runner import (
    COMMON_SETTINGS,
    STATS_EXTENSIONS,
    CrawlResult,
    CrawlSpec,
    run_crawl,
    summarise_drops,
    tail,
)
from benchmarks.crawlbench.server import ServerProcess, start_server_process
from benchmarks.crawlbench.timing import (
    decode_as_scrapy,
    newscrawl_extract,
    time_extractor,
    trafilatura_extract,
)
from newscrawl import settings as project_settings
from newscrawl.urls import mask_url

# newscrawl's counters of pages it judged not to be articles: deliberate, counted decisions,
# shown in the report. Every other missing page (a duplicate, a crash, a lost write) is a loss.
NOT_ARTICLE_STATS = (
    "newscrawl/pages/listing", "newscrawl/pages/other",
    "newscrawl/dropped/no_title", "newscrawl/dropped/no_body",
)  # fmt: skip
CRAWLERS = (
    "ceiling", "newscrawl-sqlite", "newscrawl-postgres", "peer",
    "newscrawl-inprocess", "newscrawl-pool",
)  # fmt: skip
# Run when named in --crawlers only.
OPTIONAL_CRAWLERS = ("newscrawl-inprocess", "newscrawl-pool")
# NEWSCRAWL_EXTRACT_PROCESSES of the newscrawl variants that fix it (the others keep the
# project's default, "auto").
EXTRACT_PROCESSES = {"newscrawl-inprocess": "0", "newscrawl-pool": "1"}
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Counters worth showing when a run stored fewer pages than it was served.
DROP_PREFIXES = (
    "newscrawl/dropped/", "newscrawl/fetch_failed/", "newscrawl/pages/", "newscrawl/store/",
    "newscrawl/skipped/", "item_dropped", "item_scraped_count", "downloader/response_status",
    "bench/", "log_count/ERROR", "spider_exceptions",
)  # fmt: skip

logger = logging.getLogger("benchmarks.crawl")


def build_parser() -> argparse.ArgumentParser:
    """The command-line options (described in the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.crawl",
        description="Crawl benchmark: newscrawl vs a fetch-only Scrapy ceiling and a "
        "trafilatura + SQLAlchemy peer, on the same locally served pages.",
    )
    parser.add_argument("--pages", type=int, default=1000, help="pages to serve (default 1000)")
    parser.add_argument("--naeb", help="naeb dataset folder (default: $NEWSCRAWL_DATASETS/naeb)")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES_URL, help="PostgreSQL URL")
    parser.add_argument("--no-postgres", action="store_true", help="skip newscrawl-postgres")
    parser.add_argument("--crawlers", help=f"comma-separated list among {','.join(CRAWLERS)}")
    parser.add_argument("--memory", action="store_true", help="memory mode (see docstring)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests per domain")
    parser.add_argument("--log-level", default="INFO", help="crawlers' LOG_LEVEL")
    parser.add_argument("--extract-sample", type=int, default=100, help="pages to time")
    parser.add_argument("--json", type=Path, help="write all figures to this JSON file")
    parser.add_argument("--workdir", type=Path, help="where databases and logs go")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--timeout", type=float, help="seconds before a crawler is killed")
    parser.add_argument("--repeat", type=int, default=1, help="runs per crawler (best counts)")
    parser.add_argument(
        "--pool-processes", type=int, default=1, help="analysis workers of newscrawl-pool"
    )
    parser.add_argument(
        "--newscrawl-set", action="append", default=[], metavar="NAME=VALUE",
        type=setting_pair, help="a Scrapy setting for the newscrawl crawlers only (repeatable)",
    )  # fmt: skip
    return parser


def setting_pair(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` as a pair; raises ``argparse.ArgumentTypeError`` without a name."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value


def chosen_crawlers(args: argparse.Namespace) -> list[str]:
    """The crawlers to run, in the canonical order."""
    if args.crawlers:
        names = [n.strip() for n in args.crawlers.split(",") if n.strip()]
        unknown = sorted(set(names) - set(CRAWLERS))
        if unknown:
            raise SystemExit(f"unknown crawler(s) {unknown}; choose among {', '.join(CRAWLERS)}")
    elif args.memory:
        names = ["newscrawl-sqlite"]
    else:
        names = [n for n in CRAWLERS if n not in OPTIONAL_CRAWLERS]
    if args.no_postgres:
        names = [n for n in names if n != "newscrawl-postgres"]
    return [n for n in CRAWLERS if n in names]


def count_rows_sqlite(path: Path, table: str) -> int:
    """Rows in ``table`` of the SQLite file at ``path``."""
    if not path.exists():
        raise FileNotFoundError(f"no database at {path}")
    return count_rows_sql(f"sqlite:///{path}", table)


def count_rows_sql(url: str, table: str) -> int:
    """Rows in ``table`` of the SQLAlchemy database at ``url``."""
    import sqlalchemy as sa

    # sa.table() lets the dialect quote the name: no SQL is built from strings.
    query = sa.select(sa.func.count()).select_from(sa.table(table))
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


@contextmanager
def fresh_postgres_schema(url: str) -> Iterator[str | None]:
    """A URL pinned to a new, empty schema of ``url``'s database (dropped on exit).

    Yields ``None`` (and logs why) when the server cannot be reached.
    """
    import sqlalchemy as sa

    schema = f"crawlbench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(sa.schema.CreateSchema(schema))
    except Exception as exc:  # unreachable, refused, missing driver: skip, with the reason
        logger.warning("PostgreSQL not available at %s, skipped: %s", mask_url(url), exc)
        admin.dispose()
        yield None
        return
    pinned = sa.engine.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield pinned.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.schema.DropSchema(schema, cascade=True, if_exists=True))
        admin.dispose()


def crawl_spec(
    name: str,
    server: ServerProcess,
    workdir: Path,
    postgres_url: str | None,
    pool_processes: int = 1,
    newscrawl_settings: Mapping[str, str] | None = None,
) -> CrawlSpec:
    """How to run crawler ``name`` against ``server``, storing under ``workdir``
    (``newscrawl-pool`` with ``pool_processes`` analysis workers; the newscrawl crawlers with
    ``newscrawl_settings`` on top)."""
    robots = server.url("/robots.txt")
    if name == "ceiling":
        return CrawlSpec(
            name, "bench_ceiling", {"sitemap_url": robots}, {},
            lambda stats: int(stats.get("item_scraped_count", 0)),
        )  # fmt: skip
    if name == "peer":
        database = workdir / "peer.db"
        return CrawlSpec(
            name, "bench_peer", {"sitemap_url": robots},
            {"PEER_DATABASE_URL": f"sqlite:///{database}"},
            lambda stats: count_rows_sqlite(database, "peer_articles"),
        )  # fmt: skip
    news_settings = {
        "NEWSCRAWL_SPILL_DIR": str(workdir / "spill"),
        # The project's extensions as well as the stats file (COMMON_SETTINGS names that alone).
        "EXTENSIONS": json.dumps({**project_settings.EXTENSIONS, **STATS_EXTENSIONS}),
        **(newscrawl_settings or {}),
    }
    if name in ("newscrawl-sqlite", *EXTRACT_PROCESSES):
        database = workdir / f"{name}.db"
        if name in EXTRACT_PROCESSES:
            processes = str(pool_processes) if name == "newscrawl-pool" else EXTRACT_PROCESSES[name]
            news_settings["NEWSCRAWL_EXTRACT_PROCESSES"] = processes
        return CrawlSpec(
            name, "news", {"start_urls": robots},
            {**news_settings, "DATABASE_URL": f"sqlite:///{database}"},
            lambda stats: count_rows_sqlite(database, "articles"),
            NOT_ARTICLE_STATS,
        )  # fmt: skip
    if name == "newscrawl-postgres" and postgres_url:
        return CrawlSpec(
            name, "news", {"start_urls": robots},
            {**news_settings, "DATABASE_URL": postgres_url},
            lambda stats: count_rows_sql(postgres_url, "articles"),
            NOT_ARTICLE_STATS,
        )  # fmt: skip
    raise ValueError(f"cannot run crawler {name!r}")


def time_extraction(naeb_dir: Path, pages: int, sample: int, base_url: str) -> dict[str, float]:
    """ms/page of newscrawl's and trafilatura's extractors over the first ``sample`` pages."""
    count = min(sample, pages)
    if count <= 0:
        return {}
    corpus = Corpus.load(naeb_dir, count)
    decoded = []
    for index in range(count):
        url = base_url + page_path(index)
        decoded.append((url, decode_as_scrapy(corpus.page(index) or b"", url)))
    timings = {"newscrawl": time_extractor(newscrawl_extract, decoded)}
    try:
        timings["trafilatura"] = time_extractor(trafilatura_extract, decoded)
    except ImportError:
        logger.warning("trafilatura is not installed: its extraction time is not measured")
    return timings


def common_settings(args: argparse.Namespace) -> dict[str, str]:
    """The Scrapy settings every crawler of this run gets."""
    return {
        **COMMON_SETTINGS,
        "CONCURRENT_REQUESTS": str(2 * args.concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(args.concurrency),
        "LOG_LEVEL": args.log_level,
    }


def run_crawlers(
    args: argparse.Namespace, names: Sequence[str], server: ServerProcess, workdir: Path
) -> list[CrawlResult]:
    """Run every crawler ``args.repeat`` times, in rotation; return every run, in order.

    Rotating (A, B, C, A, B, C…) rather than repeating each crawler in a row spreads any change
    in the machine's load over all of them.
    """
    timeout = args.timeout or 60 + 2.0 * args.pages
    results = []
    for round_number in range(1, args.repeat + 1):
        round_dir = workdir / f"round-{round_number}" if args.repeat > 1 else workdir
        round_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            if name == "newscrawl-postgres":
                with fresh_postgres_schema(args.postgres) as url:
                    if url is None:
                        continue
                    result = _run_one(args, name, server, round_dir, url, timeout)
            else:
                result = _run_one(args, name, server, round_dir, None, timeout)
            results.append(result)
    return results


def best_runs(runs: Sequence[CrawlResult]) -> list[CrawlResult]:
    """One run per crawler, in the order first run: a failed run if any failed, else the fastest.

    A crawler that lost pages once has a correctness problem, so its failure is what is shown.
    """
    chosen: dict[str, CrawlResult] = {}
    for run in runs:
        current = chosen.get(run.name)
        if current is None or (current.ok and _better(run, current)):
            chosen[run.name] = run
    return list(chosen.values())


def _better(run: CrawlResult, current: CrawlResult) -> bool:
    """Whether ``run`` replaces ``current`` (which counts): it failed, or it was faster."""
    return not run.ok or (run.pages_per_s or 0) > (current.pages_per_s or 0)


def _run_one(
    args: argparse.Namespace,
    name: str,
    server: ServerProcess,
    workdir: Path,
    postgres_url: str | None,
    timeout: float,
) -> CrawlResult:
    spec = crawl_spec(
        name, server, workdir, postgres_url, args.pool_processes, dict(args.newscrawl_set)
    )
    served_before = server.served_pages()
    print(f"running {name} on {args.pages} pages …", file=sys.stderr, flush=True)
    result = run_crawl(spec, args.pages, workdir, common_settings(args), timeout=timeout)
    fetched = server.served_pages() - served_before
    rate = f"{result.pages_per_s:.1f} pages/s" if result.pages_per_s else "no rate"
    print(
        f"  {name}: fetched {fetched}, stored {result.stored}, rejected {result.rejected}, {rate}, "
        f"peak RSS {result.peak_rss_mb or 0:.0f} MB",
        file=sys.stderr,
        flush=True,
    )
    if not result.ok:
        print(f"  {name} FAILED: {result.problem()}", file=sys.stderr)
        counters = summarise_drops(result.stats, DROP_PREFIXES)
        print("  counters: " + json.dumps(counters, indent=1), file=sys.stderr)
        print(f"  log tail ({result.log_path}):\n{tail(result.log_path)}", file=sys.stderr)
    return result


def run_benchmark(args: argparse.Namespace) -> int:
    """Serve, time extraction, crawl, report. Returns the exit status."""
    try:
        naeb_dir = find_naeb_dir(args.naeb)
    except DatasetMissingError as exc:
        print(f"python -m benchmarks.crawl: {exc}", file=sys.stderr)
        return 2
    if args.pages < 1 or args.repeat < 1:
        print("python -m benchmarks.crawl: --pages and --repeat must be >= 1", file=sys.stderr)
        return 2
    names = chosen_crawlers(args)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newscrawl-crawlbench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with start_server_process(naeb_dir, args.pages) as server:
        print(f"serving {args.pages} pages at {server.base_url}", file=sys.stderr, flush=True)
        extraction = time_extraction(naeb_dir, args.pages, args.extract_sample, server.base_url)
        load_before = os.getloadavg()[0]
        runs = run_crawlers(args, names, server, workdir)
        load_after = os.getloadavg()[0]
    results = best_runs(runs)
    # The memory analysis is of the first newscrawl → SQLite variant run (--memory runs one).
    ours = next((r for r in results if r.name in ("newscrawl-sqlite", *EXTRACT_PROCESSES)), None)
    memory = None
    if args.memory and ours is not None:
        memory = analyse_memory(ours.samples, ours.progress, ours.peak_rss_kb)
    print(render_report(args, results, extraction, memory, (load_before, load_after)))
    if args.json:
        parameters = {
            "pages": args.pages, "concurrency": args.concurrency, "crawlers": names,
            "repeat": args.repeat, "load_average_before": load_before,
            "load_average_after": load_after, "cpu_count": os.cpu_count(),
        }  # fmt: skip
        payload = as_json(runs, extraction, memory, parameters)
        args.json.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    failed = [r for r in runs if not r.ok]
    if args.keep or failed:
        print(f"work directory kept: {workdir}", file=sys.stderr)
    elif args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed or not results else 0


def render_report(
    args: argparse.Namespace,
    results: Sequence[CrawlResult],
    extraction: dict[str, float],
    memory: Any,
    load: tuple[float, float],
) -> str:
    """The Markdown report: the command, the table, the headline figures."""
    command = "python -m benchmarks.crawl " + " ".join(getattr(args, "argv", []))
    sample = min(args.extract_sample, args.pages)
    lines = [f"`{command.strip()}`", "", crawl_table(results), ""]
    if args.repeat > 1:
        lines.append(f"- best of {args.repeat} runs per crawler, run in rotation")
    lines += summary_lines(results, extraction, sample)
    lines.append(load_line(*load, os.cpu_count() or 1))
    if args.memory:
        lines += memory_lines(memory, args.pages)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m benchmarks.crawl``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv  # echoed in the report, which shows the command that produced it
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run_benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
