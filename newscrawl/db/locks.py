"""Site locks: at most one crawl of a site at a time, across threads, processes and machines.

A lock is a ``crawl_locks`` row (site, owner, acquired_at, expires_at). Taking it is one atomic
statement on both backends::

    INSERT INTO crawl_locks … VALUES (:site, :owner, :now, :now + ttl)
    ON CONFLICT (site) DO UPDATE SET owner = …, acquired_at = …, expires_at = …
        WHERE crawl_locks.expires_at <= :now OR crawl_locks.owner = :owner
    RETURNING owner

A row comes back exactly when the lock is now ours: it was free, it had expired (its holder
died or stopped renewing), or we already held it (taking it again extends it). Two contenders
serialise on the row (PostgreSQL) or on the database write lock (SQLite); the second one sees
the first one's unexpired row and gets nothing back.

The holder renews the lock (:func:`renew_site_lock`) well before ``expires_at`` (for example
every ttl/3) while it crawls, and releases it at the end. A holder that dies leaves the row
behind; it expires after ``ttl``. Times come from the callers' clocks (``now`` defaults to the
local clock): the machines sharing a database need synchronised clocks, and the TTL must be
much longer than their skew.

Owners are free-form strings; make them unique per process, e.g. ``f"{hostname}:{pid}:{uuid}"``
(:func:`default_owner`).
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from newscrawl.db.models import crawl_locks
from newscrawl.db.types import as_utc


@dataclass(frozen=True)
class SiteLock:
    """A ``crawl_locks`` row."""

    site: str
    owner: str
    acquired_at: datetime
    expires_at: datetime

    def expired(self, now: datetime | None = None) -> bool:
        """Whether the lock has expired at ``now`` (default: the local clock)."""
        return self.expires_at <= _now(now)


def default_owner() -> str:
    """A lock owner name unique to this process: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_site_lock(
    engine: sa.Engine,
    site: str,
    owner: str,
    ttl: timedelta | float,
    now: datetime | None = None,
) -> bool:
    """Take the lock on ``site`` for ``owner`` until ``now + ttl`` (``ttl`` a timedelta or
    seconds). True when ``owner`` holds it afterwards; False when another owner's unexpired
    lock is in the way. Taking a lock one already holds extends it."""
    start = _now(now)
    expires = start + _ttl(ttl)
    insert = _insert_factory(engine)(crawl_locks).values(
        site=site, owner=owner, acquired_at=start, expires_at=expires
    )
    statement = insert.on_conflict_do_update(
        index_elements=["site"],
        set_={
            "owner": insert.excluded.owner,
            "acquired_at": insert.excluded.acquired_at,
            "expires_at": insert.excluded.expires_at,
        },
        where=sa.or_(
            crawl_locks.c.expires_at <= insert.excluded.acquired_at,
            crawl_locks.c.owner == insert.excluded.owner,
        ),
    ).returning(crawl_locks.c.owner)
    with engine.begin() as connection:
        return connection.execute(statement).scalar() == owner


def renew_site_lock(
    engine: sa.Engine,
    site: str,
    owner: str,
    ttl: timedelta | float,
    now: datetime | None = None,
) -> bool:
    """Extend ``owner``'s lock on ``site`` to ``now + ttl``. False when ``owner`` no longer
    holds it (another owner took it after it expired, or it was released): stop crawling then.
    A lock that expired but that nobody took is still ``owner``'s and is renewed."""
    statement = (
        sa.update(crawl_locks)
        .where(crawl_locks.c.site == site, crawl_locks.c.owner == owner)
        .values(expires_at=_now(now) + _ttl(ttl))
    )
    with engine.begin() as connection:
        return connection.execute(statement).rowcount == 1


def release_site_lock(engine: sa.Engine, site: str, owner: str) -> bool:
    """Give up ``owner``'s lock on ``site``; False when ``owner`` did not hold it."""
    statement = sa.delete(crawl_locks).where(
        crawl_locks.c.site == site, crawl_locks.c.owner == owner
    )
    with engine.begin() as connection:
        return connection.execute(statement).rowcount == 1


def read_site_lock(engine: sa.Engine, site: str) -> SiteLock | None:
    """The lock row of ``site`` (possibly expired), or ``None``."""
    statement = sa.select(crawl_locks).where(crawl_locks.c.site == site)
    with engine.connect() as connection:
        row = connection.execute(statement).one_or_none()
    return None if row is None else SiteLock(**row._asdict())


def _ttl(ttl: timedelta | float) -> timedelta:
    value = ttl if isinstance(ttl, timedelta) else timedelta(seconds=float(ttl))
    if value <= timedelta(0):
        raise ValueError(f"lock ttl must be positive, got {ttl!r}")
    return value


def _now(now: datetime | None) -> datetime:
    return datetime.now(timezone.utc) if now is None else as_utc(now)


def _insert_factory(engine: sa.Engine) -> Any:
    from newscrawl.db.store import dialect_insert_factory

    return dialect_insert_factory(engine)
