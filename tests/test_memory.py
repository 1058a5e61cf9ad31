"""The crawler's allocator tuning (newscrawl.memory), applied only with analysis workers."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

import newscrawl.analysis
from newscrawl.analysis import PageAnalyser
from newscrawl.memory import tune_allocator


def test_tuning_is_taken_by_glibc() -> None:
    if not hasattr(ctypes.CDLL("libc.so.6"), "gnu_get_libc_version"):
        pytest.skip("not glibc: mallopt's parameters differ")
    # In a child process: the tuning lasts for the life of the process that asks for it.
    asked = "from newscrawl.memory import tune_allocator; print(tune_allocator())"
    run = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True, check=True)

    assert run.stdout.strip() == "True"


def test_without_a_c_library_nothing_happens(monkeypatch) -> None:
    def missing(*args, **kwargs):
        raise OSError("no libc here")

    monkeypatch.setattr(ctypes, "CDLL", missing)

    assert tune_allocator() is False


@pytest.fixture
def tunings(monkeypatch) -> list[bool]:
    calls: list[bool] = []
    monkeypatch.setattr(newscrawl.analysis, "tune_allocator", lambda: calls.append(True) or True)
    return calls


@pytest.mark.parametrize(
    ("processes", "tune", "expected"), [(1, True, 1), (1, False, 0), (0, True, 0)]
)
def test_the_allocator_is_tuned_when_a_pool_opens_and_only_then(
    tunings: list[bool], processes: int, tune: bool, expected: int
) -> None:
    analyser = PageAnalyser(processes, tune_allocator=tune)
    try:
        analyser.open()
        analyser.open()  # already open: nothing more
    finally:
        analyser.close()

    assert len(tunings) == expected


def test_the_setting_reaches_the_analyser() -> None:
    from scrapy.settings import Settings

    on = PageAnalyser.from_settings(Settings({"NEWSCRAWL_EXTRACT_PROCESSES": 1}))
    off = PageAnalyser.from_settings(
        Settings({"NEWSCRAWL_EXTRACT_PROCESSES": 1, "NEWSCRAWL_TUNE_ALLOCATOR": False})
    )

    assert on._tune_allocator is True
    assert off._tune_allocator is False
