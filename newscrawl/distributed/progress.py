"""What the scheduler needs to know from the rest of the crawler, in one place.

Two questions have no public Scrapy API, so their answers are isolated here (and pinned by
``tests/test_distributed_progress.py``): which requests the engine is still working on, and
how far the store pipeline's writer has got.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy import Request


@dataclass(frozen=True)
class DurableMark:
    """Articles handed to the writer so far, and how many of those are written or spilled.

    The writer works through its queue in order, so once ``accounted`` reaches a value that
    ``submitted`` had earlier, every article submitted before that point is durable.
    """

    submitted: int
    accounted: int


def in_progress(crawler: Any) -> set[Request]:
    """Requests the engine has taken from the scheduler and not finished with.

    Scrapy adds a request to its engine slot when it takes it from the scheduler and removes
    it once the response (or failure) has gone through the callback, the item pipelines and the
    scheduling of new requests (``ExecutionEngine._slot.inprogress``, Scrapy 2.x).
    """
    slot = getattr(getattr(crawler, "engine", None), "_slot", None)
    if slot is None:
        return set()
    running = getattr(slot, "inprogress", None)
    if running is None:
        raise RuntimeError(
            "this Scrapy version does not expose the engine's in-progress requests; "
            "newscrawl's reliable Redis frontier cannot tell when a request is done"
        )
    return set(running)


def wake_engine(crawler: Any) -> None:
    """Ask the engine to look for requests now rather than at its next 5-second heartbeat."""
    slot = getattr(getattr(crawler, "engine", None), "_slot", None)
    nextcall = getattr(slot, "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


def durable_mark(crawler: Any) -> DurableMark:
    """The store pipeline writer's progress; without a writer, everything counts as durable."""
    writer = _writer(crawler)
    if writer is None:
        return DurableMark(0, 0)
    stats = writer.stats
    accounted = stats.written + stats.articles_rejected + stats.spilled + stats.lost
    return DurableMark(stats.submitted, accounted)


def _writer(crawler: Any) -> Any:
    """The ``BatchWriter`` of the crawl's store pipeline (``pipelines.store.StorePipeline``)."""
    scraper = getattr(getattr(crawler, "engine", None), "scraper", None)
    pipelines = getattr(getattr(scraper, "itemproc", None), "middlewares", ())
    for pipeline in pipelines:
        writer = getattr(pipeline, "writer", None)
        if writer is not None and hasattr(writer, "stats"):
            return writer
    return None
