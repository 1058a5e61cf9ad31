"""BatchWriter: flushes by size, by interval and on close; retries, then spills; never loses."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, BatchResult, BatchWriter, make_engine, replay_spill
from newscrawl.db.rows import FetchedArticle
from newscrawl.db.spill import SpillReadReport, append_spill, iter_spill
from newscrawl.db.writer import SPILL_HANDOFF_BATCHES
from newscrawl.items import Article
from newscrawl.revisit import PageState
from tests.dbhelpers import article, comment, count, wait_until


def transient_error() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("INSERT …", {}, ConnectionError("server closed the connection"))


def data_error() -> sa.exc.IntegrityError:
    return sa.exc.IntegrityError("INSERT …", {}, ValueError("value refused"))


class FlakyStore:
    """A real store behind a switch: the first ``failures`` calls raise a transient error, and
    any batch holding an article that ``refuse`` picks raises a data error."""

    def __init__(
        self,
        inner: ArticleStore,
        failures: int = 0,
        refuse: Callable[[Article], bool] = lambda _article: False,
        down_after_calls: int | None = None,
    ) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.database = inner.database
        self.failures = failures
        self.refuse = refuse
        self.down_after_calls = down_after_calls
        self.calls = 0

    def save_fetched(
        self, entries: Sequence[FetchedArticle], states: Sequence[PageState] = ()
    ) -> BatchResult:
        self.calls += 1
        if self.down_after_calls is not None and self.calls > self.down_after_calls:
            raise transient_error()
        if self.failures > 0:
            self.failures -= 1
            raise transient_error()
        if any(self.refuse(entry.article) for entry in entries):
            raise data_error()
        return self.inner.save_fetched(entries, states)


@pytest.fixture
def spill_path(tmp_path: Path) -> Path:
    return tmp_path / "spill" / "writer.jsonl"


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def unreachable_store(closed_port: int) -> Iterator[ArticleStore]:
    """A store whose PostgreSQL server does not exist (connection refused), with a password."""
    engine = make_engine(f"postgresql+psycopg://crawler:hunter2@127.0.0.1:{closed_port}/news")
    yield ArticleStore(engine)
    engine.dispose()


@pytest.fixture
def spill_threads(monkeypatch) -> list[threading.Thread]:
    """The thread of every append to a spill file made by the writer, in order."""
    threads: list[threading.Thread] = []

    def recording_append(path: Path, entries: Sequence[FetchedArticle]) -> None:
        threads.append(threading.current_thread())
        append_spill(path, entries)

    monkeypatch.setattr("newscrawl.db.writer.append_spill", recording_append)
    return threads


def spilled_urls(path: Path) -> list[str]:
    return [entry.article.url for entry in iter_spill(path, SpillReadReport())]


def test_full_batch_is_written_without_waiting(store, engine, spill_path: Path) -> None:
    writer = BatchWriter(store, batch_size=3, flush_interval=3600, spill_path=spill_path)
    writer.start()
    for slug in "abc":
        writer.submit(article(slug))

    wait_until(lambda: writer.stats.batches == 1)

    assert count(engine, "articles") == 3
    writer.close()


def test_partial_batch_is_written_after_the_interval(store, engine, spill_path: Path) -> None:
    writer = BatchWriter(store, batch_size=1000, flush_interval=0.05, spill_path=spill_path)
    writer.start()
    writer.submit(article("a"))
    writer.submit(article("b"))

    wait_until(lambda: writer.stats.written == 2)

    assert count(engine, "articles") == 2
    writer.close()


def test_close_writes_what_is_left(store, engine, spill_path: Path) -> None:
    writer = BatchWriter(store, batch_size=1000, flush_interval=3600, spill_path=spill_path)
    writer.start()
    for index in range(5):
        writer.submit(article(f"n{index}", comments=[comment("hello", "1")]))

    stats = writer.close()

    assert (stats.submitted, stats.written, stats.batches, stats.spilled) == (5, 5, 1, 0)
    assert stats.result == BatchResult(articles_created=5, comments_added=5)
    assert count(engine, "articles") == 5
    assert not spill_path.exists()


def test_close_without_start_still_writes(store, engine, spill_path: Path) -> None:
    writer = BatchWriter(store, spill_path=spill_path)
    writer.submit(article("a"))

    assert writer.close().written == 1
    assert count(engine, "articles") == 1


def test_submit_after_close_is_an_error(store, spill_path: Path) -> None:
    writer = BatchWriter(store, spill_path=spill_path)
    writer.start()
    writer.close()

    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(article("late"))


def test_transient_failures_are_retried(store, engine, spill_path: Path) -> None:
    flaky = FlakyStore(store, failures=2)
    writer = BatchWriter(flaky, retries=3, backoff=0, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    writer.submit(article("a"))

    stats = writer.close()

    assert (stats.retries, stats.written, stats.spilled, flaky.calls) == (2, 1, 0, 3)
    assert count(engine, "articles") == 1


def test_unreachable_database_spills_after_retries_and_replay_loads_it(
    unreachable_store, store, engine, spill_path: Path, caplog
) -> None:
    caplog.set_level(logging.WARNING)
    writer = BatchWriter(unreachable_store, retries=2, backoff=0.01, spill_path=spill_path)
    writer.start()
    for slug in "abc":
        writer.submit(article(slug, comments=[comment(f"on {slug}")]))

    stats = writer.close()

    assert (stats.written, stats.retries, stats.spilled, stats.failed_batches) == (0, 2, 3, 1)
    assert sorted(spilled_urls(spill_path)) == [f"https://news.example/{s}" for s in "abc"]
    assert f"3 articles spilled to {spill_path}; load them with newscrawl replay {spill_path}" in (
        caplog.text
    )
    assert "hunter2" not in caplog.text
    assert "crawler:***@" in caplog.text

    result = replay_spill(spill_path, store)

    assert result == BatchResult(articles_created=3, comments_added=3)
    assert count(engine, "articles") == 3


def test_missing_sqlite_database_spills_too(tmp_path: Path, spill_path: Path) -> None:
    directory_not_a_file = make_engine(f"sqlite:///{tmp_path}")
    writer = BatchWriter(
        ArticleStore(directory_not_a_file), retries=1, backoff=0, spill_path=spill_path
    )
    writer.start()
    writer.submit(article("a"))

    stats = writer.close()
    directory_not_a_file.dispose()

    assert (stats.spilled, stats.lost) == (1, 0)


def test_after_a_spill_later_batches_get_one_attempt(store, spill_path: Path) -> None:
    flaky = FlakyStore(store, failures=1000)
    writer = BatchWriter(
        flaky,  # type: ignore[arg-type]
        batch_size=2,
        flush_interval=3600,
        retries=2,
        backoff=0,
        spill_path=spill_path,
    )
    writer.start()
    for slug in "abcd":
        writer.submit(article(slug))

    stats = writer.close()

    # first batch: 1 attempt + 2 retries; second batch: a single attempt
    assert (flaky.calls, stats.retries, stats.failed_batches, stats.spilled) == (4, 2, 2, 4)


def test_writer_recovers_when_the_database_comes_back(store, engine, spill_path: Path) -> None:
    flaky = FlakyStore(store, failures=3)
    writer = BatchWriter(
        flaky,  # type: ignore[arg-type]
        batch_size=2,
        flush_interval=3600,
        retries=2,
        backoff=0,
        spill_path=spill_path,
    )
    writer.start()
    for slug in "abcd":
        writer.submit(article(slug))

    stats = writer.close()

    assert (stats.spilled, stats.written) == (2, 2)
    assert count(engine, "articles") == 2
    assert len(spilled_urls(spill_path)) == 2


def test_refused_data_spills_only_the_refused_articles(
    store, engine, spill_path: Path, caplog
) -> None:
    flaky = FlakyStore(store, refuse=lambda a: "bad" in a.url)
    writer = BatchWriter(flaky, retries=5, backoff=0, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    for slug in ("good-1", "bad", "good-2"):
        writer.submit(article(slug))

    stats = writer.close()

    assert (stats.written, stats.spilled, stats.retries) == (2, 1, 0)
    assert spilled_urls(spill_path) == ["https://news.example/bad"]
    assert "article https://news.example/bad refused" in caplog.text
    assert count(engine, "articles") == 2


def test_outage_while_isolating_refused_articles_spills_the_rest(
    store, engine, spill_path: Path
) -> None:
    # call 1: the batch (refused); 2: good-1; 3: bad (refused); from call 4 on: database down
    flaky = FlakyStore(store, refuse=lambda a: "bad" in a.url, down_after_calls=3)
    writer = BatchWriter(flaky, retries=2, backoff=0, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    for slug in ("good-1", "bad", "good-2", "good-3"):
        writer.submit(article(slug))

    stats = writer.close()

    assert (stats.written, stats.spilled, stats.retries, stats.failed_batches) == (1, 3, 2, 2)
    assert sorted(spilled_urls(spill_path)) == [
        f"https://news.example/{slug}" for slug in ("bad", "good-2", "good-3")
    ]


def test_close_with_timeout_stops_retrying_and_spills(store, spill_path: Path) -> None:
    flaky = FlakyStore(store, failures=1000)
    writer = BatchWriter(flaky, retries=5, backoff=3600, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    writer.submit(article("a"))
    writer.submit(article("b"))

    stats = writer.close(timeout=0.2)

    assert (stats.spilled, stats.written, stats.lost) == (2, 0, 0)


def test_unwritable_spill_file_counts_articles_as_lost(
    unreachable_store, tmp_path: Path, caplog
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the spill directory should be")
    writer = BatchWriter(
        unreachable_store, retries=0, backoff=0, spill_path=blocker / "spill.jsonl"
    )
    writer.start()
    writer.submit(article("a"))

    stats = writer.close()

    assert (stats.lost, stats.spilled) == (1, 0)
    assert "1 article(s) LOST" in caplog.text


def test_every_submitted_article_is_accounted_for(store, spill_path: Path) -> None:
    flaky = FlakyStore(store, failures=3, refuse=lambda a: a.url.endswith("7"))
    writer = BatchWriter(
        flaky,  # type: ignore[arg-type]
        batch_size=4,
        flush_interval=3600,
        retries=1,
        backoff=0,
        spill_path=spill_path,
    )
    writer.start()
    for index in range(20):
        writer.submit(article(f"n{index}"))

    stats = writer.close()

    assert stats.submitted == 20
    assert stats.written + stats.articles_rejected + stats.spilled + stats.lost == 20
    assert stats.spilled >= 1


def test_invalid_articles_are_counted_as_rejected_not_written(store, spill_path: Path) -> None:
    writer = BatchWriter(store, spill_path=spill_path)
    writer.start()
    writer.submit(article("good"))
    writer.submit(article("bad", url=""))

    stats = writer.close()

    assert (stats.written, stats.articles_rejected, stats.spilled) == (1, 1, 0)


@pytest.mark.parametrize(
    "options",
    [{"batch_size": 0}, {"flush_interval": 0}, {"retries": -1}, {"backoff": -1.0}],
)
def test_bad_options_are_refused(store, spill_path: Path, options: dict) -> None:
    with pytest.raises(ValueError):
        BatchWriter(store, spill_path=spill_path, **options)


# -- unexpected errors, a dead worker, and the bound on the queue -------------------------------


class BuggyStore:
    """A real store with a bug: the calls numbered in ``bad_calls`` (from 1) return ``None``
    instead of a BatchResult, which the writer cannot read (an unexpected TypeError)."""

    def __init__(self, inner: ArticleStore | FlakyStore, bad_calls: set[int]) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.database = inner.database
        self.bad_calls = bad_calls
        self.calls = 0

    def save_fetched(
        self, entries: Sequence[FetchedArticle], states: Sequence[PageState] = ()
    ) -> BatchResult | None:
        self.calls += 1
        if self.calls in self.bad_calls:
            return None
        return self.inner.save_fetched(entries, states)


class WorkerKilled(BaseException):
    """Something no ``except Exception`` catches: it ends the worker thread."""


class KillingStore:
    """Kills the worker thread on its first call, after ``release`` is set."""

    def __init__(self, inner: ArticleStore) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.database = inner.database
        self.entered = threading.Event()
        self.release = threading.Event()

    def save_fetched(
        self, entries: Sequence[FetchedArticle], states: Sequence[PageState] = ()
    ) -> BatchResult:
        self.entered.set()
        self.release.wait()
        raise WorkerKilled("the worker thread ends here")


class GatedStore:
    """A real store that is slow on demand: each call waits until ``gate`` is set."""

    def __init__(self, inner: ArticleStore) -> None:
        self.inner = inner
        self.engine = inner.engine
        self.database = inner.database
        self.gate = threading.Event()
        self.calls = 0

    def save_fetched(
        self, entries: Sequence[FetchedArticle], states: Sequence[PageState] = ()
    ) -> BatchResult:
        self.calls += 1
        self.gate.wait()
        return self.inner.save_fetched(entries, states)


def assert_accounted(stats) -> None:
    """The writer's invariant after close()."""
    assert stats.submitted == (
        stats.written + stats.articles_rejected + stats.spilled + stats.lost
    ), stats


