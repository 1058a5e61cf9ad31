"""Idempotent writes: one short transaction of ``INSERT … ON CONFLICT`` statements per batch.

A batch is written with four statements, whatever its size:

1. upsert ``articles`` by URL, ``RETURNING id, url, version``. The ``DO UPDATE`` bumps
   ``version`` and ``last_changed_at`` only when the content hash differs (a ``CASE``), and only
   when this fetch is not older than the stored one, so a late replay never overwrites newer
   content;
2. insert ``article_versions`` rows for the returned ``(id, version)`` pairs, ``DO NOTHING`` on
   conflict: a row is inserted exactly when the article is new or its content changed, which is
   also how the batch learns which articles were created, updated or unchanged;
3. upsert ``article_urls`` (canonical URLs always point at their article; other URLs keep the
   article they were first seen for);
4. insert ``comments``, ``DO NOTHING`` on conflict with ``(article_id, dedupe_key)``;
5. upsert the batch's ``page_states`` rows, if any (``newscrawl.db.states``);
6. (revision 0002) link each created article to the first copy of its story when it is an
   exact or near duplicate, and store the signatures (``newscrawl.db.duplicates``). On
   PostgreSQL this takes the lock that serialises concurrent batches from here to their
   commit, so that a copy written at the same time as its original, by another process, is
   still linked; it comes after every row lock the batch takes, so that a batch holding the
   lock never waits for a row held by a batch waiting for the lock;
7. last, insert one ``events`` row per created article, per new version and per comment
   added (``newscrawl.db.events``, which explains why it must come last).

Everything a batch writes, events included, commits or fails together, so an event exists
exactly when its change does: an unchanged re-save, a replayed spill file or a concurrent
writer that lost the race writes no event.

On PostgreSQL, concurrent writers of the same article serialise on the ``articles`` unique
index: the second waits for the first to commit, then takes the ``DO UPDATE`` branch, sees the
same hash and keeps the version, and its version row hits the conflict. One row, one version.
Rows are sent in URL order so that two batches lock shared rows in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from newscrawl.db import states as state_store
from newscrawl.db.duplicates import ChangedArticle, DuplicateLinker, LinkResult
from newscrawl.db.engine import SUPPORTED_DIALECTS, UnsupportedDatabaseError, masked
from newscrawl.db.events import write_events
from newscrawl.db.models import article_urls, article_versions, articles, comments, crawl_runs
from newscrawl.db.rows import FetchedArticle, PendingArticle, merge_batch, version_row
from newscrawl.db.types import as_utc
from newscrawl.items import Article
from newscrawl.neardup import NearDuplicateSettings
from newscrawl.revisit import PageState

# The default near-duplicate settings (threshold 0.8); pass None to ArticleStore to turn off.
DEFAULT_NEAR_DUPLICATES = NearDuplicateSettings()

InsertFactory = Callable[[sa.Table], Any]

# The dialect-specific insert() constructs, which know ON CONFLICT.
_INSERTS: dict[str, InsertFactory] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class BatchResult:
    """What one or more batches did. ``articles_updated`` counts articles whose content changed
    (a new version); ``articles_rejected`` counts invalid articles skipped with a warning;
    ``duplicates_linked`` created articles linked to an earlier copy (``duplicate_of``);
    ``states_saved``/``states_rejected`` page states written or refused as invalid."""

    articles_created: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    comments_added: int = 0
    articles_rejected: int = 0
    duplicates_linked: int = 0
    states_saved: int = 0
    states_rejected: int = 0

    def __add__(self, other: BatchResult) -> BatchResult:
        if not isinstance(other, BatchResult):
            return NotImplemented
        return BatchResult(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def __radd__(self, other: object) -> BatchResult:
        # Lets sum(results) start from 0.
        if other == 0:
            return self
        return NotImplemented

    @property
    def articles_stored(self) -> int:
        """Articles written (created, updated or confirmed unchanged)."""
        return self.articles_created + self.articles_updated + self.articles_unchanged


class ArticleStore:
    """Writes articles, their versions, URLs and comments, change events, page states and
    crawl runs to one database, and links near duplicates.

    ``near_duplicates`` sets how copies of a story are found (default: threshold 0.8); ``None``
    turns linking off (``duplicate_of`` stays null, no signatures are stored).

    Thread-safe: each call takes its own connection from the engine's pool.
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        near_duplicates: NearDuplicateSettings | None = DEFAULT_NEAR_DUPLICATES,
    ) -> None:
        self.engine = engine
        self._insert = dialect_insert_factory(engine)
        self._article_upsert = build_article_upsert(engine.dialect.name)
        self.duplicates = DuplicateLinker(near_duplicates) if near_duplicates else None

    @property
    def database(self) -> str:
        """The database URL with the password masked, for log lines."""
        return masked(self.engine.url)

    def save_batch(
        self, articles: Sequence[Article], fetched_at: datetime | None = None
    ) -> BatchResult:
        """Upsert ``articles`` (fetched at ``fetched_at``, default now) in one transaction."""
        moment = as_utc(fetched_at) if fetched_at is not None else datetime.now(timezone.utc)
        return self.save_fetched([FetchedArticle(article, moment) for article in articles])

    def save_fetched(
        self, entries: Sequence[FetchedArticle], states: Sequence[PageState] = ()
    ) -> BatchResult:
        """Like :meth:`save_batch`, with each article's own fetch time (used by the writer and
        by replay, so that stored times say when a page was fetched, not when it was written).

        ``states`` are page states to write in the same transaction (see
        :meth:`save_page_states`).
        """
        pending, rejected = merge_batch(entries)
        state_rows, states_rejected = state_store.state_rows(states)
        refused = BatchResult(articles_rejected=rejected, states_rejected=states_rejected)
        if not pending and not state_rows:
            return refused
        linking = LinkResult()
        try:
            with self.engine.begin() as connection:
                try:
                    result = self._write(connection, pending)
                    state_store.upsert_states(connection, self._insert, state_rows)
                    # After every row lock of the batch (see the module docstring, step 6).
                    linked = self._link_duplicates(
                        connection, result.versions, pending, result.ids, linking
                    )
                    # Last statement before the commit: see newscrawl.db.events.
                    write_events(
                        connection, result.versions, result.comments, datetime.now(timezone.utc)
                    )
                except BaseException:
                    # Before the rollback releases the linking lock: no other thread sharing
                    # this store may link against an article that will not exist.
                    self._undo_linking(linking)
                    raise
        except BaseException:
            self._undo_linking(linking)  # the commit itself failed (a no-op after the above)
            raise
        saved = BatchResult(states_saved=len(state_rows), duplicates_linked=linked)
        return result.batch + saved + refused

    def _undo_linking(self, linking: LinkResult) -> None:
        if self.duplicates is not None:
            self.duplicates.undo(linking)

    def _write(self, connection: sa.Connection, pending: list[PendingArticle]) -> _Written:
        if not pending:
            return _Written(BatchResult(), [], [], {})
        by_url = {p.url: p for p in pending}
        returned = connection.execute(self._article_upsert, [p.row for p in pending]).all()
        ids = {row.url: row.id for row in returned}
        new_versions = self._insert_versions(connection, returned, by_url)
        self._upsert_urls(connection, pending, ids)
        added = self._insert_comments(connection, pending, ids)
        created = sum(1 for _, version in new_versions if version == 1)
        batch = BatchResult(
            articles_created=created,
            articles_updated=len(new_versions) - created,
            articles_unchanged=len(returned) - len(new_versions),
            comments_added=len(added),
        )
        return _Written(batch, new_versions, added, ids)

    def _link_duplicates(
        self,
        connection: sa.Connection,
        new_versions: list[tuple[int, int]],
        pending: list[PendingArticle],
        ids: dict[str, int],
        linking: LinkResult,
    ) -> int:
        if self.duplicates is None or not new_versions:
            return 0
        by_id = {ids[p.url]: p for p in pending}
        changed = [
            ChangedArticle(
                article_id,
                version,
                by_id[article_id].row["content_hash"],
                by_id[article_id].row["body"] or "",
                by_id[article_id].row["last_fetched_at"],
                by_id[article_id].sketch,
            )
            for article_id, version in new_versions
        ]
        return self.duplicates.link(connection, changed, linking).linked

    def _insert_versions(
        self, connection: sa.Connection, returned: Sequence[Any], by_url: dict[str, PendingArticle]
    ) -> list[tuple[int, int]]:
        rows = [version_row(r.id, r.version, by_url[r.url]) for r in returned]
        statement = (
            self._insert(article_versions)
            .on_conflict_do_nothing(index_elements=["article_id", "version"])
            .returning(article_versions.c.article_id, article_versions.c.version)
        )
        return [(r.article_id, r.version) for r in connection.execute(statement, rows)]

    def _upsert_urls(
        self, connection: sa.Connection, pending: list[PendingArticle], ids: dict[str, int]
    ) -> None:
        canonical = [{"url": p.url, "article_id": ids[p.url]} for p in pending]
        upsert = self._insert(article_urls)
        connection.execute(
            upsert.on_conflict_do_update(
                index_elements=["url"],
                set_={"article_id": upsert.excluded.article_id},
                where=article_urls.c.article_id != upsert.excluded.article_id,
            ),
            canonical,
        )
        alias_owner = {
            alias: ids[p.url] for p in pending for alias in sorted(p.aliases) if alias not in ids
        }
        if alias_owner:
            connection.execute(
                self._insert(article_urls).on_conflict_do_nothing(index_elements=["url"]),
                [{"url": url, "article_id": alias_owner[url]} for url in sorted(alias_owner)],
            )

    def _insert_comments(
        self, connection: sa.Connection, pending: list[PendingArticle], ids: dict[str, int]
    ) -> list[tuple[int, int]]:
        """Insert new comments; return ``(comment_id, article_id)`` of those added."""
        rows = [{**c, "article_id": ids[p.url]} for p in pending for c in p.comments]
        if not rows:
            return []
        statement = (
            self._insert(comments)
            .on_conflict_do_nothing(index_elements=["article_id", "dedupe_key"])
            .returning(comments.c.id, comments.c.article_id)
        )
        return [(r.id, r.article_id) for r in connection.execute(statement, rows)]

    # -- page states -------------------------------------------------------------------------

    def save_page_states(self, states: Sequence[PageState]) -> BatchResult:
        """Upsert page states in one transaction (a stored state recording a later fetch is
        kept). Invalid states are counted in ``states_rejected`` and logged."""
        return self.save_fetched([], states)

    def load_page_states(
        self, site: str | None = None, urls: Iterable[str] | None = None
    ) -> dict[str, PageState]:
        """Stored states by URL, in one query: all of ``site``'s, or those of ``urls``."""
        with self.engine.connect() as connection:
            return state_store.load_states(connection, site=site, urls=urls)

    def due_for_revisit(self, site: str, now: datetime, limit: int | None = None) -> list[str]:
        """URLs of ``site`` the revisit policy wants checked at ``now``, most overdue first."""
        with self.engine.connect() as connection:
            return state_store.due_urls(connection, site, now, limit)

    # -- crawl runs --------------------------------------------------------------------------

    def start_run(
        self, spider: str, started_at: datetime | None = None, *, site: str | None = None
    ) -> int:
        """Record the start of a crawl (status ``running``); return the run's id.

        ``site`` is the scheduler's name for the site the crawl belongs to
        (``crawl_runs.site``); one-off crawls have none.
        """
        moment = started_at if started_at is not None else datetime.now(timezone.utc)
        statement = (
            sa.insert(crawl_runs)
            .values(spider=spider, site=site, started_at=moment, status="running", stats={})
            .returning(crawl_runs.c.id)
        )
        with self.engine.begin() as connection:
            return int(connection.execute(statement).scalar_one())

    def finish_run(
        self,
        run_id: int,
        status: str,
        stats: Mapping[str, Any],
        finished_at: datetime | None = None,
    ) -> None:
        """Record how crawl ``run_id`` ended, with its final stats (made JSON-safe)."""
        moment = finished_at if finished_at is not None else datetime.now(timezone.utc)
        statement = (
            sa.update(crawl_runs)
            .where(crawl_runs.c.id == run_id)
            .values(finished_at=moment, status=status, stats=json_safe(dict(stats)))
        )
        with self.engine.begin() as connection:
            if connection.execute(statement).rowcount == 0:
                raise ValueError(f"no crawl run with id {run_id} in {self.database}")


