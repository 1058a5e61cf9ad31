"""Near duplicates written by two processes at once are still linked.

Linking looks for earlier copies among committed rows, so two writers whose transactions
overlap could each miss the other's copy. These tests interleave two (or three) stores' batches
deterministically: one batch is held open at a chosen point by a gate, the other runs as far as
it can, then the first is released. No sleeps decide anything; waits only bound a hang.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from newscrawl.db import ArticleStore, make_engine, upgrade_database
from newscrawl.db import duplicates as duplicates_module
from newscrawl.db import store as store_module
from newscrawl.db.events import POSTGRES_EVENTS_LOCK_KEY
from tests.dbhelpers import T0, article, story, wait_until
from tests.test_db_duplicates import copy_on, duplicate_of, syndicated

# Bounds a hang; never reached when the code is right.
WAIT_S = 30.0

ORIGINAL = article("story", body=story(1), title="Banks raise rates")
COPY = copy_on("partner.example", "banks", syndicated(story(1)), title="Rates go up at banks")


class Gate:
    """Wraps ``function``: a call made on ``engine``'s connection stops before it runs until
    :meth:`open`; other calls pass straight through."""

    def __init__(self, function: Callable[..., Any], engine: sa.Engine) -> None:
        self.function = function
        self.engine = engine
        self.reached = threading.Event()
        self.released = threading.Event()

    def __call__(self, connection: sa.Connection, *args: Any, **kwargs: Any) -> Any:
        if connection.engine is self.engine and not self.released.is_set():
            self.reached.set()
            if not self.released.wait(WAIT_S):
                raise AssertionError("the gate was never opened")
        return self.function(connection, *args, **kwargs)

    def wait_until_reached(self) -> None:
        assert self.reached.wait(WAIT_S), "the held batch never reached the gate"

    def open(self) -> None:
        self.released.set()

    def __enter__(self) -> Gate:
        return self

    def __exit__(self, *_exc: object) -> None:
        # Never leave the held batch waiting when a test fails half-way.
        self.open()


def open_engines(url: str, count: int) -> list[sa.Engine]:
    """``count`` engines (separate pools, as separate processes have) on one database."""
    engines = [make_engine(url) for _ in range(count)]
    upgrade_database(engines[0])
    return engines


@pytest.fixture
def pg_engines(postgres_url: str) -> Iterator[list[sa.Engine]]:
    engines = open_engines(postgres_url, 3)
    yield engines
    for engine in engines:
        engine.dispose()


def backend_pids(engine: sa.Engine) -> set[int]:
    """PostgreSQL backend pids of ``engine``'s connections, filled in as they open."""
    pids: set[int] = set()

    @sa.event.listens_for(engine, "connect")
    def remember(dbapi_connection: Any, _record: Any) -> None:
        pids.add(dbapi_connection.info.backend_pid)

    return pids


def waits_for_the_writers_lock(observer: sa.Engine, pids: set[int]) -> bool:
    """True when one of ``pids`` waits for the event writers' advisory lock."""
    statement = sa.text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND ((classid::bigint << 32) | objid::bigint) = :key AND pid = ANY(:pids)"
    )
    with observer.connect() as connection:
        return bool(
            connection.execute(
                statement, {"key": POSTGRES_EVENTS_LOCK_KEY, "pids": list(pids)}
            ).scalar()
        )


def finished(future: Future[Any]) -> Any:
    return future.result(timeout=WAIT_S)


def test_postgresql_copy_written_while_its_original_is_uncommitted_is_linked(
    pg_engines: list[sa.Engine], monkeypatch
) -> None:
    engine_a, engine_b, observer = pg_engines
    gate = Gate(store_module.write_events, engine_a)
    monkeypatch.setattr(store_module, "write_events", gate)
    pids_b = backend_pids(engine_b)

    with ThreadPoolExecutor(max_workers=2) as pool, gate:
        # A has linked its article and is about to commit: its rows are invisible to others.
        first = pool.submit(ArticleStore(engine_a).save_batch, [ORIGINAL], T0)
        gate.wait_until_reached()
        second = pool.submit(ArticleStore(engine_b).save_batch, [COPY], T0 + timedelta(hours=1))
        # B writes its rows, then waits for A before it looks for earlier copies.
        wait_until(lambda: second.done() or waits_for_the_writers_lock(observer, pids_b), WAIT_S)
        assert not second.done(), finished(second)
        gate.open()
        result_a, result_b = finished(first), finished(second)

    assert (result_a.articles_created, result_b.articles_created) == (1, 1)
    assert result_b.duplicates_linked == 1
    assert duplicate_of(engine_a) == {ORIGINAL.url: None, COPY.url: ORIGINAL.url}


