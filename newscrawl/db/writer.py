"""A write-behind worker thread: the crawler hands articles over and never waits on the database.

``submit`` only puts the article on an in-memory queue. The worker thread takes up to
``batch_size`` articles, or whatever arrived within ``flush_interval`` seconds of the first one,
and writes them in one transaction through :class:`ArticleStore`.

When a write fails:

- a *transient* error (connection refused or lost, server restarting, lock timeout, deadlock) is
  retried ``retries`` times with exponential backoff (``backoff``, 2×, 4×, … seconds); if the
  batch still fails it is appended to the spill file and an ERROR names the file and the count.
  The writer then assumes the database is down: later batches get a single attempt each (and
  may be larger) until one succeeds, so the queue cannot pile up behind minutes of backoff;
- any other error (the database refused the data) is not worth retrying: the batch is written
  one article at a time so that only the articles the database refuses are spilled.

Nothing is dropped silently: every article submitted ends up written, spilled, or counted as
``lost`` with an ERROR (only when the spill file itself cannot be written).

Page states (:meth:`BatchWriter.submit_state`, revision 0002) travel in the same queue and are
written in the same transaction as the articles of their batch. They are a cache of what the
crawler saw, not data: when their batch cannot be written they are counted as
``states_dropped`` (with a WARNING) instead of spilled, and the next crawl simply fetches
those pages again, which is also the safe outcome when their articles went to the spill file.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.db.errors import describe_error, is_transient
from newscrawl.db.rows import FetchedArticle
from newscrawl.db.spill import append_spill
from newscrawl.db.store import ArticleStore, BatchResult
from newscrawl.items import Article
from newscrawl.revisit import PageState

log = logging.getLogger(__name__)

# While the database is down, batches may grow to this many times batch_size, so that the
# queue drains into the spill file at the speed of one connection attempt per batch.
DEGRADED_BATCH_FACTOR = 10
# After close() has run out of time and told the worker to spill instead of retrying, how long
# it waits for that, at least: spilling is local disk I/O, but a database call already in
# flight has to return first (PostgreSQL connection attempts time out after 10 s).
ABANDON_GRACE_S = 30.0


@dataclass
class WriterStats:
    """Counters of a :class:`BatchWriter` (a snapshot; safe to keep).

    After ``close()``: ``submitted == written + articles_rejected + spilled + lost``, where
    ``written`` counts articles stored (created, updated or unchanged), ``articles_rejected``
    invalid articles the store skipped with a warning, ``spilled`` articles in the spill file
    and ``lost`` articles that could be neither written nor spilled (each one logged at ERROR).
    ``batches`` counts successful transactions, ``failed_batches`` spill events.
    Page states: ``states_submitted == states_saved + states_rejected + states_dropped``.
    ``duplicates_linked`` counts created articles linked to an earlier copy.
    """

    submitted: int = 0
    written: int = 0
    batches: int = 0
    retries: int = 0
    spilled: int = 0
    failed_batches: int = 0
    lost: int = 0
    articles_created: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    comments_added: int = 0
    articles_rejected: int = 0
    duplicates_linked: int = 0
    states_submitted: int = 0
    states_saved: int = 0
    states_rejected: int = 0
    states_dropped: int = 0

    @property
    def result(self) -> BatchResult:
        """The store's totals as a :class:`BatchResult`."""
        return BatchResult(
            **{f.name: getattr(self, f.name) for f in dataclasses.fields(BatchResult)}
        )

    def as_dict(self) -> dict[str, int]:
        """The counters by name (for Scrapy stats)."""
        return dataclasses.asdict(self)


class _Stop:
    """Queue marker: everything before it is to be written, then the worker ends."""


_STOP = _Stop()
_Queued = FetchedArticle | PageState


