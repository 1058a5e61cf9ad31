"""Turning SIGINT and SIGTERM into a graceful stop request."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["stop_on_signals"]

log = logging.getLogger("newscrawl.schedule")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_on_signals(request_stop: Callable[[str], None]) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM call ``request_stop(signal name)`` (in a thread of
    its own, so it must be thread-safe) instead of interrupting the program; the previous
    handlers are restored afterwards.

    Must be entered from the main thread (Python delivers signals only there).
    """

    def handle(signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        log.info("received %s", name)
        # A handler runs in the main thread between two bytecodes, possibly while that thread
        # holds a lock that request_stop needs (a threading.Event's, inside Event.wait):
        # calling it here could deadlock. A thread of its own waits for the lock instead.
        threading.Thread(target=request_stop, args=(name,), name=f"stop-{name}").start()

    previous = {signum: signal.signal(signum, handle) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
