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
``lost`` with an ERROR (only when the spill file itself cannot be written, or cannot be written
fast enough, see below). In particular:

- an *unexpected* exception while writing a batch (a bug in the store, say) is logged with
  its traceback; the part of the batch not yet accounted for is spilled and the worker carries
  on with the next batch;
- should the worker thread die all the same (an exception escaping even that guard), whatever
  it held and whatever is queued goes to the spill file, and later ``submit()`` calls hand
  their article to the spill thread (below) instead of queueing it where nobody reads;
- ``close()`` drains whatever is still queued into the spill file when the worker cannot.

``submit()`` never touches the disk (it runs on Scrapy's reactor thread): what it has to spill
goes to a :class:`~newscrawl.db.spill_thread.SpillThread`, started on first use, which appends
it to the spill file. The worker thread and ``close()`` may block, so they spill themselves.

Bounded memory: at most ``max_pending`` items (default ten batches) wait in the queue. When
the database is too slow and the queue is full, up to ``batch_size`` further items wait in a
small overflow buffer, which moves into the queue as soon as it has room again; if the buffer
fills first, it goes to the spill thread whole (one append, one ``fsync`` per ``batch_size``
articles), its articles are counted as ``spilled`` and ``overflowed``, and a WARNING is logged.
After the worker died, each article goes to the spill thread on its own (the thread writes
whatever has arrived meanwhile in one append). The spill thread holds at most
:data:`SPILL_HANDOFF_BATCHES` ``* batch_size`` items not yet written. When that is full too
(the disk is slower than the crawl), ``submit()`` waits for room, at most :data:`SPILL_WAIT_S`
seconds per hand-off: a slow disk slows the crawl down rather than cost articles. What still
finds no room is counted as ``lost`` with an ERROR, and until the spill thread finishes a write
again, later hand-offs do not wait at all (they are lost at once, with an ERROR each): a hung
disk costs the crawl one wait, not one per overflow. So at most
``max_pending + (1 + SPILL_HANDOFF_BATCHES) * batch_size`` items wait in memory
(:attr:`BatchWriter.pending`), plus the batch being written (a worker that died silently
hands its queue to the spill thread as it is: that moves memory, it does not add any). Page
states in a spilled overflow buffer are dropped (counted), as below.

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
from newscrawl.db.spill_thread import SpillThread
from newscrawl.db.store import ArticleStore, BatchResult
from newscrawl.items import Article
from newscrawl.revisit import PageState

log = logging.getLogger(__name__)

# While the database is down, batches may grow to this many times batch_size, so that the
# queue drains into the spill file at the speed of one connection attempt per batch.
DEGRADED_BATCH_FACTOR = 10
# Default bound of the queue, in batches (see the module docstring).
DEFAULT_PENDING_BATCHES = 10
# How long the writer sleeps between looks at the queue while it collects a batch: short next
# to the flush interval, long enough that it wakes some 20 times a second, not once per item.
COLLECT_PAUSE_S = 0.05
# After close() has run out of time and told the worker to spill instead of retrying, how long
# it waits for that, at least: spilling is local disk I/O, but a database call already in
# flight has to return first (PostgreSQL connection attempts time out after 10 s).
ABANDON_GRACE_S = 30.0
# How many overflow buffers (of batch_size items) the spill thread may hold unwritten: two, so
# that one can be handed over while the other is being written.
SPILL_HANDOFF_BATCHES = 2
# How long submit() waits, at most, for room at the spill thread before counting what it hands
# over as lost: long enough to ride out a slow fsync (seconds, on a busy network disk), short
# enough that a hung disk cannot freeze the crawl for good.
SPILL_WAIT_S = 10.0


@dataclass
class WriterStats:
    """Counters of a :class:`BatchWriter` (a snapshot; safe to keep).

    After ``close()``: ``submitted == written + articles_rejected + spilled + lost``, where
    ``written`` counts articles stored (created, updated or unchanged), ``articles_rejected``
    invalid articles the store skipped with a warning, ``spilled`` articles in the spill file
    and ``lost`` articles that could be neither written nor spilled (each one logged at ERROR).
    ``batches`` counts successful transactions, ``failed_batches`` spill events.
    Two of the spilled: ``overflowed`` counts articles that found the queue full, and
    ``salvaged`` those spilled after an unexpected error (a bug) in the writer or because its
    thread had stopped.
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
    overflowed: int = 0
    salvaged: int = 0

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


@dataclass(frozen=True)
class _SpillCause:
    """Why submit() hands items to the spill thread, and which counter says so."""

    reason: str
    overflow: bool  # counted as overflowed when spilled, else as salvaged
    level: int


_QUEUE_FULL = _SpillCause("the write queue is full", overflow=True, level=logging.WARNING)
_WORKER_GONE = _SpillCause(
    "the database writer thread is not running", overflow=False, level=logging.ERROR
)


class BatchWriter:
    """Writes submitted articles in batches from a worker thread, retrying and spilling.

    Use ``start()``, then ``submit()`` from any thread, then ``close()`` once.
    ``max_pending`` bounds the queue (default ``10 * batch_size``); see the module docstring
    for what ``submit()`` does when it is full.
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
        max_pending: int | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if flush_interval <= 0:
            raise ValueError(f"flush_interval must be positive, got {flush_interval}")
        if retries < 0 or backoff < 0:
            raise ValueError(f"retries and backoff must not be negative, got {retries}, {backoff}")
        if max_pending is None:
            max_pending = DEFAULT_PENDING_BATCHES * batch_size
        if max_pending < 1:
            raise ValueError(f"max_pending must be at least 1, got {max_pending}")
        self.store = store
        self.spill_path = Path(spill_path)
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._retries = retries
        self._backoff = backoff
        self._max_pending = max_pending
        self._queue: queue.SimpleQueue[_Queued | _Stop] = queue.SimpleQueue()
        # Guards the counters, the flags below, _overflow and _in_flight.
        self._lock = threading.Lock()
        # Serialises appends to the spill file: the worker, the spill thread and close() may
        # all spill.
        self._spill_lock = threading.Lock()
        # Spills for submit(), which must not touch the disk (see the module docstring).
        self._spiller: SpillThread[_Queued, _SpillCause] = SpillThread(
            self._spill_handed_over,
            capacity=SPILL_HANDOFF_BATCHES * batch_size,
            name="newscrawl-db-spill",
        )
        self._stats = WriterStats()
        self._closed = False
        self._thread: threading.Thread | None = None
        # Items that found the queue full, in submission order (at most batch_size of them).
        self._overflow: list[_Queued] = []
        self._overflow_warned = False
        # Set when a hand-off found no room within SPILL_WAIT_S, cleared when the spill thread
        # finishes a write: while set, submit() does not wait for it (module docstring).
        self._spill_stalled = threading.Event()
        # Set once the worker thread is known to be gone while the writer was still open.
        self._dead = False
        # The batch the worker is writing, and the ids of its items already counted (written,
        # rejected, spilled, dropped or lost): what an unexpected error leaves unaccounted.
        self._in_flight: list[_Queued] = []
        self._settled: set[int] = set()
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

        Never waits on the database and never writes the spill file: when the queue is full,
        or the worker thread has died, the article goes to the spill thread, which may make
        this wait up to :data:`SPILL_WAIT_S` seconds (see the module docstring).
        Raises ``RuntimeError`` after :meth:`close`.
        """
        entry = FetchedArticle(article, datetime.now(timezone.utc))
        self._submit(entry, "article")

    def submit_state(self, state: PageState) -> None:
        """Queue a page state (see :mod:`newscrawl.revisit`) for writing with the next batch.

        Never waits on the database; a state that finds the queue full may be dropped
        (counted). Raises ``RuntimeError`` after :meth:`close`.
        """
        self._submit(state, "page state")

    def _submit(self, item: _Queued, kind: str) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"BatchWriter is closed; the {kind} was not queued")
            if isinstance(item, PageState):
                self._stats.states_submitted += 1
            else:
                self._stats.submitted += 1
            worker_died = self._worker_died_locked()
            leftovers = self._take_leftovers_locked() if worker_died else []
            dead = self._dead
            overflow = [] if dead else self._enqueue_locked(item)
        if worker_died:
            self._on_worker_died(leftovers)
        if dead:
            # Nobody reads the queue any more: to the spill thread, one by one.
            self._hand_over([item], _WORKER_GONE)
        elif overflow:
            self._hand_over_overflow(overflow)

    def _worker_died_locked(self) -> bool:
        """True the first time submit() finds the started worker gone (caller holds the lock)."""
        if self._dead or self._thread is None or self._thread.is_alive():
            return False
        self._dead = True
        return True

    def _on_worker_died(self, leftovers: list[_Queued]) -> None:
        log.error(
            "the database writer thread is not running: queued and further articles go to "
            "the spill file %s",
            self.spill_path,
        )
        if leftovers:
            self._spiller.take_over(leftovers, _WORKER_GONE)

    def _enqueue_locked(self, item: _Queued) -> list[_Queued]:
        """Queue ``item`` within the bound; return what must be spilled now (lock held)."""
        if self._overflow:
            self._refill_locked()
        if not self._overflow and self._queue.qsize() < self._max_pending:
            self._queue.put(item)
            return []
        self._overflow.append(item)
        if len(self._overflow) < self._batch_size:
            return []
        full, self._overflow = self._overflow, []
        return full

    def _refill_locked(self) -> None:
        """Move overflow items into the queue while it has room, oldest first (lock held)."""
        room = self._max_pending - self._queue.qsize()
        if room <= 0:
            return
        moving, self._overflow = self._overflow[:room], self._overflow[room:]
        for item in moving:
            self._queue.put(item)

    def _hand_over_overflow(self, items: list[_Queued]) -> None:
        """Give a full overflow buffer to the spill thread, to be spilled in one append."""
        if not self._overflow_warned:
            self._overflow_warned = True  # a benign race: at worst, said twice
            log.warning(
                "the database is slower than the crawl: %d item(s) are waiting to be written; "
                "from now on, items that find the queue full are appended to %s",
                self._max_pending,
                self.spill_path,
            )
        self._hand_over(items, _QUEUE_FULL)

    def _hand_over(self, items: list[_Queued], cause: _SpillCause) -> None:
        """Give ``items`` to the spill thread; what finds no room in time is counted lost."""
        wait = 0.0 if self._spill_stalled.is_set() else SPILL_WAIT_S
        if self._spiller.hand_off(items, cause, wait=wait):
            return
        self._spill_stalled.set()
        entries, states = _split(items)
        reason = (
            f"{cause.reason}, and the spill thread still had {self._spiller.held} item(s) to "
            f"write after {wait:g}s"
        )
        if states:
            self._drop_states(states, reason)
        if entries:
            self._count_lost(entries, reason, "the disk is too slow")

    def _spill_handed_over(self, items: list[_Queued], cause: _SpillCause) -> None:
        """The spill thread's work: spill ``items`` and count them under ``cause``."""
        spilled = self._spill(items, cause.reason, level=cause.level)
        self._spill_stalled.clear()  # the disk answered: hand-offs may wait for room again
        with self._lock:
            if cause.overflow:
                self._stats.overflowed += spilled
            else:
                self._stats.salvaged += spilled

    def close(self, timeout: float | None = None) -> WriterStats:
        """Write (or spill) everything submitted, stop the worker and return the final stats.

        With a ``timeout``, a writer still busy after ``timeout`` seconds (database down, long
        backoff) stops retrying and spills what is left; that gets at least
        :data:`ABANDON_GRACE_S` more seconds. Without one, ``close`` waits as long as it takes.
        Whatever the worker could not take (it died, or is stuck in a database call) is
        drained from the queue into the spill file; then ``close`` waits for the spill thread
        to write what ``submit()`` handed it.
        """
        with self._lock:
            if not self._closed:
                self._closed = True
                # The overflow goes to the worker too: it is in memory already.
                for item in self._overflow:
                    self._queue.put(item)
                self._overflow = []
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
        if thread.is_alive():
            # Stuck in a call: spill the queue here; the worker keeps only its own batch.
            self._spill(self._drain(), "the database writer did not stop in time")
            self._queue.put(_STOP)
        else:
            self._salvage("the database writer stopped before writing them")
        spiller_done = self._spiller.close(
            None if timeout is None else max(timeout, ABANDON_GRACE_S)
        )
        stats = self.stats
        if _unaccounted(stats):
            if thread.is_alive():
                why = "the worker is stuck in a database call"
            elif not spiller_done:
                why = "the spill thread is stuck writing"
            else:
                why = "see the errors above"
            log.error(
                "database writer closed with %d article(s) neither written nor spilled (%s)",
                _unaccounted(stats),
                why,
            )
        return stats

    @property
    def pending(self) -> int:
        """Items waiting in memory (queue, overflow buffer, spill thread), not counting the
        batch being written: at most ``max_pending + (1 + SPILL_HANDOFF_BATCHES) * batch_size``
        while the writer is open (see the module docstring)."""
        with self._lock:
            return self._queue.qsize() + len(self._overflow) + self._spiller.held

    @property
    def worker_alive(self) -> bool:
        """Whether the worker thread is running (False before ``start()`` and after it ended)."""
        thread = self._thread
        return thread is not None and thread.is_alive()

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
                    self._write_guarded(batch)
                if stop:
                    return
        except BaseException:  # whatever ends this thread, nothing may be left behind
            log.critical(
                "the database writer thread failed; spilling its queue to %s",
                self.spill_path,
                exc_info=True,
            )
            with self._lock:
                self._dead = True  # from here on, submit() spills instead of queueing
            self._salvage("the database writer thread failed")

    def _write_guarded(self, batch: list[_Queued]) -> None:
        """Write ``batch``; an unexpected error spills what it left unaccounted, and the
        worker goes on with the next batch."""
        with self._lock:
            self._in_flight, self._settled = batch, set()
            if self._overflow:
                self._refill_locked()  # the batch just left the queue: make room for these
        try:
            self._write(batch)
        except Exception:
            log.exception(
                "unexpected error in the database writer while writing %d item(s); spilling "
                "those not yet written and carrying on",
                len(batch),
            )
            self._count_salvaged(
                self._spill(self._take_in_flight(), "unexpected error in the writer")
            )
        else:
            self._take_in_flight()

    def _take_in_flight(self) -> list[_Queued]:
        """The in-flight items not yet accounted for; clears the in-flight batch."""
        with self._lock:
            batch, settled = self._in_flight, self._settled
            self._in_flight, self._settled = [], set()
        return [item for item in batch if id(item) not in settled]

    def _settle_locked(self, items: Sequence[_Queued]) -> None:
        if self._in_flight:
            self._settled.update(id(item) for item in items)

    def _salvage(self, reason: str) -> None:
        """Spill what a stopped worker left, on this thread (the worker's, or close()'s)."""
        with self._lock:
            items = self._take_leftovers_locked()
        if items:
            self._count_salvaged(self._spill(items, reason))

    def _take_leftovers_locked(self) -> list[_Queued]:
        """What a stopped worker left: the unaccounted part of its batch, the queue and the
        overflow buffer, in that order (lock held)."""
        batch, settled = self._in_flight, self._settled
        self._in_flight, self._settled = [], set()
        leftovers, self._overflow = self._overflow, []
        unsettled = [item for item in batch if id(item) not in settled]
        return [*unsettled, *self._drain(), *leftovers]

    def _count_salvaged(self, spilled: int) -> None:
        with self._lock:
            self._stats.salvaged += spilled

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
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                # Past the deadline, what was queued has been taken. Before it, the thread
                # sleeps a little and takes what came meanwhile, rather than waking for each
                # item: a wake-up per item costs the crawler's main thread the GIL each time.
                remaining = 0.0 if self._abandon.is_set() else deadline - time.monotonic()
                if remaining <= 0:
                    break
                time.sleep(min(remaining, COLLECT_PAUSE_S))
                continue
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
            self._settle_locked(states)

    def _record_success(self, batch: Sequence[_Queued], result: BatchResult) -> None:
        if self._degraded:
            log.warning("database %s is reachable again", self.store.database)
            self._degraded = False
        articles, _states = _split(batch)
        # Read the whole result before counting anything: a malformed result must raise
        # before the counters change, or the batch would be counted twice (written, spilled).
        totals = {
            field.name: int(getattr(result, field.name)) for field in dataclasses.fields(result)
        }
        with self._lock:
            stats = self._stats
            stats.written += len(articles) - totals["articles_rejected"]
            stats.batches += 1
            for name, value in totals.items():
                setattr(stats, name, getattr(stats, name) + value)
            self._settle_locked(batch)

    def _spill(self, batch: Sequence[_Queued], reason: str, level: int = logging.ERROR) -> int:
        """Append the batch's articles to the spill file (its page states are dropped);
        return how many were spilled. Never raises: what cannot be spilled is counted lost."""
        entries, states = _split(batch)
        if states:
            self._drop_states(states, reason)
        if not entries:
            return 0
        path = self.spill_path
        try:
            with self._spill_lock:
                append_spill(path, entries)
        except Exception as error:  # SpillError, or anything else: either way, say so loudly
            self._count_lost(entries, reason, error)
            return 0
        log.log(
            level,
            "%d articles spilled to %s; load them with newscrawl replay %s (cause: %s)",
            len(entries),
            path,
            path,
            reason,
        )
        with self._lock:
            self._stats.spilled += len(entries)
            self._stats.failed_batches += 1
            self._settle_locked(entries)
        return len(entries)

    def _count_lost(self, entries: Sequence[FetchedArticle], reason: str, error: object) -> None:
        log.error(
            "%d article(s) LOST: not written to %s (%s) and not spilled: %s",
            len(entries),
            getattr(self.store, "database", "the database"),
            reason,
            error,
        )
        with self._lock:
            self._stats.lost += len(entries)
            self._stats.failed_batches += 1
            self._settle_locked(entries)

    def _describe(self, error: BaseException) -> str:
        url = getattr(getattr(self.store, "engine", None), "url", None)
        return describe_error(error, secret=getattr(url, "password", None))


def _unaccounted(stats: WriterStats) -> int:
    """Submitted articles neither written, rejected, spilled nor lost (yet)."""
    return stats.submitted - stats.written - stats.articles_rejected - stats.spilled - stats.lost


def _split(batch: Sequence[_Queued]) -> tuple[list[FetchedArticle], list[PageState]]:
    """The articles and the page states of a batch, each in submission order."""
    states = [item for item in batch if isinstance(item, PageState)]
    if not states:
        return list(batch), []  # type: ignore[arg-type]
    return [item for item in batch if not isinstance(item, PageState)], states  # type: ignore[misc]


def _url_of(entry: Any) -> str:
    return str(getattr(entry.article, "url", "?"))