def test_unexpected_error_spills_that_batch_and_later_batches_are_written(
    store, engine, spill_path: Path, caplog
) -> None:
    buggy = BuggyStore(store, bad_calls={1})
    writer = BatchWriter(buggy, batch_size=2, flush_interval=3600, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    for slug in "abcdef":
        writer.submit(article(slug))

    stats = writer.close()

    assert (stats.spilled, stats.salvaged, stats.written, stats.lost) == (2, 2, 4, 0)
    assert sorted(spilled_urls(spill_path)) == ["https://news.example/a", "https://news.example/b"]
    assert count(engine, "articles") == 5 - 1  # c, d, e, f; a and b are in the spill file
    assert "unexpected error in the database writer" in caplog.text
    assert_accounted(stats)


def test_unexpected_error_after_part_of_a_batch_spills_only_the_rest(
    store, engine, spill_path: Path
) -> None:
    # call 1: the batch (refused); 2: good-1 written; 3: bad refused; 4: good-2 -> None (bug)
    flaky = FlakyStore(store, refuse=lambda a: "bad" in a.url)
    buggy = BuggyStore(flaky, bad_calls={4})  # type: ignore[arg-type]
    writer = BatchWriter(buggy, flush_interval=3600, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    for slug in ("good-1", "bad", "good-2", "good-3"):
        writer.submit(article(slug))

    stats = writer.close()

    # bad had been set aside to spill after the loop: the guard spills it with the others
    assert (stats.written, stats.spilled, stats.salvaged) == (1, 3, 3)
    assert sorted(spilled_urls(spill_path)) == [
        f"https://news.example/{slug}" for slug in ("bad", "good-2", "good-3")
    ]
    assert_accounted(stats)


def test_unexpected_error_with_an_unwritable_spill_file_counts_lost(
    store, tmp_path: Path, caplog
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the spill directory should be")
    buggy = BuggyStore(store, bad_calls={1})
    writer = BatchWriter(
        buggy,  # type: ignore[arg-type]
        flush_interval=3600,
        spill_path=blocker / "spill.jsonl",
    )
    writer.start()
    writer.submit(article("a"))
    writer.submit(article("b"))

    stats = writer.close()

    assert (stats.lost, stats.spilled, stats.written) == (2, 0, 0)
    assert any(
        r.levelno == logging.ERROR and "2 article(s) LOST" in r.message for r in caplog.records
    )
    assert_accounted(stats)


def test_worker_keeps_serving_after_an_unexpected_error(store, engine, spill_path: Path) -> None:
    buggy = BuggyStore(store, bad_calls={1})
    writer = BatchWriter(buggy, batch_size=1, flush_interval=3600, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    writer.submit(article("a"))
    wait_until(lambda: writer.stats.spilled == 1)

    writer.submit(article("b"))
    wait_until(lambda: writer.stats.written == 1)

    assert writer.worker_alive
    assert count(engine, "articles") == 1
    assert_accounted(writer.close())


def test_a_dying_worker_spills_its_batch_and_its_queue(store, spill_path: Path, caplog) -> None:
    killing = KillingStore(store)
    writer = BatchWriter(killing, batch_size=2, flush_interval=3600, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    for slug in "ab":
        writer.submit(article(slug))
    killing.entered.wait(20)
    for slug in "cde":  # queued behind the batch that is about to kill the worker
        writer.submit(article(slug))

    killing.release.set()
    wait_until(lambda: not writer.worker_alive)

    assert (writer.stats.spilled, writer.stats.salvaged) == (5, 5)
    assert sorted(spilled_urls(spill_path)) == [f"https://news.example/{s}" for s in "abcde"]
    assert "database writer thread failed" in caplog.text
    assert_accounted(writer.close())


def test_submissions_to_a_dead_worker_are_spilled_off_the_calling_thread(
    store, spill_path: Path, spill_threads: list[threading.Thread]
) -> None:
    killing = KillingStore(store)
    killing.release.set()
    writer = BatchWriter(killing, batch_size=1, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    writer.submit(article("a"))
    wait_until(lambda: not writer.worker_alive)

    for index in range(10):
        writer.submit(article(f"late-{index}"))

    # Before close(): nothing waits in a queue nobody reads, and submit() wrote nothing itself.
    wait_until(lambda: writer.stats.spilled == 11)
    assert len(spilled_urls(spill_path)) == 11
    assert threading.current_thread() not in spill_threads
    stats = writer.close()
    assert (stats.submitted, stats.spilled, stats.salvaged, stats.lost) == (11, 11, 11, 0)
    assert_accounted(stats)


def test_a_worker_that_ended_without_a_word_is_noticed_by_submit(
    store, spill_path: Path, caplog, monkeypatch
) -> None:
    writer = BatchWriter(store, spill_path=spill_path)
    monkeypatch.setattr(writer, "_run", lambda: None)  # the thread ends at once, silently
    writer.start()
    wait_until(lambda: not writer.worker_alive)

    writer.submit(article("a"))

    wait_until(lambda: writer.stats.spilled == 1)
    assert "database writer thread is not running" in caplog.text
    assert_accounted(writer.close())


def test_the_queue_of_a_silently_dead_worker_is_spilled_off_the_calling_thread(
    store, spill_path: Path, spill_threads: list[threading.Thread], monkeypatch
) -> None:
    writer = BatchWriter(store, spill_path=spill_path)
    for slug in "abc":  # queued before the worker exists
        writer.submit(article(slug))
    monkeypatch.setattr(writer, "_run", lambda: None)
    writer.start()
    wait_until(lambda: not writer.worker_alive)

    writer.submit(article("d"))  # notices the dead worker: hands a, b, c and d over
    writer.submit(article("e"))

    wait_until(lambda: writer.stats.spilled == 5)
    assert threading.current_thread() not in spill_threads
    assert sorted(spilled_urls(spill_path)) == [f"https://news.example/{s}" for s in "abcde"]
    stats = writer.close()
    assert (stats.submitted, stats.spilled, stats.salvaged, stats.lost) == (5, 5, 5, 0)
    assert_accounted(stats)


def test_close_drains_what_a_dead_worker_left_in_the_queue(
    store, spill_path: Path, monkeypatch
) -> None:
    writer = BatchWriter(store, spill_path=spill_path)
    for slug in "abc":  # queued before the worker exists
        writer.submit(article(slug))
    monkeypatch.setattr(writer, "_run", lambda: None)

    stats = writer.close()

    assert (stats.submitted, stats.spilled, stats.written) == (3, 3, 0)
    assert sorted(spilled_urls(spill_path)) == [f"https://news.example/{s}" for s in "abc"]


def test_close_drains_the_queue_of_a_stuck_worker(
    store, engine, spill_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("newscrawl.db.writer.ABANDON_GRACE_S", 0.01)
    gated = GatedStore(store)
    writer = BatchWriter(gated, batch_size=1, flush_interval=3600, spill_path=spill_path)  # type: ignore[arg-type]
    writer.start()
    writer.submit(article("stuck"))
    wait_until(lambda: gated.calls == 1)
    for slug in "abc":
        writer.submit(article(slug))

    stats = writer.close(timeout=0.01)

    assert (stats.spilled, stats.written) == (3, 0)  # the queue; "stuck" is still in the call
    gated.gate.set()
    wait_until(lambda: not writer.worker_alive)
    final = writer.stats
    assert (final.written, final.spilled) == (1, 3)
    assert count(engine, "articles") == 1
    assert_accounted(final)


def fill_a_blocked_writer(store: ArticleStore, spill_path: Path) -> tuple[BatchWriter, GatedStore]:
    """A writer (batch 2, bound 4) whose first batch of two is stuck in the database."""
    gated = GatedStore(store)
    writer = BatchWriter(
        gated,  # type: ignore[arg-type]
        batch_size=2,
        flush_interval=3600,
        max_pending=4,
        spill_path=spill_path,
    )
    writer.start()
    writer.submit(article("first-0"))
    writer.submit(article("first-1"))
    wait_until(lambda: gated.calls == 1)
    return writer, gated


def test_a_full_queue_spills_the_overflow_in_batches(
    store, engine, spill_path: Path, caplog
) -> None:
    writer, gated = fill_a_blocked_writer(store, spill_path)

    for index in range(4):  # fills the queue
        writer.submit(article(f"queued-{index}"))
    writer.submit(article("over-0"))  # waits in the overflow buffer
    assert (writer.pending, writer.stats.spilled) == (5, 0)
    writer.submit(article("over-1"))  # the buffer is full: spilled in one write

    wait_until(lambda: writer.stats.spilled == 2)
    assert (writer.pending, writer.stats.spilled, writer.stats.overflowed) == (4, 2, 2)
    assert spilled_urls(spill_path) == [
        "https://news.example/over-0",
        "https://news.example/over-1",
    ]
    assert "slower than the crawl" in caplog.text
    assert any(r.levelno == logging.WARNING and "spilled" in r.message for r in caplog.records)

    writer.submit(article("later"))
    gated.gate.set()
    stats = writer.close()

    assert (stats.submitted, stats.written, stats.spilled, stats.lost) == (9, 7, 2, 0)
    assert count(engine, "articles") == 7
    assert_accounted(stats)


# What fill_a_blocked_writer's writer may hold in memory: the queue, the overflow buffer and
# the buffers handed to the spill thread (see the writer's module docstring).
BLOCKED_WRITER_BOUND = 4 + (1 + SPILL_HANDOFF_BATCHES) * 2


def test_memory_stays_within_the_bound(store, spill_path: Path) -> None:
    writer, gated = fill_a_blocked_writer(store, spill_path)

    for index in range(50):
        writer.submit(article(f"n{index}"))
        assert writer.pending <= BLOCKED_WRITER_BOUND

    gated.gate.set()
    stats = writer.close()
    assert stats.submitted == 52
    assert stats.spilled == stats.overflowed > 0
    assert_accounted(stats)


def test_overflow_is_spilled_off_the_calling_thread(
    store, spill_path: Path, spill_threads: list[threading.Thread]
) -> None:
    writer, gated = fill_a_blocked_writer(store, spill_path)

    for index in range(4 + 3 * 2):  # fills the queue, then three overflow buffers
        writer.submit(article(f"n{index}"))

    wait_until(lambda: writer.stats.overflowed == 6)
    assert spill_threads and threading.current_thread() not in spill_threads
    gated.gate.set()
    stats = writer.close()
    assert (stats.submitted, stats.written, stats.spilled, stats.overflowed) == (12, 6, 6, 6)
    assert len(spilled_urls(spill_path)) == 6
    assert_accounted(stats)


def test_a_hung_spill_file_bounds_memory_and_counts_what_it_cannot_take(
    store, spill_path: Path, caplog, monkeypatch
) -> None:
    monkeypatch.setattr("newscrawl.db.writer.SPILL_WAIT_S", 0.01)
    disk = threading.Event()
    spilling_on: list[threading.Thread] = []

    def hung_append(path: Path, entries: Sequence[FetchedArticle]) -> None:
        spilling_on.append(threading.current_thread())
        disk.wait()
        append_spill(path, entries)

    monkeypatch.setattr("newscrawl.db.writer.append_spill", hung_append)
    writer, gated = fill_a_blocked_writer(store, spill_path)

    # The queue (4), then five overflow buffers: the spill thread holds two (one stuck in
    # the append, one waiting), and the other three find no room.
    for index in range(4 + 5 * 2):
        writer.submit(article(f"n{index}"))
        assert writer.pending <= BLOCKED_WRITER_BOUND

    assert writer.stats.lost == 6
    assert threading.current_thread() not in spilling_on
    assert any(r.levelno == logging.ERROR and "LOST" in r.message for r in caplog.records)
    disk.set()
    gated.gate.set()
    stats = writer.close()
    assert (stats.submitted, stats.written, stats.spilled, stats.lost) == (16, 6, 4, 6)
    assert stats.overflowed == 4
    assert len(spilled_urls(spill_path)) == 4
    assert_accounted(stats)


def test_after_one_timed_out_hand_off_the_next_ones_do_not_wait_until_the_disk_answers(
    store, spill_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("newscrawl.db.writer.SPILL_WAIT_S", 0.01)
    disk = threading.Event()

    def hung_append(path: Path, entries: Sequence[FetchedArticle]) -> None:
        disk.wait()
        append_spill(path, entries)

    monkeypatch.setattr("newscrawl.db.writer.append_spill", hung_append)
    writer, gated = fill_a_blocked_writer(store, spill_path)
    waits: list[float] = []
    hand_off = writer._spiller.hand_off

    def recording_hand_off(items, cause, wait):
        waits.append(wait)
        return hand_off(items, cause, wait)

    monkeypatch.setattr(writer._spiller, "hand_off", recording_hand_off)

    # The queue (4), then four overflow buffers: two taken, the third times out, the fourth
    # does not wait for a disk known to be stuck.
    for index in range(4 + 4 * 2):
        writer.submit(article(f"n{index}"))
    assert waits == [0.01, 0.01, 0.01, 0.0]

    disk.set()  # the disk answers: the spill thread finishes its writes
    wait_until(lambda: writer._spiller.held == 0)
    for index in range(2):
        writer.submit(article(f"m{index}"))
    assert waits[-1] == 0.01
    gated.gate.set()
    assert_accounted(writer.close())


def test_overflow_goes_back_to_the_queue_when_the_database_catches_up(
    store, engine, spill_path: Path
) -> None:
    writer, gated = fill_a_blocked_writer(store, spill_path)
    for index in range(5):  # four queued, one in the overflow buffer
        writer.submit(article(f"n{index}"))

    gated.gate.set()
    # The last item waits for a batch-mate (flush interval of an hour), not in the spill file.
    wait_until(lambda: writer.stats.written == 6)
    assert writer.stats.spilled == 0

    stats = writer.close()
    assert (stats.written, stats.spilled) == (7, 0)
    assert not spill_path.exists()


def test_page_states_that_overflow_are_dropped_and_counted(store, spill_path: Path) -> None:
    writer, gated = fill_a_blocked_writer(store, spill_path)
    for index in range(4):
        writer.submit(article(f"n{index}"))
    writer.submit_state(PageState(url="https://news.example/s0", site="news.example"))
    writer.submit_state(PageState(url="https://news.example/s1", site="news.example"))

    gated.gate.set()
    stats = writer.close()

    assert (stats.states_submitted, stats.states_dropped, stats.spilled) == (2, 2, 0)
    assert_accounted(stats)


def test_bad_max_pending_is_refused(store, spill_path: Path) -> None:
    with pytest.raises(ValueError, match="max_pending"):
        BatchWriter(store, spill_path=spill_path, max_pending=0)