def test_postgresql_without_the_lock_the_race_leaves_both_unlinked(
    pg_engines: list[sa.Engine], monkeypatch
) -> None:
    """The same interleaving with the linking lock taken out: the gap the lock closes."""
    engine_a, engine_b, _ = pg_engines
    monkeypatch.setattr(duplicates_module, "serialise_with_other_writers", lambda _c: None)
    gate = Gate(store_module.write_events, engine_a)
    monkeypatch.setattr(store_module, "write_events", gate)

    with ThreadPoolExecutor(max_workers=1) as pool, gate:
        first = pool.submit(ArticleStore(engine_a).save_batch, [ORIGINAL], T0)
        gate.wait_until_reached()
        # Nothing holds B back: it looks, finds no committed copy, and commits first.
        result_b = ArticleStore(engine_b).save_batch([COPY], T0 + timedelta(hours=1))
        gate.open()
        result_a = finished(first)

    assert result_a.duplicates_linked == result_b.duplicates_linked == 0
    assert duplicate_of(engine_a) == {ORIGINAL.url: None, COPY.url: None}


def test_postgresql_articles_committed_out_of_id_order_reach_every_index(
    pg_engines: list[sa.Engine], monkeypatch
) -> None:
    """A draws the lower article id but commits last; C looked in between. C must still find
    A's article when a copy of it comes along (an "id above the last one loaded" catch-up
    would skip it for good)."""
    engine_a, _, engine_c = pg_engines
    store_a, store_b, store_c = (ArticleStore(e) for e in pg_engines)
    assert store_a.duplicates is not None
    gate = Gate(store_a.duplicates.link, engine_a)
    monkeypatch.setattr(store_a.duplicates, "link", gate)

    with ThreadPoolExecutor(max_workers=1) as pool, gate:
        # A has upserted its article (drawing the lowest id) and not linked it yet.
        first = pool.submit(store_a.save_batch, [ORIGINAL], T0)
        gate.wait_until_reached()
        store_b.save_batch([article("other", body=story(2))], T0)
        store_c.save_batch([article("third", body=story(3))], T0)  # C loads its index now
        gate.open()
        finished(first)

    result = store_c.save_batch([COPY], T0 + timedelta(hours=1))

    ids = dict(duplicate_of_ids(engine_c))
    assert ids[ORIGINAL.url] < ids["https://news.example/other"]
    assert result.duplicates_linked == 1
    assert duplicate_of(engine_c)[COPY.url] == ORIGINAL.url


def duplicate_of_ids(engine: sa.Engine) -> list[tuple[str, int]]:
    with engine.connect() as connection:
        return [
            (url, key) for url, key in connection.execute(sa.text("SELECT url, id FROM articles"))
        ]


def test_sqlite_copy_cannot_be_written_while_its_original_is_uncommitted(
    sqlite_url: str, monkeypatch
) -> None:
    """On SQLite the interleaving cannot happen: the first batch holds the write lock from its
    first statement to its commit, so the second fails (or, with the usual busy timeout, waits)
    before it writes anything, and links once the first has committed."""
    engine_a, engine_b = open_engines(sqlite_url, 2)
    # B gives up at once instead of waiting 30 s for the lock: the wait is what is tested.
    sa.event.listen(engine_b, "connect", lambda dbapi, _r: dbapi.execute("PRAGMA busy_timeout = 0"))
    gate = Gate(store_module.write_events, engine_a)
    monkeypatch.setattr(store_module, "write_events", gate)
    store_b = ArticleStore(engine_b)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool, gate:
            first = pool.submit(ArticleStore(engine_a).save_batch, [ORIGINAL], T0)
            gate.wait_until_reached()
            with pytest.raises(sa.exc.OperationalError, match="locked"):
                store_b.save_batch([COPY], T0 + timedelta(hours=1))
            gate.open()
            finished(first)

        result = store_b.save_batch([COPY], T0 + timedelta(hours=1))  # the writer's retry

        assert result.duplicates_linked == 1
        assert duplicate_of(engine_a) == {ORIGINAL.url: None, COPY.url: ORIGINAL.url}
    finally:
        for engine in (engine_a, engine_b):
            engine.dispose()


def test_another_processes_edit_replaces_the_signature_in_this_index(db_url: str) -> None:
    """The catch-up also follows ``article_updated`` events: a copy of an article's new content
    is linked to it in a process that loaded the old content."""
    engine_a, engine_b = open_engines(db_url, 2)
    store_a, store_b = ArticleStore(engine_a), ArticleStore(engine_b)
    try:
        store_a.save_batch([article("story", body=story(1))], T0)
        store_b.save_batch([article("unrelated", body=story(2))], T0)  # B loads its index
        store_a.save_batch([article("story", body=story(5))], T0 + timedelta(hours=1))

        result = store_b.save_batch(
            [copy_on("partner.example", "new", syndicated(story(5)))], T0 + timedelta(hours=2)
        )

        assert result.duplicates_linked == 1
        assert duplicate_of(engine_b)["https://partner.example/new"] == ORIGINAL.url
    finally:
        for engine in (engine_a, engine_b):
            engine.dispose()
