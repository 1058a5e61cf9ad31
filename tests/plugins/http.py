"""HTTP fixtures: local sites on loopback ports, and real crawls of them in a subprocess.

Twisted's reactor cannot be restarted within one process, so each crawl runs ``scrapy crawl``
in a child process (from a temporary directory, to prove the settings module is found from
anywhere) while the site is served by a thread of the test process. What a crawl did is read
back from the database it wrote: the stored rows and the run's stats in ``crawl_runs``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import sqlalchemy as sa

from newscrawl.demo.pages import DemoContent, build_site, load_content
from newscrawl.localsite import LocalSite

# Loopback needs no politeness; the crawls must take seconds, not minutes.
FAST_CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "TELNETCONSOLE_ENABLED": "False",
    "NEWSCRAWL_FLUSH_INTERVAL": "0.2",
    "RETRY_ENABLED": "False",
    # Generous: a loaded 2-core CI machine can stall the local server for seconds.
    "DOWNLOAD_TIMEOUT": "30",
    "LOG_LEVEL": "INFO",
}
CRAWL_TIMEOUT_S = 120


@dataclass
class CrawlResult:
    """What one subprocess crawl did: its exit status, log, stored rows and stats."""

    returncode: int
    log: str
    database_url: str
    stats: dict[str, Any] = field(default_factory=dict)
    status: str | None = None

    def rows(self, query: str) -> list[sa.Row]:
        """Run ``query`` on the crawl's database."""
        engine = sa.create_engine(self.database_url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                return list(conn.execute(sa.text(query)))
        finally:
            engine.dispose()

    def article_urls(self) -> list[str]:
        """URLs of the stored articles, sorted."""
        return sorted(row.url for row in self.rows("SELECT url FROM articles"))

    def stat(self, name: str) -> int:
        """A counter from the run's stats (``newscrawl/...``), 0 when absent."""
        return int(self.stats.get(name, 0) or 0)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (for 'unreachable host' tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def crawl_command(
    start_urls: Sequence[str],
    workdir: Path,
    *,
    spider: str = "news",
    settings: dict[str, str] | None = None,
    database_url: str | None = None,
) -> tuple[list[str], dict[str, str], str]:
    """The ``scrapy crawl`` command line, its environment and its database URL."""
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = database_url or f"sqlite:///{workdir / 'crawl.db'}"
    options = {**FAST_CRAWL_SETTINGS, **(settings or {})}
    options.setdefault("DATABASE_URL", database_url)
    options.setdefault("NEWSCRAWL_SPILL_DIR", str(workdir / "spill"))
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    if start_urls:
        command += ["-a", "start_urls=" + ",".join(start_urls)]
    for name, value in options.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    env.pop("NEWSCRAWL_DATABASE_URL", None)
    return command, env, database_url


def run_crawl(
    start_urls: Sequence[str],
    workdir: Path,
    *,
    spider: str = "news",
    settings: dict[str, str] | None = None,
    database_url: str | None = None,
) -> CrawlResult:
    """Run ``scrapy crawl <spider>`` over ``start_urls`` in a subprocess; return its result."""
    command, env, database_url = crawl_command(
        start_urls, workdir, spider=spider, settings=settings, database_url=database_url
    )
    completed = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=CRAWL_TIMEOUT_S
    )
    return crawl_result(completed.returncode, completed.stdout + completed.stderr, database_url)


def crawl_result(returncode: int, log: str, database_url: str) -> CrawlResult:
    """A :class:`CrawlResult` with the stats of the database's latest crawl run."""
    result = CrawlResult(returncode, log, database_url)
    try:
        runs = result.rows("SELECT status, stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
    except sa.exc.SQLAlchemyError:
        runs = []
    if runs:
        result.status = runs[0].status
        stats = runs[0].stats
        result.stats = json.loads(stats) if isinstance(stats, str) else dict(stats or {})
    return result


def article_html(title: str) -> str:
    """A small page that any extractor reads as an article titled ``title``."""
    paragraphs = "".join(
        f"<p>{title} paragraph {i}: the quarterly figures were discussed at length by analysts "
        "who follow the company, and several of them changed their forecasts as a result.</p>"
        for i in range(8)
    )
    return (
        "<!doctype html><html><head>"
        f"<title>{title} headline</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2025-11-02T10:00:00+00:00">'
        f'</head><body><article><h1>{title} headline</h1>{paragraphs}</article></body></html>'
    )


def listing_html(links: list[str]) -> str:
    """A front page linking to ``links``."""
    items = "".join(f'<li><a href="{url}">Story {i}</a></li>' for i, url in enumerate(links))
    return (
        "<!doctype html><html><head><title>Front page</title>"
        '<meta property="og:type" content="website"></head>'
        f"<body><h1>Front page</h1><ul>{items}</ul></body></html>"
    )


def replicated_content(count: int, *, published: datetime | None = None) -> DemoContent:
    """The demo site's content with ``count`` stories: the bundled ones, then copies under new
    ids, slugs and titles (same bodies: crawl with near-duplicate linking off unless that is
    what is tested). ``published`` sets every story's publication and update time."""
    content = load_content()
    stories = []
    for index in range(count):
        story = content.stories[index % len(content.stories)]
        if index >= len(content.stories):
            story = replace(
                story,
                id=100_000 + index,
                slug=f"{story.slug}-{index}",
                title=f"{story.title}, part {index}",
            )
        if published is not None:
            story = replace(story, published=published, updated=published)
        stories.append(story)
    return replace(content, stories=tuple(stories))


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of :func:`sitemap_xml`; ``news_*`` make it a Google News entry."""

    url: str
    lastmod: str | None = None
    news_published: str | None = None
    news_title: str | None = None


def sitemap_xml(entries: Sequence[SitemapEntry]) -> str:
    """A sitemap of ``entries`` (with the Google News namespace when an entry uses it)."""
    rows = []
    for entry in entries:
        parts = [f"<loc>{escape(entry.url)}</loc>"]
        if entry.lastmod:
            parts.append(f"<lastmod>{entry.lastmod}</lastmod>")
        if entry.news_published or entry.news_title:
            parts.append(
                "<news:news><news:publication><news:name>Test</news:name>"
                "<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{entry.news_published or ''}</news:publication_date>"
                f"<news:title>{escape(entry.news_title or '')}</news:title></news:news>"
            )
        rows.append("  <url>" + "".join(parts) + "</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "".join(rows)
        + "</urlset>\n"
    )


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    """An empty :class:`LocalSite`, started; add pages with ``set_page``."""
    with LocalSite() as site:
        yield site


@pytest.fixture
def demo_site() -> Iterator[LocalSite]:
    """The bundled demo site ("Ledger Street"), served on a free loopback port."""
    with LocalSite() as site:
        site.set_pages(build_site(site.base_url))
        yield site


@pytest.fixture
def crawl(tmp_path: Path):
    """Run a crawl in a subprocess: ``crawl([urls], settings={...}, spider="news")``.

    Each call gets its own working directory and SQLite database unless ``database_url`` is
    given (pass the same URL twice to crawl into one database).
    """
    counter = iter(range(1, 1000))

    def _crawl(start_urls: Sequence[str], **kwargs: Any) -> CrawlResult:
        result = run_crawl(start_urls, tmp_path / f"crawl{next(counter)}", **kwargs)
        if result.returncode != 0:
            pytest.fail(f"crawl exited with {result.returncode}:\n{result.log[-4000:]}")
        return result

    return _crawl
