"""The crawl benchmark (``python -m benchmarks.crawl``): its parts, and a small run end to end.

The end-to-end test crawls 30 naeb pages with the ceiling, newscrawl (SQLite) and the peer, and
checks that every crawler stored exactly the pages served; it makes no timing assertion. It is
skipped when the naeb dataset is absent.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import crawl
from benchmarks.crawlbench.corpus import (
    Corpus,
    DatasetMissingError,
    find_naeb_dir,
    mark_copy,
    page_index,
    page_path,
    with_base_url,
)
from benchmarks.crawlbench.memory import analyse_memory, items_at
from benchmarks.crawlbench.report import LABELS, cpu_ratio, crawl_table, ratio, summary_lines
from benchmarks.crawlbench.runner import (
    CrawlResult,
    RssSample,
    _TreeWatch,
    descendants,
    read_cpu_s,
    read_rss_kb,
)
from benchmarks.crawlbench.server import CorpusServer

ARTICLE = (
    b"<html><head><title>A story</title></head><body><h1>A story</h1><p>One.</p></body></html>"
)


def _naeb_or_skip() -> Path:
    try:
        return find_naeb_dir()
    except DatasetMissingError as exc:
        pytest.skip(f"naeb dataset absent: {exc}")


# -- corpus ------------------------------------------------------------------------------------


def test_each_copy_gets_its_own_token_in_title_heading_and_paragraphs() -> None:
    marked = mark_copy(ARTICLE, 7)
    assert marked.count(b" ref7</") == 3
    assert mark_copy(ARTICLE, 8) != marked


def test_base_url_goes_first_in_the_head_so_relative_links_keep_their_site() -> None:
    page = b'<html><head lang="en"><link rel="canonical" href="/a-story"></head></html>'
    based = with_base_url(page, "https://news.example/x?a=1&b=2")
    assert based.startswith(
        b'<html><head lang="en"><base href="https://news.example/x?a=1&amp;b=2">'
    )
    assert with_base_url(page, None) == page
    assert with_base_url(b"<p>no head</p>", "https://e.example/").startswith(b"<base ")


def test_a_pages_own_base_is_resolved_against_its_original_url_and_disabled() -> None:
    page = b'<html><head><BASE href="/"><base href="/other/"><title>T</title></head></html>'
    based = with_base_url(page, "https://news.example/a/story")
    assert based.count(b'<base href="https://news.example/">') == 1
    assert b'<x-base href="/">' in based and b'<x-base href="/other/">' in based


def test_page_paths_round_trip_and_other_paths_are_not_pages() -> None:
    assert page_index(page_path(42)) == 42
    assert page_index("/robots.txt") is None
    assert page_index("/2024/05/story-number-x.html") is None


def test_corpus_replicates_base_pages_to_reach_its_size() -> None:
    corpus = Corpus([ARTICLE, ARTICLE.replace(b"One", b"Two")], size=5)
    assert b"One" in corpus.page(0) and b"Two" in corpus.page(1) and b"One" in corpus.page(4)
    assert len({corpus.page(i) for i in range(5)}) == 5
    assert corpus.page(5) is None and corpus.page(-1) is None


def test_sitemaps_list_every_page_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("benchmarks.crawlbench.corpus.SITEMAP_CHUNK", 2)
    corpus = Corpus([ARTICLE], size=5)
    base = "http://127.0.0.1:1"
    assert corpus.sitemap_count == 3
    assert corpus.sitemap_index(base).count("<sitemap>") == 3
    listed = "".join(corpus.sitemap(base, k) or "" for k in range(3))
    assert [listed.count(f"{base}{page_path(i)}<") for i in range(5)] == [1] * 5
    assert corpus.sitemap(base, 3) is None
    assert f"Sitemap: {base}/sitemap_index.xml" in corpus.robots_txt(base)


def test_missing_dataset_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetMissingError, match="--naeb"):
        find_naeb_dir(tmp_path)


# -- server ------------------------------------------------------------------------------------


@pytest.fixture
def corpus_server() -> Iterator[CorpusServer]:
    server = CorpusServer(Corpus([ARTICLE], size=3))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_server_serves_robots_sitemaps_and_pages_and_counts_pages(
    corpus_server: CorpusServer,
) -> None:
    base = corpus_server.base_url
    assert b"sitemap_index.xml" in _get(base + "/robots.txt")[1]
    assert page_path(2).encode() in _get(base + "/sitemap-0.xml")[1]
    status, body = _get(base + page_path(1))
    assert status == 200 and b"ref1</h1>" in body
    assert _get(base + page_path(3))[0] == 404
    assert _get(base + "/__served") == (200, b"1")


# -- measurements and report -------------------------------------------------------------------


def test_a_run_that_lost_pages_is_a_failure_not_a_rate() -> None:
    lost = CrawlResult("newscrawl-sqlite", expected=30, stored=28, rejected=1, returncode=0)
    lost.crawl_s = 1.0
    assert not lost.ok
    assert lost.problem() == "stored 28 (+1 rejected as not articles) of 30 pages: 1 lost"
    ceiling = CrawlResult("ceiling", expected=30, stored=30, returncode=0, crawl_s=1.0)
    assert ceiling.ok and ceiling.pages_per_s == 30.0
    assert ratio(lost, ceiling) is None
    table = crawl_table([ceiling, lost])
    assert "FAILED: stored 28" in table and "| 30.0 |" in table


def test_pages_rejected_as_not_articles_are_accounted_for_and_shown() -> None:
    result = CrawlResult("newscrawl-sqlite", expected=30, stored=28, rejected=2, returncode=0)
    result.crawl_s = 2.0
    assert result.ok and result.pages_per_s == 15.0
    assert "28/30 (+2 not articles)" in crawl_table([result])


def test_a_crashed_crawler_is_a_failure() -> None:
    crashed = CrawlResult("peer", expected=30, stored=30, returncode=1, crawl_s=1.0)
    assert not crashed.ok and crashed.problem() == "exit status 1"


def test_ratio_compares_pages_per_second() -> None:
    fast = CrawlResult("newscrawl-sqlite", expected=100, stored=100, returncode=0, crawl_s=2.0)
    slow = CrawlResult("peer", expected=100, stored=100, returncode=0, crawl_s=8.0)
    assert ratio(fast, slow) == pytest.approx(4.0)


def test_cpu_ratio_compares_cpu_time_per_page() -> None:
    ours = CrawlResult("newscrawl-sqlite", expected=100, stored=100, returncode=0)
    ours.crawl_s, ours.crawl_cpu_s = 10.0, 2.0
    ceiling = CrawlResult("ceiling", expected=100, stored=100, returncode=0)
    ceiling.crawl_s, ceiling.crawl_cpu_s = 1.0, 0.5
    assert ours.cpu_ms_per_page == pytest.approx(20.0)
    assert cpu_ratio(ceiling, ours) == pytest.approx(0.25)


def test_best_runs_keep_the_fastest_run_unless_one_failed() -> None:
    def run(name: str, stored: int, seconds: float) -> CrawlResult:
        return CrawlResult(name, expected=10, stored=stored, returncode=0, crawl_s=seconds)

    slow, fast = run("ceiling", 10, 2.0), run("ceiling", 10, 1.0)
    good, lost = run("peer", 10, 1.0), run("peer", 9, 0.5)
    assert crawl.best_runs([slow, good, fast, lost]) == [fast, lost]


def test_items_at_interpolates_progress_over_time() -> None:
    progress = [{"t": 10.0, "items": 0}, {"t": 20.0, "items": 100}]
    assert items_at(progress, 15.0) == pytest.approx(50.0)
    assert items_at(progress, 5.0) is None
    assert items_at(progress, 25.0) == 100.0


def test_memory_growth_is_measured_after_the_warmup_pages() -> None:
    # 10 pages a second; RSS rises 1 MB per 100 pages after a flat start.
    progress = [{"t": float(t), "items": 10 * t} for t in range(0, 301)]
    samples = [RssSample(float(t), (100 + max(0, 10 * t - 1000) // 100) * 1024) for t in range(301)]
    report = analyse_memory(samples, progress, warmup_pages=1000)
    assert report is not None
    assert report.at_warmup_mb == pytest.approx(100.0)
    assert report.growth_after_warmup_mb == pytest.approx(20.0)
    assert report.trend_mb_per_1000_pages == pytest.approx(10.0, rel=0.05)
    assert report.peak_mb == pytest.approx(120.0)


def test_rss_of_a_live_and_of_a_missing_process() -> None:
    import os

    assert (read_rss_kb(os.getpid()) or 0) > 0
    assert read_rss_kb(2**22 + 12345) is None


def test_descendants_and_their_cpu_time_are_found() -> None:
    import os
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", "import time\nwhile True: time.sleep(1)"], stdin=subprocess.DEVNULL
    )
    try:
        assert child.pid in descendants(os.getpid())
        watch = _TreeWatch()
        assert watch.sample(os.getpid()) > 0  # the child's RSS
        assert child.pid in watch.cpu_s
    finally:
        child.kill()
        child.wait()
    assert (read_cpu_s(os.getpid()) or 0) > 0
    assert read_cpu_s(2**22 + 12345) is None


def test_workers_cpu_counts_in_cpu_time_per_page() -> None:
    result = CrawlResult("newscrawl-sqlite", 100, stored=100, returncode=0, crawl_cpu_s=1.0)
    result.children_cpu_s = 1.5
    assert result.cpu_ms_per_page == pytest.approx(25.0)


def test_only_known_crawlers_can_be_chosen() -> None:
    args = crawl.build_parser().parse_args(["--crawlers", "peer,ceiling", "--no-postgres"])
    assert crawl.chosen_crawlers(args) == ["ceiling", "peer"]
    memory = crawl.build_parser().parse_args(["--memory"])
    assert crawl.chosen_crawlers(memory) == ["newscrawl-sqlite"]
    everything = crawl.build_parser().parse_args([])
    assert "newscrawl-inprocess" not in crawl.chosen_crawlers(everything)
    assert "newscrawl-pool" not in crawl.chosen_crawlers(everything)
    optional = crawl.build_parser().parse_args(["--crawlers", "newscrawl-pool,newscrawl-inprocess"])
    assert crawl.chosen_crawlers(optional) == ["newscrawl-inprocess", "newscrawl-pool"]
    with pytest.raises(SystemExit):
        crawl.chosen_crawlers(crawl.build_parser().parse_args(["--crawlers", "scrapy"]))


class _Server:
    """What ``crawl_spec`` asks of the page server: its URLs."""

    def url(self, path: str) -> str:
        return "http://127.0.0.1:1" + path


def test_the_in_process_and_pool_variants_fix_the_number_of_workers(tmp_path: Path) -> None:
    def processes(name: str, pool_processes: int = 1) -> str | None:
        spec = crawl.crawl_spec(name, _Server(), tmp_path, None, pool_processes)  # type: ignore[arg-type]
        return spec.settings.get("NEWSCRAWL_EXTRACT_PROCESSES")

    assert processes("newscrawl-inprocess") == "0"
    assert processes("newscrawl-pool") == "1"
    assert processes("newscrawl-pool", pool_processes=2) == "2"
    assert processes("newscrawl-inprocess", pool_processes=2) == "0"
    assert processes("newscrawl-sqlite") is None  # the project's default ("auto")
    assert crawl.build_parser().parse_args(["--pool-processes", "2"]).pool_processes == 2


def test_newscrawl_crawlers_keep_the_projects_extensions_beside_the_stats_file(
    tmp_path: Path,
) -> None:
    def extensions(name: str) -> dict[str, int]:
        spec = crawl.crawl_spec(name, _Server(), tmp_path, None)  # type: ignore[arg-type]
        settings = {**crawl.common_settings(crawl.build_parser().parse_args([])), **spec.settings}
        return json.loads(settings["EXTENSIONS"])

    assert extensions("newscrawl-sqlite") == {
        "pipelines.collector.CollectorTuning": 0,
        "benchmarks.crawlbench.statsfile.StatsFile": 0,
    }
    assert extensions("peer") == {"benchmarks.crawlbench.statsfile.StatsFile": 0}


def test_the_summary_gives_the_targets_of_each_newscrawl_variant_that_ran() -> None:
    def run(name: str, seconds: float) -> CrawlResult:
        return CrawlResult(name, expected=100, stored=100, returncode=0, crawl_s=seconds)

    results = [run("ceiling", 1.0), run("newscrawl-pool", 1.6), run("peer", 8.0)]
    lines = summary_lines(results, {}, 0)
    assert lines[0].startswith(f"- {LABELS['newscrawl-pool']} runs at 62% of the ceiling")
    assert "target ≥ 50%: met" in lines[0]
    assert "5.00× the peer's pages/s" in lines[1]
    assert not any(LABELS["newscrawl-sqlite"] + " " in line for line in lines)


def test_the_summary_splits_newscrawls_cpu_time_between_its_processes() -> None:
    ours = CrawlResult(
        "newscrawl-sqlite", expected=100, stored=100, returncode=0, crawl_s=1.0,
        crawl_cpu_s=0.8, children_cpu_s=1.2,
        stats={"newscrawl/extraction/shared_with_crawler": 30},
    )  # fmt: skip
    (line,) = summary_lines([ours], {}, 0)
    assert line == (
        f"- {LABELS['newscrawl-sqlite']}: the crawler's process 8.0 CPU ms/page, its analysis "
        "workers 12.0; 30 of 100 pages analysed in the crawler's process"
    )


# -- end to end --------------------------------------------------------------------------------


@pytest.mark.datasets
def test_benchmark_runs_end_to_end_and_every_crawler_stores_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    naeb = _naeb_or_skip()
    report_file = tmp_path / "report.json"
    status = crawl.main(
        [
            "--pages", "30", "--naeb", str(naeb), "--no-postgres", "--extract-sample", "3",
            "--crawlers", "ceiling,newscrawl-sqlite,peer", "--log-level", "WARNING",
            "--workdir", str(tmp_path / "work"), "--json", str(report_file),
        ]
    )  # fmt: skip
    output = capsys.readouterr()
    assert status == 0, output.err[-3000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    stored = {c["name"]: c["stored"] for c in report["crawls"]}
    assert stored == {"ceiling": 30, "newscrawl-sqlite": 30, "peer": 30}
    assert all(c["ok"] and c["peak_rss_mb"] > 0 for c in report["crawls"])
    assert set(report["extraction_ms_per_page"]) == {"newscrawl", "trafilatura"}
    assert "| newscrawl → SQLite | 30/30 |" in output.out


def test_row_counts_quote_the_table_name(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "bench.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute('CREATE TABLE "odd name" (id INTEGER)')
        connection.executemany('INSERT INTO "odd name" VALUES (?)', [(1,), (2,)])
    assert crawl.count_rows_sqlite(database, "odd name") == 2


def test_row_count_of_a_missing_sqlite_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        crawl.count_rows_sqlite(tmp_path / "absent.sqlite", "articles")


def test_unreachable_postgres_is_skipped_without_logging_its_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = "postgresql+psycopg://bench:s3cret@127.0.0.1:1/none?connect_timeout=2"
    with crawl.fresh_postgres_schema(url) as pinned:
        assert pinned is None
    assert "s3cret" not in caplog.text
    assert "PostgreSQL not available" in caplog.text


def test_fresh_postgres_schema_is_created_and_dropped(postgres_url: str) -> None:
    import sqlalchemy as sa

    def schemas() -> list[str]:
        engine = sa.create_engine(postgres_url, poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            names = connection.execute(sa.text("SELECT nspname FROM pg_namespace")).scalars()
            found = list(names)
        engine.dispose()
        return found

    with crawl.fresh_postgres_schema(postgres_url) as pinned:
        assert pinned is not None
        schema = sa.engine.make_url(pinned).query["options"].removeprefix("-csearch_path=")
        assert schema.startswith("crawlbench_") and schema in schemas()
    assert schema not in schemas()


def test_an_interrupted_benchmark_leaves_no_crawler_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from benchmarks.crawlbench import runner

    started: list[Any] = []

    def interrupted(process: Any, *_args: Any) -> None:
        started.append(process)
        raise KeyboardInterrupt

    monkeypatch.setattr(
        runner, "scrapy_command", lambda *_: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    monkeypatch.setattr(runner, "_wait_sampling", interrupted)
    spec = runner.CrawlSpec("sleeper", "news", {}, {}, lambda stats: 0)
    with pytest.raises(KeyboardInterrupt):
        runner.run_crawl(spec, 1, tmp_path, {})
    (process,) = started
    assert process.returncode == -9
