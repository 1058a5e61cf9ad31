"""The scheduler's site name reaches ``crawl_runs.site`` through the store pipeline."""

from __future__ import annotations

import pytest

from newscrawl.schedule import launcher
from pipelines import store as store_pipeline
from pipelines.store import StorePipeline, StoreSettings
from tests.test_pipeline_store import article, make_crawler, query, run_pipeline


def test_the_pipeline_reads_the_setting_the_scheduler_passes() -> None:
    # newscrawl never imports pipelines, so the name is spelled in both places.
    assert store_pipeline.SITE_LABEL_SETTING == launcher.SITE_LABEL_SETTING


@pytest.mark.parametrize(
    ("settings", "label"),
    [
        ({}, None),
        ({"NEWSCRAWL_SITE_LABEL": ""}, None),
        ({"NEWSCRAWL_SITE_LABEL": "ledger"}, "ledger"),
    ],
)
def test_site_label_setting(sqlite_url, tmp_path, settings, label) -> None:
    crawler = make_crawler(sqlite_url, tmp_path, **settings)

    assert StoreSettings.from_crawler(crawler).site_label == label


def test_a_scheduled_crawl_records_its_site(sqlite_url, tmp_path) -> None:
    crawler = make_crawler(sqlite_url, tmp_path, NEWSCRAWL_SITE_LABEL="ledger")

    run_pipeline(StorePipeline.from_crawler(crawler), [article(1)])

    assert query(sqlite_url, "SELECT spider, site, status FROM crawl_runs") == [
        ("news-test", "ledger", "finished")
    ]


def test_a_crawl_started_by_hand_leaves_the_site_null(sqlite_url, tmp_path) -> None:
    run_pipeline(StorePipeline.from_crawler(make_crawler(sqlite_url, tmp_path)), [article(1)])

    assert query(sqlite_url, "SELECT spider, site FROM crawl_runs") == [("news-test", None)]
