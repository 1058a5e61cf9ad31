"""``crawl_runs.site``: written by ``ArticleStore.start_run``, kept by ``finish_run``."""

from __future__ import annotations

from newscrawl.db import ArticleStore
from tests.dbhelpers import T0, rows


def test_start_run_records_the_scheduled_site(store: ArticleStore, engine) -> None:
    run_id = store.start_run("news", started_at=T0, site="ledger")
    store.finish_run(run_id, "finished", {"item_scraped_count": 3}, finished_at=T0)

    assert rows(engine, "SELECT spider, site, status FROM crawl_runs WHERE id = :i", i=run_id) == [
        ("news", "ledger", "finished")
    ]


def test_a_run_without_a_site_stores_null(store: ArticleStore, engine) -> None:
    run_id = store.start_run("valuewalk", started_at=T0)

    assert rows(engine, "SELECT site FROM crawl_runs WHERE id = :i", i=run_id) == [(None,)]
