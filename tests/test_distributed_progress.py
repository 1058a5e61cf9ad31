"""The two things the reliable scheduler reads from outside public Scrapy APIs, pinned here:
the engine's in-progress requests, and the store pipeline writer's progress."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.distributed.progress import DurableMark, durable_mark, in_progress
from pipelines.store import StorePipeline
from tests.dbhelpers import article, wait_until


def _crawler_with(pipelines: list[object]) -> SimpleNamespace:
    itemproc = SimpleNamespace(middlewares=pipelines)
    return SimpleNamespace(engine=SimpleNamespace(scraper=SimpleNamespace(itemproc=itemproc)))


def test_writer_progress_of_the_real_store_pipeline(tmp_path) -> None:
    crawler = get_crawler(
        settings_dict={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'progress.db'}",
            "NEWSCRAWL_SPILL_DIR": str(tmp_path / "spill"),
            "NEWSCRAWL_FLUSH_INTERVAL": 0.05,
        }
    )
    pipeline = StorePipeline.from_crawler(crawler)
    fake = _crawler_with([object(), pipeline])
    assert durable_mark(fake) == DurableMark(0, 0)  # not open yet: nothing submitted
    pipeline._open()
    try:
        pipeline.process_item(article("p1"))
        pipeline.process_item(article("p2"))
        assert durable_mark(fake).submitted == 2
        wait_until(lambda: durable_mark(fake).accounted == 2)
    finally:
        pipeline.writer.close()
        pipeline.engine.dispose()


def test_without_a_store_pipeline_everything_counts_as_durable() -> None:
    assert durable_mark(_crawler_with([object()])) == DurableMark(0, 0)
    assert durable_mark(SimpleNamespace()) == DurableMark(0, 0)


def test_in_progress_reads_the_engine_slot() -> None:
    request = object()
    engine = SimpleNamespace(_slot=SimpleNamespace(inprogress={request}))
    assert in_progress(SimpleNamespace(engine=engine)) == {request}
    assert in_progress(SimpleNamespace(engine=SimpleNamespace(_slot=None))) == set()


def test_in_progress_refuses_an_engine_it_does_not_understand() -> None:
    engine = SimpleNamespace(_slot=SimpleNamespace())
    with pytest.raises(RuntimeError):
        in_progress(SimpleNamespace(engine=engine))


def test_scrapy_engine_slot_still_tracks_in_progress_requests() -> None:
    from scrapy.core.engine import _Slot

    assert "inprogress" in _Slot.__init__.__code__.co_names
