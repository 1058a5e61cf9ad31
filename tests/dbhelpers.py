"""Builders and queries shared by the storage tests (the fixtures live in ``tests/plugins``)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from newscrawl.items import Article, Comment

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)

Result = TypeVar("Result")

# Words for made-up news stories: common enough to overlap between stories, as real ones do.
_VOCABULARY_TEXT = """
market shares investors bank rates inflation company quarter profit growth analysts said report
government policy central economy prices oil energy trade deal tariffs earnings revenue forecast
chief executive board strike workers union election vote minister budget deficit bond yields
currency dollar euro stocks index fell rose week month year record high low sales demand supply
chain factory output jobs wages housing
"""
_VOCABULARY = tuple(_VOCABULARY_TEXT.split())


def article(slug: str = "a", **fields: Any) -> Article:
    """A small valid article at https://news.example/<slug>."""
    values: dict[str, Any] = {
        "url": f"https://news.example/{slug}",
        "fetched_url": f"https://news.example/{slug}",
        "site": "news.example",
        "title": f"Title {slug}",
        "body": f"First paragraph of {slug}.\nSecond paragraph.",
        "authors": ["Ann Writer"],
        "published_at": datetime(2026, 2, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
    }
    values.update(fields)
    return Article(**values)


def comment(body: str, external_id: str | None = None, **fields: Any) -> Comment:
    return Comment(body=body, external_id=external_id, **fields)


def rows(engine: sa.Engine, sql: str, **params: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(sql), params).all())


def count(engine: sa.Engine, table: str) -> int:
    return int(rows(engine, f"SELECT count(*) FROM {table}")[0][0])


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Poll ``predicate`` until it holds; fail after ``timeout`` seconds (a hang, not a race)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not reached within {timeout}s")
        time.sleep(0.01)


def story(seed: int, sentences: int = 12) -> str:
    """A made-up news story, the same for the same seed; different seeds share words but few
    word sequences, like unrelated real stories on one topic."""
    chooser = random.Random(seed)
    lines = []
    for _ in range(sentences):
        words = [chooser.choice(_VOCABULARY) for _ in range(chooser.randint(12, 20))]
        lines.append(" ".join(words).capitalize() + ".")
    return "\n".join(lines)


def at_once(jobs: Sequence[Callable[[], Result]]) -> list[Result]:
    """Run ``jobs`` in threads released together by a barrier; re-raise any failure."""
    barrier = threading.Barrier(len(jobs))

    def released(job: Callable[[], Result]) -> Result:
        barrier.wait()
        return job()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(released, job) for job in jobs]
        return [future.result() for future in futures]
