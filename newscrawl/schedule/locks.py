"""Per-site locks: never two crawls of the same site at once, also across scheduler processes.

The scheduler talks to a :class:`SiteLocks` object. :class:`DatabaseSiteLocks` adapts the
database lock functions of ``newscrawl.db.locks`` (a ``crawl_locks`` row per site, taken with
an atomic upsert, held for a time-to-live and renewed while the crawl runs), so every scheduler
writing to one database shares the locks. :class:`InProcessSiteLocks` only guards one process;
it is what tests use, and the fallback when the database has no lock support.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = [
    "DatabaseSiteLocks",
    "InProcessSiteLocks",
    "SiteLocks",
    "make_owner_id",
    "make_site_locks",
]

log = logging.getLogger(__name__)

DB_LOCKS_MODULE = "newscrawl.db.locks"


class SiteLocks(Protocol):
    """Exclusive, expiring locks on site names."""

    def acquire(self, site: str, now: datetime) -> bool:
        """Take the lock on ``site``; False when someone else holds it."""
        ...

    def renew(self, site: str, now: datetime) -> bool:
        """Extend our hold on ``site``; False when the lock is no longer ours."""
        ...

    def release(self, site: str) -> None:
        """Give up the lock on ``site`` (a no-op when we do not hold it)."""
        ...


def make_owner_id() -> str:
    """A lock owner name that tells an operator which process holds a lock."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class InProcessSiteLocks:
    """Locks held in this process only; they never expire."""

    def __init__(self) -> None:
        self._held: set[str] = set()

    def acquire(self, site: str, now: datetime) -> bool:
        if site in self._held:
            return False
        self._held.add(site)
        return True

    def renew(self, site: str, now: datetime) -> bool:
        return site in self._held

    def release(self, site: str) -> None:
        self._held.discard(site)


class DatabaseSiteLocks:
    """Locks in the database's ``crawl_locks`` table, through ``newscrawl.db.locks``.

    ``ttl`` bounds how long a lock outlives a scheduler that died without releasing it.
    """

    def __init__(self, engine: sa.Engine, owner: str, ttl: timedelta, functions: Any) -> None:
        self.engine = engine
        self.owner = owner
        self.ttl = ttl
        self._db = functions

    def acquire(self, site: str, now: datetime) -> bool:
        return bool(self._db.acquire_site_lock(self.engine, site, self.owner, self.ttl, now))

    def renew(self, site: str, now: datetime) -> bool:
        return bool(self._db.renew_site_lock(self.engine, site, self.owner, self.ttl, now))

    def release(self, site: str) -> None:
        self._db.release_site_lock(self.engine, site, self.owner)


def load_database_lock_functions() -> Any | None:
    """The ``newscrawl.db.locks`` module, or None when this installation has none."""
    try:
        return importlib.import_module(DB_LOCKS_MODULE)
    except ModuleNotFoundError as error:
        if error.name != DB_LOCKS_MODULE:
            raise
        return None


def make_site_locks(engine: sa.Engine, owner: str, ttl: timedelta) -> SiteLocks:
    """Database locks when the database layer supports them, else in-process locks (with a
    warning: two schedulers on one database could then crawl a site twice at once)."""
    functions = load_database_lock_functions()
    if functions is None:
        log.warning(
            "%s is not available: site locks guard this process only; do not run two "
            "schedulers on the same sites",
            DB_LOCKS_MODULE,
        )
        return InProcessSiteLocks()
    return DatabaseSiteLocks(engine, owner, ttl, functions)
