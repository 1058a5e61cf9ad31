"""Builders and queries shared by the storage tests (the fixtures live in ``tests/plugins``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from newscrawl.items import Article, Comment

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)




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
