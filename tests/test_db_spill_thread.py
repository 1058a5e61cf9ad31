"""SpillThread: writes what callers hand over on its own thread, within a bound, in few appends."""

from __future__ import annotations

import threading

import pytest

from newscrawl.db.spill_thread import SpillThread
from tests.dbhelpers import wait_until


class Recorder:
    """A ``write`` callback that records its calls and their threads; ``gate`` holds it."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[int], str]] = []
        self.threads: list[threading.Thread] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, items: list[int], cause: str) -> None:
        self.threads.append(threading.current_thread())
        self.entered.set()
        self.gate.wait()
        self.calls.append((items, cause))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def written(recorder: Recorder) -> list[int]:
    return [item for items, _cause in recorder.calls for item in items]


def test_hand_offs_are_written_on_the_spill_thread(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=10, name="test-spill")

    assert spiller.hand_off([1, 2], "full", wait=0)
    assert spiller.close()

    assert recorder.calls == [([1, 2], "full")]
    assert [thread.name for thread in recorder.threads] == ["test-spill"]
    assert spiller.held == 0


def test_what_arrives_while_writing_is_written_together_by_cause(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=10, name="test-spill")
    recorder.gate.clear()
    spiller.hand_off([1], "full", wait=0)
    recorder.entered.wait(20)

    for item, cause in [(2, "full"), (3, "full"), (4, "dead"), (5, "dead"), (6, "full")]:
        assert spiller.hand_off([item], cause, wait=0)
    recorder.gate.set()
    spiller.close()

    assert recorder.calls == [([1], "full"), ([2, 3], "full"), ([4, 5], "dead"), ([6], "full")]


def test_a_full_hand_off_refuses_after_the_wait_and_keeps_nothing(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=3, name="test-spill")
    recorder.gate.clear()
    spiller.hand_off([1, 2], "full", wait=0)

    assert not spiller.hand_off([3, 4], "full", wait=0.01)  # 2 + 2 > 3
    assert spiller.hand_off([3], "full", wait=0)  # 2 + 1 fits
    assert spiller.held == 3
    recorder.gate.set()
    spiller.close()

    assert sorted(written(recorder)) == [1, 2, 3]


def test_a_waiting_hand_off_goes_through_once_there_is_room(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=2, name="test-spill")
    recorder.gate.clear()
    spiller.hand_off([1, 2], "full", wait=0)
    accepted: list[bool] = []
    waiter = threading.Thread(target=lambda: accepted.append(spiller.hand_off([3], "full", 20)))
    waiter.start()

    recorder.gate.set()
    waiter.join(20)
    spiller.close()

    assert accepted == [True]
    assert written(recorder) == [1, 2, 3]


def test_take_over_is_never_refused(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=2, name="test-spill")
    recorder.gate.clear()
    spiller.hand_off([1, 2], "full", wait=0)

    spiller.take_over([3, 4, 5], "dead")  # over the capacity: these were in memory already

    assert spiller.held == 5
    recorder.gate.set()
    assert spiller.close()
    assert written(recorder) == [1, 2, 3, 4, 5]


def test_after_close_hand_offs_are_written_by_the_caller(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=2, name="test-spill")
    assert spiller.close()  # never started: nothing to wait for

    assert spiller.hand_off([1], "full", wait=0)
    spiller.take_over([2], "dead")

    assert recorder.calls == [([1], "full"), ([2], "dead")]
    assert recorder.threads == [threading.current_thread()] * 2


def test_close_reports_a_thread_still_writing(recorder: Recorder) -> None:
    spiller = SpillThread(recorder, capacity=2, name="test-spill")
    recorder.gate.clear()
    spiller.hand_off([1], "full", wait=0)
    recorder.entered.wait(20)

    assert not spiller.close(timeout=0.01)

    recorder.gate.set()
    wait_until(lambda: spiller.held == 0)
    assert written(recorder) == [1]


def test_an_error_in_write_is_logged_and_the_thread_goes_on(caplog) -> None:
    calls: list[list[int]] = []

    def write(items: list[int], cause: str) -> None:
        calls.append(items)
        if cause == "bug":
            raise RuntimeError("a bug in the writer")

    spiller = SpillThread(write, capacity=10, name="test-spill")
    spiller.hand_off([1], "bug", wait=0)
    wait_until(lambda: spiller.held == 0)
    spiller.hand_off([2], "full", wait=0)
    spiller.close()

    assert calls == [[1], [2]]
    assert "unexpected error while spilling 1 item(s)" in caplog.text
    assert "a bug in the writer" in caplog.text


def test_capacity_must_be_positive(recorder: Recorder) -> None:
    with pytest.raises(ValueError, match="capacity"):
        SpillThread(recorder, capacity=0, name="test-spill")
