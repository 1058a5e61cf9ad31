"""Memory hygiene for long crawls: large buffers go back to the operating system.

A crawler's main process handles one large buffer after another: response bodies (400 KB for a
typical news page), their copies on the way to an analysis worker, the worker's answers. With
glibc's default settings, freed blocks of that size stay in the process's heap (its threshold
for serving a block straight from the OS rises to the largest block freed so far) and every
thread that allocates may get an arena of its own (up to eight per core), so the resident size
grows with the mix of sizes and threads, not with what is live. In the crawl benchmark
(20,000 pages, one analysis worker) the crawler's process peaked at 345 MB with the defaults
and at 263 MB with the settings below. The same settings made extraction about 5% slower (each
large block is mapped afresh), so the crawler applies them only when extraction runs in worker
processes, whose allocator it leaves alone (:meth:`newscrawl.analysis.PageAnalyser.open`).

On platforms without glibc's ``mallopt`` (macOS, musl) nothing is changed.

:func:`tune_collector` is the crawler's other long-crawl setting: Python's cyclic garbage
collector, run after every 700 net allocations by default, took 11% of the crawler's process's
CPU time in the crawl benchmark (1.4 s of 11.5, with nine full collections over every live
object). Objects alive when the crawl starts (modules, settings, middlewares) are frozen out of
its reach and it runs less often (``pipelines.collector.CollectorTuning``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable

# glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
#: Blocks at least this large are mapped from the OS and unmapped when freed.
MMAP_THRESHOLD = 128 * 1024
#: malloc arenas shared by all threads (the reactor, the database writer, the pool's feeders).
ARENA_MAX = 2


def tune_allocator(mmap_threshold: int = MMAP_THRESHOLD, arena_max: int = ARENA_MAX) -> bool:
    """Ask glibc's allocator to serve blocks of ``mmap_threshold`` bytes or more from the OS
    (given back when freed) and to create at most ``arena_max`` arenas (threads that already
    have one keep it). Returns whether both settings were taken; ``False`` without glibc."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    threshold_set = mallopt(_M_MMAP_THRESHOLD, mmap_threshold) == 1
    arenas_set = mallopt(_M_ARENA_MAX, arena_max) == 1
    return threshold_set and arenas_set


def tune_collector(*thresholds: int) -> Callable[[], None]:
    """Move every object alive now out of the cyclic garbage collector's reach (``gc.freeze``)
    and set the collector's ``thresholds``, youngest generation first (Python's: 700, 10, 10;
    generations not given keep theirs). Returns a function that restores the thresholds and
    unfreezes those objects."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*thresholds, *previous[len(thresholds) :])

    def restore() -> None:
        gc.set_threshold(*previous)
        gc.unfreeze()

    return restore
