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
A new process rebuilds its index from that table (:func:`load_signatures`) the first time a
batch creates an article, limited to the settings' ``window``; before each such batch it also
loads the signatures other processes stored since, so crawlers of different sites running at
once see each other's articles (a copy written at the very same moment as its original, by
another process, may be missed: neither transaction sees the other's uncommitted rows).

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

from newscrawl.db.models import article_signatures, articles
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
        # Highest article_signatures.article_id loaded; None until the first load.
        self._loaded_up_to: int | None = None
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

        ``result`` (filled in as the index changes, so that :meth:`undo` can restore it even
        when a statement fails half-way) is returned.
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
        with self._lock:
            if created:
                self._refresh(connection, max(c.fetched_at for c in created))
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

    def _refresh(self, connection: sa.Connection, now: datetime) -> None:
        """Load signatures not in the index yet: the window on first use, then what other
        processes stored since."""
        if self._loaded_up_to is None:
            top = connection.execute(sa.select(sa.func.max(article_signatures.c.article_id)))
            self._loaded_up_to = int(top.scalar() or 0)
            window = self.settings.window
            since = now - window if window is not None else None
            rows = _signature_rows(connection, self.settings, up_to=self._loaded_up_to, since=since)
        else:
            rows = _signature_rows(connection, self.settings, after=self._loaded_up_to)
        for key, signature, root in rows:
            self._loaded_up_to = max(self._loaded_up_to, key)
            if key not in self.index:
                self.index.add(key, signature, root)

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


def _signature_rows(
    connection: sa.Connection,
    settings: NearDuplicateSettings,
    *,
    after: int | None = None,
    up_to: int | None = None,
    since: datetime | None = None,
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
    if after is not None:
        statement = statement.where(article_signatures.c.article_id > after)
    if up_to is not None:
        statement = statement.where(article_signatures.c.article_id <= up_to)
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