class BatchWriter:
    """Writes submitted articles in batches from a worker thread, retrying and spilling.

    Use ``start()``, then ``submit()`` from any thread, then ``close()`` once.
    """

    def __init__(
        self,
        store: ArticleStore,
        *,
        batch_size: int = 100,
        flush_interval: float = 1.0,
        retries: int = 5,
        backoff: float = 0.5,
        spill_path: Path,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if flush_interval <= 0:
            raise ValueError(f"flush_interval must be positive, got {flush_interval}")
        if retries < 0 or backoff < 0:
            raise ValueError(f"retries and backoff must not be negative, got {retries}, {backoff}")
        self.store = store
        self.spill_path = Path(spill_path)
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._retries = retries
        self._backoff = backoff
        self._queue: queue.SimpleQueue[_Queued | _Stop] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._stats = WriterStats()
        self._closed = False
        self._thread: threading.Thread | None = None
        # Set when close() runs out of time: stop retrying, spill everything that is left.
        self._abandon = threading.Event()
        # Worker-thread state: the last batch was spilled because the database was unreachable.
        self._degraded = False

    # -- the crawler's side ------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker thread."""
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("BatchWriter already started")
            self._thread = threading.Thread(
                target=self._run, name="newscrawl-db-writer", daemon=True
            )
            self._thread.start()

    def submit(self, article: Article) -> None:
        """Queue ``article`` for writing, stamped with the current time as its fetch time.

        Never waits on the database. Raises ``RuntimeError`` after :meth:`close`.
        """
        entry = FetchedArticle(article, datetime.now(timezone.utc))
        with self._lock:
            if self._closed:
                raise RuntimeError("BatchWriter is closed; the article was not queued")
            self._stats.submitted += 1
            self._queue.put(entry)

    def submit_state(self, state: PageState) -> None:
        """Queue a page state (see :mod:`newscrawl.revisit`) for writing with the next batch.

        Never waits on the database. Raises ``RuntimeError`` after :meth:`close`.
        """
        with self._lock:
            if self._closed:
                raise RuntimeError("BatchWriter is closed; the page state was not queued")
            self._stats.states_submitted += 1
            self._queue.put(state)

    def close(self, timeout: float | None = None) -> WriterStats:
        """Write (or spill) everything submitted, stop the worker and return the final stats.

        With a ``timeout``, a writer still busy after ``timeout`` seconds (database down, long
        backoff) stops retrying and spills what is left; that gets at least
        :data:`ABANDON_GRACE_S` more seconds. Without one, ``close`` waits as long as it takes.
        """
        with self._lock:
            if not self._closed:
                self._closed = True
                self._queue.put(_STOP)
            never_started = self._thread is None
        if never_started:
            self.start()
        thread = self._thread
        assert thread is not None
        thread.join(timeout)
        if thread.is_alive():
            log.error(
                "database writer still busy after %.1fs: stopping retries and spilling the "
                "remaining articles to %s",
                timeout,
                self.spill_path,
            )
            self._abandon.set()
            thread.join(max(timeout or 0.0, ABANDON_GRACE_S))
        stats = self.stats
        if thread.is_alive():
            unaccounted = (
                stats.submitted
                - stats.written
                - stats.articles_rejected
                - stats.spilled
                - stats.lost
            )
            log.error(
                "database writer did not stop; %d article(s) neither written nor spilled",
                unaccounted,
            )
        return stats

    @property
    def stats(self) -> WriterStats:
        """A snapshot of the counters."""
        with self._lock:
            return dataclasses.replace(self._stats)

    # -- the worker thread -------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                batch, stop = self._next_batch()
                if batch:
                    self._write(batch)
                if stop:
                    return
        except Exception:  # a bug here must not leave articles in memory unaccounted for
            log.exception("database writer failed; spilling the queued articles")
            self._spill(self._drain(), "the database writer failed")

    def _next_batch(self) -> tuple[list[_Queued], bool]:
        """Wait for the first article, then collect more until the batch is full or the
        flush interval has passed. The flag is True when the stop marker was reached."""
        first = self._queue.get()
        if isinstance(first, _Stop):
            return [], True
        batch = [first]
        limit = self._batch_size * (DEGRADED_BATCH_FACTOR if self._degraded else 1)
        deadline = time.monotonic() + self._flush_interval
        while len(batch) < limit:
            remaining = 0.0 if self._abandon.is_set() else deadline - time.monotonic()
            try:
                # Past the deadline, still take what is already queued, without waiting.
                item = self._queue.get(block=remaining > 0, timeout=max(remaining, 0.0) or None)
            except queue.Empty:
                break
            if isinstance(item, _Stop):
                return batch, True
            batch.append(item)
        return batch, False

    def _drain(self) -> list[_Queued]:
        items: list[_Queued] = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return items
            if not isinstance(item, _Stop):
                items.append(item)

    def _save(self, batch: Sequence[_Queued]) -> BatchResult:
        articles, states = _split(batch)
        if states:
            return self.store.save_fetched(articles, states)
        return self.store.save_fetched(articles)  # also what stores before 0002 accept

    def _write(self, batch: list[_Queued], isolate_refused: bool = True) -> None:
        """Write ``batch`` with retries; spill it if that fails (see the module docstring)."""
        if self._abandon.is_set():
            self._spill(batch, "the writer ran out of time while closing")
            return
        attempts = 1 if self._degraded else self._retries + 1
        for attempt in range(1, attempts + 1):
            try:
                result = self._save(batch)
            except Exception as error:
                if not is_transient(error):
                    if isolate_refused:
                        self._write_one_by_one(batch, error)
                    else:
                        self._spill(batch, self._describe(error))
                    return
                if attempt == attempts or self._abandon.is_set():
                    self._give_up(batch, error, attempt)
                    return
                self._wait_before_retry(batch, error, attempt, attempts)
            else:
                self._record_success(batch, result)
                return

    def _wait_before_retry(
        self, batch: Sequence[_Queued], error: Exception, attempt: int, attempts: int
    ) -> None:
        delay = self._backoff * 2 ** (attempt - 1)
        log.warning(
            "writing %d article(s) to %s failed (attempt %d of %d): %s; retrying in %.1fs",
            len(batch),
            self.store.database,
            attempt,
            attempts,
            self._describe(error),
            delay,
        )
        with self._lock:
            self._stats.retries += 1
        self._abandon.wait(delay)  # returns at once when close() gives up waiting

    def _give_up(self, batch: list[_Queued], error: Exception, attempts: int) -> None:
        if not self._degraded:
            log.error(
                "database %s unreachable after %d attempt(s); until a write succeeds again, "
                "each batch gets one attempt before it is spilled",
                self.store.database,
                attempts,
            )
        self._degraded = True
        self._spill(batch, self._describe(error))

    def _write_one_by_one(self, batch: list[_Queued], error: Exception) -> None:
        """The database refused the batch's data: find the articles it refuses, keep the rest."""
        articles, states = _split(batch)
        log.warning(
            "%s refused a batch of %d article(s) and %d page state(s) (%s); writing them one "
            "at a time",
            self.store.database,
            len(articles),
            len(states),
            self._describe(error),
        )
        refused: list[FetchedArticle] = []
        unwritten: list[_Queued] = []
        for index, entry in enumerate(articles):
            try:
                result = self.store.save_fetched([entry])
            except Exception as single_error:
                if is_transient(single_error):
                    unwritten = [*articles[index:], *states]  # the database went away meanwhile
                    break
                reason = self._describe(single_error)
                log.error("article %s refused by the database: %s", _url_of(entry), reason)
                refused.append(entry)
            else:
                self._record_success([entry], result)
        if states and not unwritten:
            self._write_states_alone(states)
        if refused:
            self._spill(refused, "refused by the database")
        if unwritten:
            # Back to the retry path, without isolating again (bounds the work per batch).
            self._write(unwritten, isolate_refused=False)

    def _write_states_alone(self, states: list[PageState]) -> None:
        try:
            result = self.store.save_fetched([], states)
        except Exception as error:
            self._drop_states(states, self._describe(error))
        else:
            self._record_success([], result)

    def _drop_states(self, states: Sequence[PageState], reason: str) -> None:
        log.warning(
            "%d page state(s) not written (%s); those pages will be fetched again next time",
            len(states),
            reason,
        )
        with self._lock:
            self._stats.states_dropped += len(states)

    def _record_success(self, batch: Sequence[_Queued], result: BatchResult) -> None:
        if self._degraded:
            log.warning("database %s is reachable again", self.store.database)
            self._degraded = False
        articles, _states = _split(batch)
        with self._lock:
            stats = self._stats
            stats.written += len(articles) - result.articles_rejected
            stats.batches += 1
            for field in dataclasses.fields(result):
                setattr(stats, field.name, getattr(stats, field.name) + getattr(result, field.name))

    def _spill(self, batch: Sequence[_Queued], reason: str) -> None:
        entries, states = _split(batch)
        if states:
            self._drop_states(states, reason)
        if not entries:
            return
        path = self.spill_path
        try:
            append_spill(path, entries)
        except Exception as error:  # SpillError, or anything else: either way, say so loudly
            log.error(
                "%d article(s) LOST: not written to %s (%s) and not spilled: %s",
                len(entries),
                self.store.database,
                reason,
                error,
            )
            with self._lock:
                self._stats.lost += len(entries)
                self._stats.failed_batches += 1
            return
        log.error(
            "%d articles spilled to %s; load them with newscrawl replay %s (cause: %s)",
            len(entries),
            path,
            path,
            reason,
        )
        with self._lock:
            self._stats.spilled += len(entries)
            self._stats.failed_batches += 1

    def _describe(self, error: BaseException) -> str:
        url = getattr(getattr(self.store, "engine", None), "url", None)
        return describe_error(error, secret=getattr(url, "password", None))


def _split(batch: Sequence[_Queued]) -> tuple[list[FetchedArticle], list[PageState]]:
    """The articles and the page states of a batch, each in submission order."""
    states = [item for item in batch if isinstance(item, PageState)]
    if not states:
        return list(batch), []  # type: ignore[arg-type]
    return [item for item in batch if not isinstance(item, PageState)], states  # type: ignore[misc]


def _url_of(entry: Any) -> str:
    return str(getattr(entry.article, "url", "?"))
