"""newscrawl's storage layer: schema, migrations, idempotent upserts and a write-behind batcher.

Typical use (what the Scrapy store pipeline does)::

    engine = make_engine(resolve_database_url(settings_url))
    upgrade_database(engine)
    writer = BatchWriter(ArticleStore(engine), spill_path=Path("spill/run-1.jsonl"))
    writer.start()
    writer.submit(article)          # from the reactor thread; never waits on the database
    writer.submit_state(state)      # a page's crawl state (newscrawl.revisit.PageState)
    stats = writer.close()          # at close_spider: flushes, joins the worker thread

Since revision 0002 the store also writes the change feed (``events``), links near duplicates
(``articles.duplicate_of``) and keeps page states; ``acquire_site_lock`` and friends keep two
crawls of one site apart.

Names are imported lazily so that ``newscrawl --help`` does not pay for SQLAlchemy and Alembic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.db.duplicates import load_signatures
    from newscrawl.db.engine import make_engine, resolve_database_url
    from newscrawl.db.events import FeedEvent, last_event_id, read_events
    from newscrawl.db.locks import (
        SiteLock,
        acquire_site_lock,
        default_owner,
        read_site_lock,
        release_site_lock,
        renew_site_lock,
    )
    from newscrawl.db.migrate import upgrade_database
    from newscrawl.db.spill import replay_spill
    from newscrawl.db.store import ArticleStore, BatchResult
    from newscrawl.db.writer import BatchWriter, WriterStats
    from newscrawl.neardup import NearDuplicateSettings
    from newscrawl.revisit import PageState, RevisitPolicy

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "resolve_database_url": "newscrawl.db.engine",
    "make_engine": "newscrawl.db.engine",
    "upgrade_database": "newscrawl.db.migrate",
    "ArticleStore": "newscrawl.db.store",
    "BatchResult": "newscrawl.db.store",
    "BatchWriter": "newscrawl.db.writer",
    "WriterStats": "newscrawl.db.writer",
    "replay_spill": "newscrawl.db.spill",
    "FeedEvent": "newscrawl.db.events",
    "read_events": "newscrawl.db.events",
    "last_event_id": "newscrawl.db.events",
    "SiteLock": "newscrawl.db.locks",
    "acquire_site_lock": "newscrawl.db.locks",
    "renew_site_lock": "newscrawl.db.locks",
    "release_site_lock": "newscrawl.db.locks",
    "read_site_lock": "newscrawl.db.locks",
    "default_owner": "newscrawl.db.locks",
    "load_signatures": "newscrawl.db.duplicates",
    "NearDuplicateSettings": "newscrawl.neardup",
    "PageState": "newscrawl.revisit",
    "RevisitPolicy": "newscrawl.revisit",
}

__all__ = [
    "ArticleStore",
    "BatchResult",
    "BatchWriter",
    "FeedEvent",
    "NearDuplicateSettings",
    "PageState",
    "RevisitPolicy",
    "SiteLock",
    "WriterStats",
    "acquire_site_lock",
    "default_owner",
    "last_event_id",
    "load_signatures",
    "make_engine",
    "read_events",
    "read_site_lock",
    "release_site_lock",
    "renew_site_lock",
    "replay_spill",
    "resolve_database_url",
    "upgrade_database",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
