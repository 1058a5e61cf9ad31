"""The cyclic garbage collector runs less often while a spider is open, and is restored after."""

from __future__ import annotations

import gc

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.memory import tune_collector
from pipelines.collector import CollectorTuning


@pytest.fixture
def collector_settings():
    """Python's collector settings as the test found them, put back afterwards."""
    threshold = gc.get_threshold()
    yield threshold
    gc.set_threshold(*threshold)
    gc.unfreeze()


def test_tuning_freezes_live_objects_and_raises_the_young_threshold(collector_settings) -> None:
    restore = tune_collector(5000)
    assert gc.get_threshold() == (5000, *collector_settings[1:])
    assert gc.get_freeze_count() > 0
    restore()
    assert gc.get_threshold() == collector_settings
    assert gc.get_freeze_count() == 0


def test_the_extension_tunes_while_the_spider_is_open(collector_settings) -> None:
    crawler = get_crawler(Spider, {"NEWSCRAWL_GC_THRESHOLD": 4321})
    extension = CollectorTuning.from_crawler(crawler)
    spider = Spider("s")
    extension.spider_opened(spider)
    assert gc.get_threshold()[0] == 4321
    extension.spider_closed(spider)
    assert gc.get_threshold() == collector_settings
    extension.spider_closed(spider)  # a second close changes nothing
    assert gc.get_threshold() == collector_settings


def test_a_zero_threshold_leaves_the_collector_alone() -> None:
    with pytest.raises(NotConfigured):
        CollectorTuning.from_crawler(get_crawler(Spider, {"NEWSCRAWL_GC_THRESHOLD": 0}))


def test_the_project_enables_it() -> None:
    settings = Settings({k: v for k, v in vars(project_settings).items() if k.isupper()})
    assert "pipelines.collector.CollectorTuning" in settings.getdict("EXTENSIONS")
    assert settings.getint("NEWSCRAWL_GC_THRESHOLD") > 700
