"""SIGINT/SIGTERM become stop requests, made outside the signal handler."""

from __future__ import annotations

import os
import signal
import threading

from newscrawl.schedule.signals import stop_on_signals


def test_sigterm_calls_request_stop_in_another_thread_and_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    called = threading.Event()
    seen: list[tuple[str, bool]] = []

    def request_stop(name: str) -> None:
        seen.append((name, threading.current_thread() is threading.main_thread()))
        called.set()

    with stop_on_signals(request_stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert called.wait(30), "request_stop was never called"
    assert seen == [("SIGTERM", False)]
    assert signal.getsignal(signal.SIGTERM) is before
