"""crawl_runs: a crawl's start and end, with its stats, round-trip on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.db import ArticleStore
from newscrawl.db.models import crawl_runs
from newscrawl.db.store import json_safe
from tests.dbhelpers import T0


def read_run(engine, run_id: int):
    with engine.connect() as connection:
        return connection.execute(crawl_runs.select().where(crawl_runs.c.id == run_id)).one()


def test_started_run_is_running(store: ArticleStore, engine) -> None:
    run_id = store.start_run("news", started_at=T0)

    run = read_run(engine, run_id)
    assert (run.spider, run.status, run.started_at, run.finished_at) == (
        "news",
        "running",
        T0,
        None,
    )
    assert run.stats == {}


def test_finished_run_keeps_status_time_and_stats(store: ArticleStore, engine) -> None:
    run_id = store.start_run("valuewalk", started_at=T0)
    finished = datetime(2026, 3, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    stats = {
        "item_scraped_count": 12,
        "start_time": T0,
        "elapsed_time_seconds": 3.5,
        "newscrawl/dropped/no_body": 1,
        "odd": float("nan"),
        "nested": {"by_status": {200: 12}},
    }

    store.finish_run(run_id, "finished", stats, finished_at=finished)

    run = read_run(engine, run_id)
    assert (run.status, run.finished_at) == ("finished", finished)
    assert run.stats["item_scraped_count"] == 12
    assert run.stats["start_time"] == T0.isoformat()
    assert run.stats["odd"] == "nan"
    assert run.stats["nested"] == {"by_status": {"200": 12}}


def test_runs_get_distinct_ids(store: ArticleStore) -> None:
    assert len({store.start_run("news") for _ in range(3)}) == 3


def test_finishing_an_unknown_run_is_an_error(store: ArticleStore) -> None:
    with pytest.raises(ValueError, match="no crawl run with id 999"):
        store.finish_run(999, "finished", {})


def test_json_safe_turns_unknown_objects_into_strings() -> None:
    safe = json_safe({"odd": object(), "list": (1, 2), "when": T0})
    assert isinstance(safe["odd"], str)
    assert safe["list"] == [1, 2] and safe["when"] == T0.isoformat()
