"""``page_states``: the crawler's memory per URL, read in one query and written in batches.

The state transitions themselves (what a 304 or a changed page does to the state, when to
look again) are pure functions in :mod:`newscrawl.revisit`; this module only validates, stores
and reads :class:`~newscrawl.revisit.PageState` values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from newscrawl.db.models import page_states
from newscrawl.db.rows import MAX_URL_BYTES, clean_text, one_per_url
from newscrawl.db.types import as_utc
from newscrawl.revisit import PageState

log = logging.getLogger(__name__)

# URLs per IN (…) list when loading states by URL: well below every driver's parameter limit.
URL_CHUNK = 500
_TIME_FIELDS = (
    "first_fetched_at",
    "last_fetched_at",
    "last_changed_at",
    "sitemap_lastmod",
    "published_at",
    "next_check_at",
)
_TEXT_FIELDS = ("etag", "last_modified", "content_hash")
_COLUMNS = tuple(f.name for f in fields(PageState))
# Sorts before every fetch time: a state without a fetch loses to one with a fetch.
_NEVER = datetime.min.replace(tzinfo=timezone.utc)


class InvalidStateError(ValueError):
    """A page state that cannot be stored (no URL, wrong field types)."""


def state_row(state: Any) -> dict[str, Any]:
    """The ``page_states`` row for ``state``; raises :class:`InvalidStateError`."""
    if not isinstance(state, PageState):
        raise InvalidStateError(f"expected a PageState, got {type(state).__name__}")
    if not isinstance(state.url, str) or not state.url.strip():
        raise InvalidStateError(f"empty or non-string url {state.url!r}")
    if len(state.url.encode("utf-8", "replace")) > MAX_URL_BYTES:
        raise InvalidStateError(f"url longer than {MAX_URL_BYTES} bytes: {state.url[:80]}…")
    if not isinstance(state.site, str):
        raise InvalidStateError(f"{state.url}: site is not a string")
    for name in _TEXT_FIELDS:
        if not isinstance(getattr(state, name), str | None):
            raise InvalidStateError(f"{state.url}: {name} is not a string or None")
    for name in _TIME_FIELDS:
        value = getattr(state, name)
        if value is not None and not _storable(value):
            raise InvalidStateError(f"{state.url}: {name} is not a datetime (in range) or None")
    status = state.last_status
    if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
        raise InvalidStateError(f"{state.url}: last_status is not an integer or None")
    # A shallow copy: dataclasses.asdict deep-copies every datetime, which cost the writer
    # thread about a tenth of its time in the crawl benchmark. The fields are immutable values.
    row = {name: getattr(state, name) for name in _COLUMNS}
    for name in ("url", "site", *_TEXT_FIELDS):
        row[name] = clean_text(row[name])
    return row


def state_rows(states: Iterable[Any]) -> tuple[list[dict[str, Any]], int]:
    """Valid rows, one per URL (the latest fetch wins), sorted by URL; and the number rejected
    (each logged)."""
    return one_per_url(
        states,
        build=state_row,
        invalid=InvalidStateError,
        url_of=lambda row: row["url"],
        combine=_later_fetch,
        what="page state",
    )


def _later_fetch(earlier: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    return row if _fetch_key(row) >= _fetch_key(earlier) else earlier


def upsert_states(connection: sa.Connection, insert: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Write ``rows``; a stored state is replaced unless it records a later fetch."""
    if not rows:
        return
    statement = insert(page_states)
    new, old = statement.excluded, page_states.c
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["url"],
            set_={name: new[name] for name in _COLUMNS if name != "url"},
            where=sa.or_(old.last_fetched_at.is_(None), new.last_fetched_at >= old.last_fetched_at),
        ),
        list(rows),
    )


def load_states(
    connection: sa.Connection, site: str | None = None, urls: Iterable[str] | None = None
) -> dict[str, PageState]:
    """States by URL: every state of ``site``, or those of ``urls`` (or both filters)."""
    if site is None and urls is None:
        raise ValueError("load_page_states needs a site or a list of URLs")
    base = sa.select(*(page_states.c[name] for name in _COLUMNS))
    if site is not None:
        base = base.where(page_states.c.site == site)
    if urls is None:
        return _states(connection.execute(base))
    wanted = sorted(set(urls))
    found: dict[str, PageState] = {}
    for start in range(0, len(wanted), URL_CHUNK):
        chunk = wanted[start : start + URL_CHUNK]
        found.update(_states(connection.execute(base.where(page_states.c.url.in_(chunk)))))
    return found


def due_urls(
    connection: sa.Connection, site: str, now: datetime, limit: int | None = None
) -> list[str]:
    """URLs of ``site`` whose ``next_check_at`` is at or before ``now``, most overdue first."""
    statement = (
        sa.select(page_states.c.url)
        .where(page_states.c.site == site, page_states.c.next_check_at <= as_utc(now))
        .order_by(page_states.c.next_check_at, page_states.c.url)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(connection.execute(statement).scalars())


def _states(result: Iterable[Any]) -> dict[str, PageState]:
    return {row.url: PageState(**row._asdict()) for row in result}


def _fetch_key(row: dict[str, Any]) -> datetime:
    fetched = row["last_fetched_at"]
    return _NEVER if fetched is None else as_utc(fetched)


def _storable(value: Any) -> bool:
    if not isinstance(value, datetime):
        return False
    try:
        as_utc(value)
    except (OverflowError, ValueError):
        return False
    return True
