"""Linking copies of a story to its first copy, at write time, inside the batch's transaction.

For each article a batch creates, in fetch order:

1. an *exact* duplicate: another article with the same ``content_hash`` (title and body), found
   through the ``ix_articles_content_hash`` index (bodies without a single word are never
   linked this way: empty pages are not copies of each other);
2. else a *near* duplicate: the in-memory :class:`~newscrawl.neardup.NearDuplicateIndex`
   (MinHash LSH over the body's word shingles) finds an earlier article at least
   ``threshold`` similar.

The new article's ``duplicate_of`` is set to the first copy of the matched story (links never
chain), and every new or changed article's signature is stored in ``article_signatures``.
A new process rebuilds its index from that table the first time a batch creates an article,
limited to the settings' ``window``; before each such batch it also catches up with the
signatures other processes stored since, so crawlers running at once see each other's articles.

**Concurrent writers.** Linking looks for earlier copies among *committed* rows. If two
processes (or two threads with their own connections) wrote copies of one story in overlapping
transactions, each would look before the other committed, and neither copy would be linked.
So linking is serialised with the other writers: on PostgreSQL it takes the transaction-scoped
advisory lock that event writers take (:data:`newscrawl.db.events.POSTGRES_EVENTS_LOCK_KEY`),
after every row lock the batch needs and before its first read of other writers' rows, and
holds it until the commit. Transactions that link therefore look, write and commit one after
the other, and each sees every copy committed before it; the article upserts before the lock
still run in parallel. On SQLite a writer holds the database's write lock from its first
statement (the article upsert) to its commit, which gives the same order without more.

**Catching up in commit order.** Article ids are drawn by the upserts, before the lock, so a
transaction holding id 7 can commit after one holding id 8: "signatures with an id above the
highest I have loaded" would skip 7 for good in a third process. The catch-up therefore follows
the ``events`` feed instead, whose ids are drawn under the same lock and become visible in
order (see :mod:`newscrawl.db.events`): each created or changed article has an event, written
in the transaction that stored its signature. It also brings in the new signatures of articles
other processes changed. (Deleting events newer than a running crawler has read would hide those
articles from its index: prune only old events.)

An article is linked once, when it is created. A later edit updates its signature but does not
re-link it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from newscrawl.db.events import ARTICLE_CREATED, ARTICLE_UPDATED, POSTGRES_EVENTS_LOCK_KEY
from newscrawl.db.models import article_signatures, articles, events
from newscrawl.neardup import (
    BodySketch,
    NearDuplicateIndex,
    NearDuplicateSettings,
    Signature,
    Sketcher,
    has_a_word,
)

log = logging.getLogger(__name__)

_Entry = tuple[Signature, int]

# Ids per IN (...) list when the catch-up fetches signatures: well under SQLite's limit on
# bound parameters, and one round trip per batch in the usual case.
_IDS_PER_QUERY = 500


class ChangedArticle(NamedTuple):
    """An article the batch created (``version`` 1) or gave a new version."""

    article_id: int
    version: int
    content_hash: str
    body: str
    fetched_at: datetime
    #: The body's signature as the crawler made it (:class:`~newscrawl.neardup.BodySketch`),
    #: used when it matches ``content_hash``; else the body is sketched here.
    sketch: BodySketch | None = None


@dataclass
class LinkResult:
    """What :meth:`DuplicateLinker.link` did: ``linked`` articles got a ``duplicate_of``;
    ``undo`` restores the in-memory index if the transaction does not commit."""

    linked: int = 0
    undo: list[tuple[int, _Entry | None]] = field(default_factory=list)


class DuplicateLinker:
    """Finds the first copy of each new article and keeps the signatures table up to date."""

    def __init__(self, settings: NearDuplicateSettings | None = None) -> None:
        self.settings = settings or NearDuplicateSettings()
        # Built on first use: a store that never creates an article never draws the permutations.
        self._built_sketcher: Sketcher | None = None
        self._built_index: NearDuplicateIndex | None = None
        # Highest events.id whose article's signature is reflected in the index; None until the
        # first load. Events, unlike article ids, become visible in id order (module docstring).
        self._event_cursor: int | None = None
        # Guards the index: a store may be shared by threads (each with its own transaction).
        self._lock = threading.Lock()

    @property
    def sketcher(self) -> Sketcher:
        """Makes the signatures (with this linker's settings)."""
        if self._built_sketcher is None:
            self._built_sketcher = Sketcher(self.settings)
        return self._built_sketcher

    @property
    def index(self) -> NearDuplicateIndex:
        """The in-memory index of the signatures loaded or written so far."""
        if self._built_index is None:
            self._built_index = NearDuplicateIndex(self.settings)
        return self._built_index

    def link(
        self,
        connection: sa.Connection,
        changed: Sequence[ChangedArticle],
        result: LinkResult | None = None,
    ) -> LinkResult:
        """Link the created articles among ``changed`` and store all their signatures.

        Call it after the batch's other writes but its events: on PostgreSQL it takes the lock
        that serialises concurrent batches until the commit (module docstring), and a batch
        holding that lock must not wait for a row lock. ``result`` (filled in as the index
        changes, so that :meth:`undo` can restore it even when a statement fails half-way) is
        returned.
        """
        result = result if result is not None else LinkResult()
        if not changed:
            return result
        signatures = {c.article_id: self._signature(c) for c in changed}
        created = sorted(
            (c for c in changed if c.version == 1), key=lambda c: (c.fetched_at, c.article_id)
        )
        updated = [c for c in changed if c.version != 1]
        links: dict[int, int] = {}
        if created:
            with self._lock:
                # Before taking the writers' lock, which other processes' batches wait for:
                # the window can be large, and loading it needs no lock (see _load_window).
                self._load_window(connection, max(c.fetched_at for c in created))
        serialise_with_other_writers(connection)
        with self._lock:
            if created:
                self._catch_up(connection)
                links = self._link_created(connection, created, signatures, result)
            self._reindex_updated(connection, updated, signatures, result)
        if links:
            connection.execute(
                sa.update(articles)
                .where(articles.c.id == sa.bindparam("b_id"))
                .values(duplicate_of=sa.bindparam("b_original")),
                [{"b_id": key, "b_original": original} for key, original in sorted(links.items())],
            )
        self._store_signatures(connection, changed, signatures)
        result.linked = len(links)
        return result

    def undo(self, result: LinkResult) -> None:
        """Put the index back as it was before :meth:`link` (the transaction failed)."""
        with self._lock:
            for key, previous in reversed(result.undo):
                if previous is None:
                    self.index.remove(key)
                else:
                    self.index.add(key, previous[0], previous[1])
            result.undo.clear()  # undone once: a second call changes nothing

    # -- steps -------------------------------------------------------------------------------

    def _signature(self, article: ChangedArticle) -> Signature | None:
        """The article's signature: the one it came with, when it is for this very content and
        these settings (made off the writer thread), else sketched here."""
        carried, signature = self.sketcher.carried_signature(article.sketch, article.content_hash)
        return signature if carried else self.sketcher.signature(article.body)

    def _link_created(
        self,
        connection: sa.Connection,
        created: list[ChangedArticle],
        signatures: dict[int, Signature | None],
        result: LinkResult,
    ) -> dict[int, int]:
        exact = _exact_originals(connection, created)
        links: dict[int, int] = {}
        for article in created:
            signature = signatures[article.article_id]
            # A signature means words; only a body too short to sketch needs looking at.
            has_words = signature is not None or has_a_word(article.body)
            original = exact.get(article.content_hash) if has_words else None
            if original is None and signature is not None:
                match = self.index.find_original(signature)
                original = match.original if match is not None else None
            root = article.article_id if original is None else original
            if original is not None:
                links[article.article_id] = original
            if has_words:
                exact.setdefault(article.content_hash, root)  # later copies in this batch
            if signature is not None:
                self._add_to_index(article.article_id, signature, root, result)
        return links

    def _reindex_updated(
        self,
        connection: sa.Connection,
        updated: list[ChangedArticle],
        signatures: dict[int, Signature | None],
        result: LinkResult,
    ) -> None:
        if not updated:
            return
        roots = _roots(connection, [c.article_id for c in updated])
        for article in updated:
            key = article.article_id
            signature = signatures[key]
            if signature is None:
                result.undo.append((key, self.index.get(key)))
                self.index.remove(key)
            else:
                self._add_to_index(key, signature, roots.get(key, key), result)

    def _add_to_index(self, key: int, signature: Signature, root: int, result: LinkResult) -> None:
        result.undo.append((key, self.index.get(key)))
        self.index.add(key, signature, root)

    def _load_window(self, connection: sa.Connection, now: datetime) -> None:
        """On first use, load the signatures of the settings' window (signed since ``now``
        minus the window) and set the event cursor."""
        if self._event_cursor is not None:
            return
        # The cursor first: a change that commits after this read has a higher event id, so
        # the catch-up finds whatever the load below does not see.
        self._event_cursor = _newest_event(connection)
        window = self.settings.window
        since = now - window if window is not None else None
        for key, signature, root in _signature_rows(connection, self.settings, since=since):
            if key not in self.index:
                self.index.add(key, signature, root)

    def _catch_up(self, connection: sa.Connection) -> None:
        """Bring the index up to date with the articles other writers created or changed since
        the cursor. Call it holding :func:`serialise_with_other_writers`'s lock, so that no
        change commits between the reads."""
        assert self._event_cursor is not None
        newest = _newest_event(connection)
        if newest <= self._event_cursor:
            return
        created, changed = _changed_since(connection, self._event_cursor, newest)
        # New articles already in the index are this process's own; changed ones may have a
        # new signature (or none any more).
        wanted = sorted(changed | {key for key in created if key not in self.index})
        found: set[int] = set()
        for key, signature, root in _signature_rows(connection, self.settings, ids=wanted):
            found.add(key)
            self.index.add(key, signature, root)
        for key in changed - found:
            self.index.remove(key)
        self._event_cursor = newest

    def _store_signatures(
        self,
        connection: sa.Connection,
        changed: Sequence[ChangedArticle],
        signatures: dict[int, Signature | None],
    ) -> None:
        rows = [
            {
                "article_id": c.article_id,
                "scheme": self.settings.scheme,
                "signature": signature.to_bytes(),
                "signed_at": c.fetched_at,
            }
            for c in sorted(changed, key=lambda c: c.article_id)
            if (signature := signatures[c.article_id]) is not None
        ]
        unsigned = [c.article_id for c in changed if signatures[c.article_id] is None]
        if unsigned:
            connection.execute(
                sa.delete(article_signatures).where(article_signatures.c.article_id.in_(unsigned))
            )
        if rows:
            insert = _dialect_insert(connection)(article_signatures)
            connection.execute(
                insert.on_conflict_do_update(
                    index_elements=["article_id"],
                    set_={
                        name: insert.excluded[name] for name in ("scheme", "signature", "signed_at")
                    },
                ),
                rows,
            )


def load_signatures(
    engine: sa.Engine,
    settings: NearDuplicateSettings | None = None,
    since: datetime | None = None,
) -> NearDuplicateIndex:
    """A :class:`NearDuplicateIndex` of the stored signatures made with ``settings`` (signed at
    or after ``since`` when given), each entry pointing at its article's first copy."""
    chosen = settings or NearDuplicateSettings()
    index = NearDuplicateIndex(chosen)
    with engine.connect() as connection:
        for key, signature, root in _signature_rows(connection, chosen, since=since):
            index.add(key, signature, root)
    return index


def serialise_with_other_writers(connection: sa.Connection) -> None:
    """Wait until no other transaction is linking or writing events, and keep it that way until
    this transaction ends (see the module docstring).

    PostgreSQL: the event writers' transaction-scoped advisory lock, taken early (taking it again
    in :func:`~newscrawl.db.events.write_events` is free). One lock for both, so no two
    transactions can wait on each other for two locks. SQLite: nothing to do; the write lock,
    held since the batch's first statement, already serialises writers.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_EVENTS_LOCK_KEY}
        )


def _newest_event(connection: sa.Connection) -> int:
    return int(connection.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0)


def _changed_since(connection: sa.Connection, after: int, up_to: int) -> tuple[set[int], set[int]]:
    """Ids of the articles created, and of those changed, by events in ``(after, up_to]``."""
    statement = sa.select(events.c.article_id, events.c.kind).where(
        events.c.id > after,
        events.c.id <= up_to,
        events.c.kind.in_((ARTICLE_CREATED, ARTICLE_UPDATED)),
    )
    created: set[int] = set()
    changed: set[int] = set()
    for key, kind in connection.execute(statement):
        (created if kind == ARTICLE_CREATED else changed).add(int(key))
    return created, changed


def _signature_rows(
    connection: sa.Connection,
    settings: NearDuplicateSettings,
    *,
    since: datetime | None = None,
    ids: Sequence[int] | None = None,
) -> Iterable[tuple[int, Signature, int]]:
    if ids is None:
        yield from _signature_rows_where(connection, settings, since=since)
        return
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        yield from _signature_rows_where(connection, settings, since=since, ids=chunk)


def _signature_rows_where(
    connection: sa.Connection,
    settings: NearDuplicateSettings,
    *,
    since: datetime | None = None,
    ids: Sequence[int] | None = None,
) -> Iterable[tuple[int, Signature, int]]:
    statement = (
        sa.select(
            article_signatures.c.article_id,
            article_signatures.c.signature,
            sa.func.coalesce(articles.c.duplicate_of, articles.c.id).label("root"),
        )
        .join(articles, articles.c.id == article_signatures.c.article_id)
        .where(article_signatures.c.scheme == settings.scheme)
        .order_by(article_signatures.c.article_id)
    )
    if ids is not None:
        statement = statement.where(article_signatures.c.article_id.in_(ids))
    if since is not None:
        statement = statement.where(article_signatures.c.signed_at >= since)
    for key, data, root in connection.execute(statement):
        try:
            signature = Signature.from_bytes(bytes(data))
        except ValueError as error:
            log.warning("signature of article %s ignored: %s", key, error)
            continue
        if len(signature.values) == settings.num_perm:
            yield int(key), signature, int(root)


def _exact_originals(connection: sa.Connection, created: list[ChangedArticle]) -> dict[str, int]:
    """First copy per content hash among articles stored before this batch."""
    hashes = sorted({c.content_hash for c in created})
    new_ids = [c.article_id for c in created]
    statement = (
        sa.select(
            articles.c.content_hash,
            sa.func.min(sa.func.coalesce(articles.c.duplicate_of, articles.c.id)),
        )
        .where(articles.c.content_hash.in_(hashes), articles.c.id.not_in(new_ids))
        .group_by(articles.c.content_hash)
    )
    return {content_hash: int(root) for content_hash, root in connection.execute(statement)}


def _roots(connection: sa.Connection, ids: list[int]) -> dict[int, int]:
    statement = sa.select(
        articles.c.id, sa.func.coalesce(articles.c.duplicate_of, articles.c.id)
    ).where(articles.c.id.in_(ids))
    return {int(key): int(root) for key, root in connection.execute(statement)}


def _dialect_insert(connection: sa.Connection) -> Any:
    from newscrawl.db.store import dialect_insert_factory

    return dialect_insert_factory(connection.engine)
