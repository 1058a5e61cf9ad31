"""newscrawl's storage layer: schema, migrations, idempotent upserts and a write-behind batcher.

Typical use (what the Scrapy store pipeline does)::

    engine = make_engine(resolve_database_url(settings_url))
    upgrade_database(engine)
    writer = BatchWriter(ArticleStore(engine), spill_path=Path("spill/run-1.jsonl"))
    writer.start()
    writer.submit(article)          # from the reactor thread; never waits on the database
    stats = writer.close()          # at close_spider: flushes, joins the worker thread

Names are imported lazily so that ``newscrawl --help`` does not pay for SQLAlchemy and Alembic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawl.db.engine import make_engine, resolve_database_url
    from newscrawl.db.migrate import upgrade_database
    from newscrawl.db.spill import replay_spill
    from newscrawl.db.store import ArticleStore, BatchResult
    from newscrawl.db.writer import BatchWriter, WriterStats

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
}

__all__ = [
    "ArticleStore",
    "BatchResult",
    "BatchWriter",
    "WriterStats",
    "make_engine",
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
