"""Store: hand articles to the database's write-behind batcher, never waiting on the database.

``open_spider`` (in a thread, off the reactor) creates or upgrades the schema when
``NEWSCRAWL_AUTO_MIGRATE`` is on, records a ``crawl_runs`` row and starts a
:class:`newscrawl.db.BatchWriter`. ``process_item`` only submits. ``close_spider`` flushes and
joins the writer in a thread, copies its figures to the Scrapy stats (``newscrawl/store/…``) and
logs an ERROR if any batch had to be spilled to a file (load it later with ``newscrawl replay``).
When the spider has closed, the run's row gets its status (Scrapy's close reason, such as
``finished``, with ``_with_errors`` appended when articles were spilled or lost) and the crawl's
stats as JSON.

Settings: ``DATABASE_URL`` (else ``$NEWSCRAWL_DATABASE_URL``, else ``sqlite:///newscrawl.db``),
``NEWSCRAWL_BATCH_SIZE``, ``NEWSCRAWL_FLUSH_INTERVAL``, ``NEWSCRAWL_WRITE_RETRIES``,
``NEWSCRAWL_WRITE_BACKOFF``, ``NEWSCRAWL_MAX_PENDING`` (0 or unset: ten batches),
``NEWSCRAWL_SPILL_DIR``, ``NEWSCRAWL_AUTO_MIGRATE``,
``NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD`` (0 turns near-duplicate linking off) and
``NEWSCRAWL_NEAR_DUPLICATE_WINDOW_DAYS``, and ``NEWSCRAWL_SITE_LABEL``: the schedule file's
name for the site, which ``newscrawl schedule`` passes to each crawl it starts and which is
recorded in ``crawl_runs.site`` (unset for a crawl started by hand: the column stays null).

The pipeline's ``store`` and ``writer`` are also what the incremental middleware
(:mod:`pipelines.incremental`) reads page states from and writes them through, so that states
and articles share batches and transactions.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import run_in_thread

logger = logging.getLogger(__name__)

# How long closing waits for a still-running opening (schema upgrade, first connection).
OPEN_WAIT_SECONDS = 120.0
# The scheduler's name for the crawled site, set by newscrawl.schedule on each crawl it starts
# (the same name as newscrawl.schedule.launcher.SITE_LABEL_SETTING; pipelines may import
# newscrawl, but newscrawl never imports pipelines).
SITE_LABEL_SETTING = "NEWSCRAWL_SITE_LABEL"


@dataclass(frozen=True)
class StoreSettings:
    """The store pipeline's settings, read once from the crawler."""

    database_url: str
    batch_size: int
    flush_interval: float
    retries: int
    backoff: float
    spill_dir: Path
    auto_migrate: bool
    near_duplicate_threshold: float = 0.8
    near_duplicate_window_days: float = 30.0
    # None lets BatchWriter pick its default (ten batches).
    max_pending: int | None = None
    # The scheduler's site name (crawl_runs.site); None for a crawl started by hand.
    site_label: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreSettings:
        from newscrawl.db import resolve_database_url

        settings = crawler.settings
        return cls(
            database_url=resolve_database_url(settings.get("DATABASE_URL")),
            batch_size=settings.getint("NEWSCRAWL_BATCH_SIZE", 100),
            flush_interval=settings.getfloat("NEWSCRAWL_FLUSH_INTERVAL", 1.0),
            retries=settings.getint("NEWSCRAWL_WRITE_RETRIES", 5),
            backoff=settings.getfloat("NEWSCRAWL_WRITE_BACKOFF", 0.5),
            spill_dir=Path(settings.get("NEWSCRAWL_SPILL_DIR") or "spill"),
            auto_migrate=settings.getbool("NEWSCRAWL_AUTO_MIGRATE", True),
            near_duplicate_threshold=settings.getfloat("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD", 0.8),
            near_duplicate_window_days=settings.getfloat(
                "NEWSCRAWL_NEAR_DUPLICATE_WINDOW_DAYS", 30.0
            ),
            max_pending=settings.getint("NEWSCRAWL_MAX_PENDING", 0) or None,
            site_label=(settings.get(SITE_LABEL_SETTING) or "").strip() or None,
        )

    def near_duplicates(self) -> Any:
        """The store's :class:`~newscrawl.neardup.NearDuplicateSettings`, or ``None`` when
        linking is off (threshold 0). A window of 0 days loads every signature. Raises
        ``ValueError`` for a threshold above 1."""
        if self.near_duplicate_threshold <= 0:
            return None
        from newscrawl.neardup import NearDuplicateSettings

        days = self.near_duplicate_window_days
        return NearDuplicateSettings(
            threshold=self.near_duplicate_threshold,
            window=timedelta(days=days) if days > 0 else None,
        )


