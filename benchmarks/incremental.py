"""Incremental crawl benchmark: the first crawl of a site against a second crawl of it unchanged.

    python -m benchmarks.incremental [--pages N] [--naeb DIR] [--demo] [--keep DIR]

Run it from the repository root. N article pages (default 500: the naeb pages replicated, as
in ``benchmarks.crawl``, each copy marked so it is a distinct story; or the bundled demo
stories replicated with ``--demo`` or when the dataset is absent) are served from a local
:class:`~newscrawl.localsite.LocalSite` with ``robots.txt`` → sitemap index → sitemaps whose
entries carry ``<lastmod>``. ``scrapy crawl news`` runs three times into one SQLite database,
each in a subprocess of its own, with the same settings (AutoThrottle off, no delay):

1. **first**: an empty database, every page downloaded, extracted and stored;
2. **second**: the site unchanged: pages are skipped by their sitemap ``lastmod``;
3. **no-lastmod**: the sitemaps now without ``<lastmod>``: every page is asked for again, but
   conditionally (``If-None-Match``), and answered 304.

For each it prints the wall time of the process (start-up included), Scrapy's crawl time
(``elapsed_time_seconds``), the article pages whose body was downloaded (answered 200, from
the server's request log), the 304 answers, and the versions and events written; then the
ratios of the first crawl's times to the others'. The naeb pages are read from the dataset
folder at run time (``--naeb DIR``, else ``$NEWSCRAWL_DATASETS/naeb``, else
``../shared/datasets/naeb``) and never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from newscrawl.localsite import LocalSite, Page

SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "RETRY_ENABLED": "False",
    "LOG_LEVEL": "INFO",
}
_REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Site:
    """What is served: every page by path, the article paths, and how to drop ``lastmod``."""

    pages: dict[str, Page]
    articles: frozenset[str]
    start_path: str
    without_lastmod: Callable[[dict[str, Page]], dict[str, Page]]


@dataclass(frozen=True)
class Run:
    """One crawl's figures."""

    name: str
    wall_s: float
    crawl_s: float
    bodies: int
    not_modified: int
    versions: int
    events: int
    status: str | None


def naeb_site(base_url: str, pages: int, naeb: str | None) -> Site:
    """The naeb pages replicated to ``pages`` (as ``benchmarks.crawl`` serves them)."""
    from benchmarks.crawlbench.corpus import Corpus, find_naeb_dir, page_path

    corpus = Corpus.load(find_naeb_dir(naeb), pages)
    served: dict[str, Page] = {
        "/robots.txt": Page.text(corpus.robots_txt(base_url)),
        "/sitemap_index.xml": Page.xml(corpus.sitemap_index(base_url)),
    }
    for number in range(corpus.sitemap_count):
        served[f"/sitemap-{number}.xml"] = Page.xml(corpus.sitemap(base_url, number) or "")
    articles = {page_path(i) for i in range(pages)}
    for index in range(pages):
        served[page_path(index)] = Page(corpus.page(index) or b"", "text/html; charset=utf-8")
    return Site(served, frozenset(articles), "/robots.txt", _strip_lastmod)


def demo_site(base_url: str, pages: int) -> Site:
    """The bundled demo stories replicated to ``pages`` (``--demo``)."""
    import dataclasses

    from newscrawl.demo.pages import build_site, load_content

    content = load_content()
    stories = tuple(
        dataclasses.replace(
            content.stories[i % len(content.stories)],
            id=100_000 + i,
            slug=f"story-{i}",
            title=f"{content.stories[i % len(content.stories)].title}, part {i}",
        )
        for i in range(pages)
    )
    # The renderer links two bundled stories by id (short link, republished copy).
    stories = content.stories + stories[len(content.stories) :]
    content = dataclasses.replace(content, stories=stories)
    served = build_site(base_url, content)
    articles = frozenset(s.path for s in content.stories)
    return Site(served, articles, "/sitemap_index.xml", _strip_lastmod)


def _strip_lastmod(pages: dict[str, Page]) -> dict[str, Page]:
    import gzip
    import re

    pattern = re.compile(rb"<lastmod>[^<]*</lastmod>")
    changed = {}
    for path, page in pages.items():
        if "sitemap" not in path:
            continue
        body = page.body
        packed = body[:2] == b"\x1f\x8b"
        text = gzip.decompress(body) if packed else body
        stripped = pattern.sub(b"", text)
        changed[path] = Page(
            gzip.compress(stripped, mtime=0) if packed else stripped, page.content_type
        )
    return changed


