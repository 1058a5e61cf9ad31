"""A spill thread: appends to the spill file for callers that must not wait on the disk.

:class:`~newscrawl.db.writer.BatchWriter`'s ``submit()`` runs on Scrapy's reactor thread, which
must never wait on disk or database I/O. What it has to spill (a full overflow buffer, articles
submitted after the worker thread died) it hands to a :class:`SpillThread` instead. The hand-off
is bounded (``capacity`` items handed over and not yet written); a caller that finds it full
waits up to a time it chooses and is then told no, so that it decides what happens to its
items. The thread takes everything handed over so far at once and writes each run of items of
one cause in one call, so a burst costs one ``fsync``, not one per hand-off.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

Item = TypeVar("Item")
Cause = TypeVar("Cause", bound=Hashable)


class SpillThread(Generic[Item, Cause]):
    """Runs ``write(items, cause)`` on its own thread for the items callers hand over.

    ``write`` should account for its items itself and not raise; an exception it raises
    anyway is logged and the thread goes on. The thread starts on the first hand-off. After
    :meth:`close`, hand-offs are written on the caller's thread (only a ``submit()`` racing the
    writer's ``close()`` can get there).
    """

    def __init__(
        self, write: Callable[[list[Item], Cause], None], *, capacity: int, name: str
    ) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self._write = write
        self._capacity = capacity
        self._name = name
        # Guards everything below; notified when jobs arrive, room frees up, or on close.
        self._changed = threading.Condition()
        self._jobs: deque[tuple[list[Item], Cause]] = deque()
        self._held = 0  # items handed over and not yet written
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def held(self) -> int:
        """Items handed over and not yet written."""
        with self._changed:
            return self._held

    def hand_off(self, items: list[Item], cause: Cause, wait: float) -> bool:
        """Queue ``items`` for writing, waiting up to ``wait`` seconds for room.

        Returns False when there is still no room: the items stay the caller's to deal with.
        """
        with self._changed:
            has_room = self._changed.wait_for(lambda: self._fits(len(items)), wait)
            if not has_room:
                return False
            if not self._closed:
                self._queue_locked(items, cause)
                return True
        self._write_guarded(items, cause)
        return True

    def take_over(self, items: list[Item], cause: Cause) -> None:
        """Queue items the caller already holds in memory elsewhere (a dead worker's queue):
        memory does not grow, so this never waits and is never refused, whatever the bound."""
        with self._changed:
            if not self._closed:
                self._queue_locked(items, cause)
                return
        self._write_guarded(items, cause)

    def close(self, timeout: float | None = None) -> bool:
        """Write everything handed over and stop the thread; False when it is still busy after
        ``timeout`` seconds (its remaining items are then neither written nor accounted for)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
        # Only left when the thread died of something no `except Exception` catches.
        with self._changed:
            leftovers = list(self._jobs)
            self._jobs.clear()
        for items, cause in leftovers:
            self._write_guarded(items, cause)
            self._release(len(items))
        return True

    def _fits(self, count: int) -> bool:
        # An empty hand-off takes any job, so that one larger than the capacity cannot wait
        # forever; once closed, the caller writes the job itself.
        return self._closed or self._held == 0 or self._held + count <= self._capacity

    def _queue_locked(self, items: list[Item], cause: Cause) -> None:
        self._jobs.append((items, cause))
        self._held += len(items)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()
        self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._jobs or self._closed)
                if not self._jobs:
                    return
                jobs = list(self._jobs)
                self._jobs.clear()
            for cause, runs in itertools.groupby(jobs, key=lambda job: job[1]):
                items = [item for batch, _cause in runs for item in batch]
                self._write_guarded(items, cause)
                self._release(len(items))

    def _release(self, count: int) -> None:
        with self._changed:
            self._held -= count
            self._changed.notify_all()

    def _write_guarded(self, items: list[Item], cause: Cause) -> None:
        try:
            self._write(items, cause)
        except Exception:  # a bug in write(): say so, and keep serving the other hand-offs
            log.exception("%s: unexpected error while spilling %d item(s)", self._name, len(items))