@dataclass(frozen=True)
class _Written:
    """What the article part of a batch did: counts, new ``(article_id, version)`` pairs and
    added ``(comment_id, article_id)`` pairs (for the events), and the article id by URL."""

    batch: BatchResult
    versions: list[tuple[int, int]]
    comments: list[tuple[int, int]]
    ids: dict[str, int]


def dialect_insert_factory(engine: sa.Engine) -> InsertFactory:
    """The dialect's own ``insert()`` (the one with ``on_conflict_do_…``) for ``engine``."""
    insert = _INSERTS.get(engine.dialect.name)
    if insert is not None:
        return insert
    raise UnsupportedDatabaseError(
        f"cannot store to {masked(engine.url)}: only {', '.join(SUPPORTED_DIALECTS)} are supported"
    )


def build_article_upsert(dialect_name: str) -> Any:
    """The ``articles`` upsert; see the module docstring for what each branch means."""
    statement = _INSERTS[dialect_name](articles)
    new, old = statement.excluded, articles.c
    newer = new.last_fetched_at >= old.last_fetched_at
    changed = sa.and_(newer, new.content_hash != old.content_hash)

    def if_(condition: Any, then: Any, otherwise: Any) -> Any:
        return sa.case((condition, then), else_=otherwise)

    def newer_unless_missing(name: str) -> Any:
        # A newer fetch that lacks a value keeps the stored one (a degraded page must not erase
        # what an earlier fetch found).
        return if_(sa.and_(newer, new[name].is_not(None)), new[name], old[name])

    def newer_unless_empty(name: str) -> Any:
        has_items = _json_array_length(dialect_name, new[name]) > 0
        return if_(sa.and_(newer, has_items), new[name], old[name])

    assignments = {
        "title": if_(changed, new.title, old.title),
        "body": if_(changed, new.body, old.body),
        "content_hash": if_(changed, new.content_hash, old.content_hash),
        "version": if_(changed, old.version + 1, old.version),
        "last_changed_at": if_(changed, new.last_changed_at, old.last_changed_at),
        "site": if_(newer, new.site, old.site),
        "authors": newer_unless_empty("authors"),
        "tags": newer_unless_empty("tags"),
        **{
            name: newer_unless_missing(name)
            for name in ("published_at", "updated_at", "language", "section", "image_url")
        },
        "last_fetched_at": if_(newer, new.last_fetched_at, old.last_fetched_at),
        "first_seen_at": if_(
            new.first_seen_at < old.first_seen_at, new.first_seen_at, old.first_seen_at
        ),
    }
    return statement.on_conflict_do_update(index_elements=["url"], set_=assignments).returning(
        articles.c.id, articles.c.url, articles.c.version
    )


def _json_array_length(dialect_name: str, column: Any) -> Any:
    if dialect_name == "postgresql":
        return sa.func.jsonb_array_length(column)
    return sa.func.json_array_length(column)


def json_safe(value: Any) -> Any:
    """A copy of ``value`` that any JSON column accepts: datetimes as ISO 8601, keys as strings,
    non-finite floats and unknown objects as strings (PostgreSQL's JSONB refuses NaN)."""
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)