def crawl(name: str, site: LocalSite, served: Site, workdir: Path, database_url: str) -> Run:
    """Run ``scrapy crawl news`` once; return its figures."""
    site.clear_log()
    cursor = _scalar(database_url, "SELECT coalesce(max(id), 0) FROM events")
    versions_before = _scalar(database_url, "SELECT count(*) FROM article_versions")
    command = [
        sys.executable, "-m", "scrapy", "crawl", "news",
        "-a", f"start_urls={site.url(served.start_path)}",
    ]
    options = {
        **SETTINGS,
        "DATABASE_URL": database_url,
        "NEWSCRAWL_SPILL_DIR": str(workdir / "spill"),
        "LOG_FILE": str(workdir / f"{name}.log"),
    }
    for key, value in options.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_REPO_ROOT), env.get("PYTHONPATH")]))
    began = time.perf_counter()
    subprocess.run(command, cwd=workdir, env=env, check=True)
    wall = time.perf_counter() - began
    status, stats = _last_run(database_url)
    requests = site.requests
    return Run(
        name=name,
        wall_s=wall,
        crawl_s=float(stats.get("elapsed_time_seconds") or 0.0),
        bodies=sum(1 for r in requests if r.status == 200 and r.path in served.articles),
        not_modified=sum(1 for r in requests if r.status == 304),
        versions=_scalar(database_url, "SELECT count(*) FROM article_versions") - versions_before,
        events=_scalar(database_url, "SELECT count(*) FROM events WHERE id > :id", id=cursor),
        status=status,
    )


def _engine(database_url: str) -> sa.Engine:
    return sa.create_engine(database_url, poolclass=sa.pool.NullPool)


def _scalar(database_url: str, query: str, **params: Any) -> int:
    """The integer ``query`` returns, its ``:name`` placeholders bound to ``params``."""
    engine = _engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(query), params).scalar() or 0)
    except sa.exc.OperationalError:  # no tables yet: the first crawl creates them
        return 0
    finally:
        engine.dispose()


def _last_run(database_url: str) -> tuple[str | None, dict[str, Any]]:
    engine = _engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT status, stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
            ).one()
    finally:
        engine.dispose()
    stats = json.loads(row.stats) if isinstance(row.stats, str) else dict(row.stats or {})
    return row.status, stats


def report(runs: Sequence[Run], articles: int) -> str:
    """The figures as a Markdown table, then the speed-ups over the first crawl."""
    lines = [
        f"Incremental crawl benchmark: {articles} article pages, SQLite",
        "",
        "| crawl | wall s | crawl s | bodies downloaded | 304s | new versions | events |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        share = f"{run.bodies} ({run.bodies / articles:.0%})"
        lines.append(
            f"| {run.name} | {run.wall_s:.2f} | {run.crawl_s:.2f} | {share} | "
            f"{run.not_modified} | {run.versions} | {run.events} |"
        )
    first = runs[0]
    lines.append("")
    for run in runs[1:]:
        lines.append(
            f"{run.name}: {first.wall_s / run.wall_s:.1f}x faster than the first crawl by wall "
            f"time, {first.crawl_s / max(run.crawl_s, 1e-9):.1f}x by crawl time"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m benchmarks.incremental``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500, help="article pages (default 500)")
    parser.add_argument("--naeb", help="the naeb dataset folder (default: see the docstring)")
    parser.add_argument("--demo", action="store_true", help="replicate the demo stories instead")
    parser.add_argument("--keep", help="work directory to keep (database, logs)")
    args = parser.parse_args(argv)
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="newscrawl-incremental-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{workdir / 'incremental.db'}"
    with LocalSite() as site:
        served = _site(site.base_url, args)
        site.set_pages(served.pages)
        runs = [crawl("first", site, served, workdir, database_url)]
        runs.append(crawl("second", site, served, workdir, database_url))
        site.set_pages(served.without_lastmod(served.pages))
        runs.append(crawl("no-lastmod", site, served, workdir, database_url))
    print(report(runs, len(served.articles)))
    print(f"\nwork directory: {workdir}")
    return 0 if all(run.status == "finished" for run in runs) else 1


def _site(base_url: str, args: argparse.Namespace) -> Site:
    if not args.demo:
        try:
            return naeb_site(base_url, args.pages, args.naeb)
        except FileNotFoundError as error:
            print(f"{error}; using the demo stories", file=sys.stderr)
    return demo_site(base_url, args.pages)


if __name__ == "__main__":
    raise SystemExit(main())
