"""``newscrawl demo``: serve the bundled demo site on loopback, crawl it, print a summary.

Works offline on a fresh machine: the site (:mod:`newscrawl.demo.pages`) is served by
:class:`newscrawl.localsite.LocalSite` on a free ``127.0.0.1`` port, and the real ``news`` spider
and pipelines crawl it from its ``robots.txt`` and home page into the database given by ``--db``.
The spider is looked up by name through Scrapy's spider loader, so this package never imports
the ``spiders`` or ``pipelines`` packages.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.localsite import LocalSite

HELP = "serve a bundled demo news site on loopback, crawl it into a database, print a summary"
DEFAULT_DB = "sqlite:///newscrawl.db"
SPIDER = "news"
SETTINGS_MODULE = "newscrawl.settings"
# The demo site's URLs include its port: the same port on every run means a second run updates
# the same articles (and shows "unchanged") instead of storing a second copy under new URLs.
PREFERRED_PORT = 8765

# The site is on loopback and ours: no politeness delays, full speed, no telnet console.
DEMO_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "TELNETCONSOLE_ENABLED": False,
    "NEWSCRAWL_FLUSH_INTERVAL": 0.2,
    "LOG_LEVEL": "WARNING",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLAlchemy URL to store into (default {DEFAULT_DB})"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help=f"port for the demo site (default {PREFERRED_PORT}, or any free port if it is taken)",
    )


@dataclass(frozen=True)
class Summary:
    """What a demo crawl did, from its Scrapy stats."""

    articles: int
    created: int
    updated: int
    unchanged: int
    comments: int
    duplicate_urls: int
    duplicate_contents: int
    pages_fetched: int
    not_modified: int
    unchanged_lastmod: int
    fetch_failures: int
    other_drops: int
    store_failures: int
    seconds: float

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any], seconds: float) -> Summary:
        def value(key: str) -> int:
            return int(stats.get(key, 0) or 0)

        def total(prefix: str, exclude: tuple[str, ...] = ()) -> int:
            return sum(
                int(v)
                for k, v in stats.items()
                if k.startswith(prefix) and k.removeprefix(prefix) not in exclude
            )

        return cls(
            articles=value("newscrawl/store/written"),
            created=value("newscrawl/store/articles_created"),
            updated=value("newscrawl/store/articles_updated"),
            unchanged=value("newscrawl/store/articles_unchanged"),
            comments=value("newscrawl/store/comments_added"),
            duplicate_urls=value("newscrawl/dropped/duplicate_url"),
            duplicate_contents=value("newscrawl/dropped/duplicate_content"),
            pages_fetched=value("downloader/response_count"),
            # Known pages the incremental middleware found unchanged (304 or same content):
            # accounted for, with nothing to write.
            not_modified=value("newscrawl/incremental/not_modified")
            + value("newscrawl/incremental/unchanged"),
            # Known pages a sitemap's lastmod showed unchanged: not even fetched.
            unchanged_lastmod=value("newscrawl/skipped/unchanged_lastmod"),
            fetch_failures=total("newscrawl/fetch_failed/"),
            other_drops=total("newscrawl/dropped/", ("duplicate_url", "duplicate_content")),
            store_failures=value("newscrawl/store/spilled"),
            seconds=seconds,
        )

    @property
    def ok(self) -> bool:
        """The crawl stored (or found unchanged) articles and lost none."""
        return (self.articles > 0 or self.unchanged_pages > 0) and self.store_failures == 0

    @property
    def unchanged_pages(self) -> int:
        """Known pages found unchanged: by a 304 or the same content, or by sitemap lastmod."""
        return self.not_modified + self.unchanged_lastmod

    def render(self, site_url: str, database: str) -> str:
        duplicates = self.duplicate_urls + self.duplicate_contents
        lines = [
            f"newscrawl demo: crawled {site_url} in {self.seconds:.1f} s",
            f"  articles stored:     {self.articles} ({self.created} new, {self.updated} updated,"
            f" {self.unchanged} unchanged)",
            f"  unchanged pages:     {self.unchanged_pages} ({self.not_modified} answered 304 or"
            f" same content, {self.unchanged_lastmod} not fetched: sitemap lastmod)",
            f"  comments added:      {self.comments}",
            f"  duplicates dropped:  {duplicates} ({self.duplicate_urls} same URL,"
            f" {self.duplicate_contents} same content)",
            f"  responses:           {self.pages_fetched}",
            f"  failures:            {self.fetch_failures} fetch, {self.other_drops} dropped,"
            f" {self.store_failures} not stored",
            f"  database:            {database}",
        ]
        if database.startswith("sqlite:///"):
            path = database.removeprefix("sqlite:///")
            lines.append(
                f'  look inside:         sqlite3 {path} "SELECT title, updated_at FROM articles"'
            )
        return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from newscrawl.db.engine import masked
    from newscrawl.demo.pages import build_site

    verbose = bool(getattr(args, "verbose", False))
    problem = _database_problem(args.db)
    if problem:
        print(f"newscrawl demo: {problem}", file=sys.stderr)
        return 2
    try:
        site = _start_site(args.port)
    except OSError as exc:
        print(f"newscrawl demo: cannot listen on port {args.port}: {exc}", file=sys.stderr)
        return 2
    try:
        site.set_pages(build_site(site.base_url))
        start_urls = [site.url("/robots.txt"), site.url("/")]
        started = time.monotonic()
        stats = crawl(start_urls, args.db, verbose=verbose)
        summary = Summary.from_stats(stats, time.monotonic() - started)
        print(summary.render(site.base_url, masked(args.db)))
    finally:
        site.stop()
    if not summary.ok:
        print("newscrawl demo: the crawl did not store every article; see the log above",
              file=sys.stderr)
        return 1
    return 0


def _database_problem(url: str) -> str | None:
    """Why ``url`` cannot be stored to (checked before serving and crawling), or ``None``."""
    import sqlalchemy as sa

    from newscrawl.db import make_engine

    try:
        make_engine(url).dispose()
    except (ValueError, sa.exc.ArgumentError, ImportError) as exc:
        return f"--db: {exc}"
    return None


def _start_site(port: int | None) -> LocalSite:
    """The demo site on ``port``; without one, on PREFERRED_PORT or else any free port."""
    from newscrawl.localsite import LocalSite

    if port is not None:
        return LocalSite(port=port).start()
    try:
        return LocalSite(port=PREFERRED_PORT).start()
    except OSError:
        return LocalSite(port=0).start()


def crawl(start_urls: list[str], database_url: str, *, verbose: bool = False) -> dict[str, Any]:
    """Run the ``news`` spider over ``start_urls`` into ``database_url``; return its stats.

    Starts (and stops) the Twisted reactor, so it can run once per process.
    """
    # The settings module must be found from any working directory, not only the repo root.
    os.environ["SCRAPY_SETTINGS_MODULE"] = SETTINGS_MODULE
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    level = "INFO" if verbose else DEMO_SETTINGS["LOG_LEVEL"]
    overrides = {**DEMO_SETTINGS, "DATABASE_URL": database_url, "LOG_LEVEL": level}
    root = logging.getLogger()
    if root.handlers:
        # The CLI has configured logging already: a second root handler from Scrapy would print
        # every line twice, so Scrapy logs through the CLI's handlers, filtered to LOG_LEVEL.
        overrides["LOG_INSTALL_ROOT_HANDLER"] = False
        for handler in root.handlers:
            handler.setLevel(level)
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SPIDER)
    process.crawl(crawler, start_urls=",".join(start_urls))
    process.start()
    return dict(crawler.stats.get_stats() if crawler.stats else {})
