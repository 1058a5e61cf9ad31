"""The change feed: ``events`` rows written with each change, read back in id order.

The store writes one event per article created, per new version of an article, and per comment
added, in the same transaction as the change, as that transaction's last statement. Consumers
poll "everything after the last id I have seen" (:func:`read_events`).

**Ids become visible in order.** With several writers on PostgreSQL, a plain sequence would let
a transaction that took id 7 commit after another one that took id 8: a consumer reading at the
wrong moment would see 8, move its cursor past 7 and never see it. To rule that out, the store
takes a transaction-scoped advisory lock right before inserting its events and keeps it until
the commit, so the transactions that write events take their ids and commit one after the other
(only linking near duplicates, which takes the same lock, and writing the events are serialised;
the upserts before them still run in parallel). PostgreSQL makes a commit visible before it
releases the transaction's locks. On SQLite, writers hold the database's single write lock from
their first write to their commit, which gives the same order.
So ``id > cursor`` never skips an event; ids may have gaps (a rolled-back transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from newscrawl.db.models import article_versions, articles, comments, events

ARTICLE_CREATED = "article_created"
ARTICLE_UPDATED = "article_updated"
COMMENT_ADDED = "comment_added"
EVENT_KINDS = (ARTICLE_CREATED, ARTICLE_UPDATED, COMMENT_ADDED)

# Arbitrary constant naming the event writers' lock among PostgreSQL advisory locks.
POSTGRES_EVENTS_LOCK_KEY = 0x6E657773_6576_6E74 & 0x7FFF_FFFF_FFFF_FFFF


def write_events(
    connection: sa.Connection,
    versions: Sequence[tuple[int, int]],
    added_comments: Sequence[tuple[int, int]],
    created_at: datetime,
) -> int:
    """Insert the events of one transaction: ``versions`` holds ``(article_id, version)`` for
    each new version (version 1: created), ``added_comments`` ``(comment_id, article_id)``.

    Call it last in the transaction (see the module docstring). Returns the number written.
    """
    rows: list[dict[str, Any]] = [
        {
            "kind": ARTICLE_CREATED if version == 1 else ARTICLE_UPDATED,
            "article_id": article_id,
            "comment_id": None,
            "version": version,
            "created_at": created_at,
        }
        for article_id, version in sorted(versions)
    ]
    rows += [
        {
            "kind": COMMENT_ADDED,
            "article_id": article_id,
            "comment_id": comment_id,
            "version": None,
            "created_at": created_at,
        }
        for comment_id, article_id in sorted(added_comments)
    ]
    if not rows:
        return 0
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_EVENTS_LOCK_KEY}
        )
    connection.execute(sa.insert(events), rows)
    return len(rows)


@dataclass(frozen=True)
class FeedEvent:
    """One event joined with what changed.

    For article events, ``title``/``body``/``updated_at``/``content_hash``/``fetched_at`` are
    those of the event's ``version`` (even if the article changed again since). For
    ``comment_added``, ``title`` is the article's current title, the version fields are empty
    and the ``comment_*`` fields describe the comment. ``duplicate_of_url`` is the canonical
    URL of the first copy of the story when the article is a (near) duplicate.
    """

    id: int
    kind: str
    created_at: datetime
    article_id: int
    url: str
    site: str
    version: int | None
    title: str | None
    body: str | None
    published_at: datetime | None
    updated_at: datetime | None
    content_hash: str | None
    fetched_at: datetime | None
    duplicate_of: int | None
    duplicate_of_url: str | None
    comment_id: int | None
    comment_external_id: str | None
    comment_parent_id: str | None
    comment_author: str | None
    comment_posted_at: datetime | None
    comment_body: str | None


def read_events(
    connection: sa.Connection, after_id: int = 0, limit: int | None = None
) -> list[FeedEvent]:
    """Events with ``id > after_id`` in id order (at most ``limit``), joined with their
    article, version and comment. The next cursor is the last event's ``id``."""
    original = articles.alias("original")
    version = article_versions
    statement = (
        sa.select(
            events.c.id,
            events.c.kind,
            events.c.created_at,
            events.c.article_id,
            articles.c.url,
            articles.c.site,
            events.c.version,
            sa.func.coalesce(version.c.title, articles.c.title).label("title"),
            version.c.body,
            articles.c.published_at,
            version.c.updated_at,
            version.c.content_hash,
            version.c.fetched_at,
            articles.c.duplicate_of,
            original.c.url.label("duplicate_of_url"),
            events.c.comment_id,
            comments.c.external_id.label("comment_external_id"),
            comments.c.parent_id.label("comment_parent_id"),
            comments.c.author.label("comment_author"),
            comments.c.posted_at.label("comment_posted_at"),
            comments.c.body.label("comment_body"),
        )
        .select_from(events)
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(
            version,
            sa.and_(
                version.c.article_id == events.c.article_id,
                version.c.version == events.c.version,
            ),
        )
        .outerjoin(comments, comments.c.id == events.c.comment_id)
        .outerjoin(original, original.c.id == articles.c.duplicate_of)
        .where(events.c.id > after_id)
        .order_by(events.c.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [FeedEvent(**row._asdict()) for row in connection.execute(statement)]


def last_event_id(connection: sa.Connection) -> int:
    """The highest event id so far (0 when there is none): a cursor for "from now on"."""
    return int(connection.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0)