class StorePipeline:
    """Submits articles to a :class:`newscrawl.db.BatchWriter`; records the crawl run."""

    def __init__(self, crawler: Crawler, settings: StoreSettings) -> None:
        self.crawler = crawler
        self.settings = settings
        self.engine: Any = None
        self.store: Any = None
        self.writer: Any = None
        self.run_id: int | None = None
        self.writer_stats: Any = None
        self.spill_path: Path | None = None
        # Set when ``_open`` has finished (or failed): a shutdown signal can arrive while the
        # schema upgrade is still running, and closing must not race the opening.
        self._open_done = threading.Event()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler, StoreSettings.from_crawler(crawler))
        # The run's final status and stats are known only once the spider has closed.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    async def open_spider(self) -> None:
        """Prepare the database and start the writer, off the reactor thread."""
        await run_in_thread(self._open)

    def _open(self) -> None:
        try:
            self._open_store_and_writer()
        finally:
            self._open_done.set()

    async def _wait_until_opened(self) -> None:
        if not self._open_done.is_set():
            await run_in_thread(self._open_done.wait, OPEN_WAIT_SECONDS)

    def _open_store_and_writer(self) -> None:
        from newscrawl.db import ArticleStore, BatchWriter, make_engine, upgrade_database

        spider_name = self._spider_name()
        logger.info("storing articles in %s", mask_password(self.settings.database_url))
        self.engine = make_engine(self.settings.database_url)
        if self.settings.auto_migrate:
            upgrade_database(self.engine)
        self.store = ArticleStore(self.engine, near_duplicates=self.settings.near_duplicates())
        self.run_id = self.store.start_run(spider_name, site=self.settings.site_label)
        spill_name = f"{spider_name}-run{self.run_id}-{_timestamp()}.spill.jsonl"
        self.spill_path = self.settings.spill_dir / spill_name
        self.writer = BatchWriter(
            self.store,
            batch_size=self.settings.batch_size,
            flush_interval=self.settings.flush_interval,
            retries=self.settings.retries,
            backoff=self.settings.backoff,
            max_pending=self.settings.max_pending,
            spill_path=self.spill_path,
        )
        self.writer.start()

    def process_item(self, item: Any) -> Any:
        """Queue the article for writing; returns at once."""
        self.writer.submit(item)
        self._inc("submitted")
        return item

    async def close_spider(self) -> None:
        """Flush and stop the writer in a thread, then report what it wrote."""
        await self._wait_until_opened()
        if self.writer is None:
            return
        self.writer_stats = await run_in_thread(self.writer.close)
        figures = _as_dict(self.writer_stats)
        for name, value in figures.items():
            if name != "submitted" and isinstance(value, int | float):
                self.crawler.stats.set_value(f"newscrawl/store/{name}", value)
        logger.info("store: %s", ", ".join(f"{k}={v}" for k, v in figures.items()))
        spilled = figures.get("spilled", 0)
        if figures.get("lost", 0):
            logger.error(
                "%d article(s) could be neither written nor spilled; see the errors above",
                figures["lost"],
            )
        if spilled:
            logger.error(
                "%d article(s) could not be written to %s and were saved to %s; load them "
                "with `newscrawl replay %s` once the database is back",
                spilled,
                mask_password(self.settings.database_url),
                self.spill_path,
                self.spill_path,
            )

    async def spider_closed(self, spider: Any, reason: str) -> None:
        """Record the run's status and the crawl's stats in ``crawl_runs``."""
        await self._wait_until_opened()
        if self.store is None or self.run_id is None:
            return
        figures = _as_dict(self.writer_stats) if self.writer_stats is not None else {}
        status = run_status(reason, figures)
        # A copy taken here, on the reactor thread: the live dict may still change while the
        # thread reads it. finish_run makes it JSON-safe (datetimes as ISO 8601 and so on).
        stats = dict(self.crawler.stats.get_stats())
        try:
            await run_in_thread(self.store.finish_run, self.run_id, status, stats)
        except Exception:  # the crawl's data is already written; only the summary row is lost
            logger.exception("could not record the end of crawl run %s", self.run_id)
        finally:
            await run_in_thread(self.engine.dispose)

    def _spider_name(self) -> str:
        spider = getattr(self.crawler, "spider", None) or getattr(self.crawler, "spidercls", None)
        return getattr(spider, "name", None) or "unknown"

    def _inc(self, name: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/store/{name}")


def run_status(reason: str, writer_figures: dict[str, Any]) -> str:
    """The ``crawl_runs.status`` of a run that closed for ``reason``.

    Articles in the spill file (or lost) make the run incomplete, whatever Scrapy's reason:
    ``finished`` becomes ``finished_with_errors``.
    """
    incomplete = writer_figures.get("spilled", 0) or writer_figures.get("lost", 0)
    return f"{reason}_with_errors" if incomplete else reason


def mask_password(url: str) -> str:
    """``url`` with any password replaced by ``***``, safe for logs (see
    :func:`newscrawl.db.engine.masked`)."""
    from newscrawl.db.engine import masked

    return masked(url)


def _as_dict(stats: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(stats) and not isinstance(stats, type):
        return dataclasses.asdict(stats)
    if isinstance(stats, dict):
        return dict(stats)
    return {}


def _timestamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
