"""From items to table rows: validation, cleaning and merging of one batch, in pure Python.

Nothing here touches the database. The store turns the :class:`PendingArticle` values built
here into ``INSERT … ON CONFLICT`` statements.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from newscrawl.db.types import as_utc
from newscrawl.fingerprint import comment_content_hash, content_hash
from newscrawl.items import Article, Comment

log = logging.getLogger(__name__)

# Longest URL stored, in UTF-8 bytes. Browsers stop near 2,000 characters, and PostgreSQL's
# B-tree index refuses keys above ~2,700 bytes, which would fail the whole batch.
MAX_URL_BYTES = 2048
# External comment ids longer than this are hashed into the dedupe key (same index limit).
MAX_EXTERNAL_ID_CHARS = 256


class FetchedArticle(NamedTuple):
    """An article and the moment it was fetched (aware; stored as UTC)."""

    article: Article
    fetched_at: datetime


class InvalidArticleError(ValueError):
    """An article that cannot be stored (no URL, wrong field types, oversized URL)."""


@dataclass
class PendingArticle:
    """Everything one batch has to say about one canonical URL."""

    row: dict[str, Any]
    aliases: set[str] = field(default_factory=set)
    comments: list[dict[str, Any]] = field(default_factory=list)
    #: The article's :attr:`~newscrawl.items.Article.near_duplicate_sketch`, if it came with one.
    sketch: Any = None

    @property
    def url(self) -> str:
        return str(self.row["url"])


def clean_text(value: str | None) -> str | None:
    """Make ``value`` storable on every backend: PostgreSQL rejects NUL characters in text, and
    lone surrogates (from broken pages) cannot be encoded as UTF-8 at all."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def merge_batch(entries: Iterable[FetchedArticle]) -> tuple[list[PendingArticle], int]:
    """Validate ``entries`` and merge those sharing a canonical URL.

    Returns the pending articles sorted by URL (so that concurrent writers take row locks in the
    same order and cannot deadlock each other) and the number of entries rejected as invalid,
    each rejection logged with its reason. For a URL seen twice, the later fetch supplies the
    fields, while comments and aliases of both are kept.
    """
    return one_per_url(
        entries,
        build=pending_article,
        invalid=InvalidArticleError,
        url_of=lambda pending: pending.url,
        combine=merge_pending,
        what="article",
    )


_Row = TypeVar("_Row")


def one_per_url(
    entries: Iterable[Any],
    *,
    build: Callable[[Any], _Row],
    invalid: type[Exception],
    url_of: Callable[[_Row], str],
    combine: Callable[[_Row, _Row], _Row],
    what: str,
) -> tuple[list[_Row], int]:
    """Build a row from each entry, keep one row per URL, sorted by URL.

    An entry whose ``build`` raises ``invalid`` is logged ("<what> not stored: …") and counted
    as rejected; two rows for one URL are merged with ``combine(earlier, later)``. Sorting by
    URL makes concurrent writers take row locks in the same order, so they cannot deadlock.
    """
    by_url: dict[str, _Row] = {}
    rejected = 0
    for entry in entries:
        try:
            row = build(entry)
        except invalid as error:
            rejected += 1
            log.warning("%s not stored: %s", what, error)
            continue
        url = url_of(row)
        earlier = by_url.get(url)
        by_url[url] = row if earlier is None else combine(earlier, row)
    return [by_url[url] for url in sorted(by_url)], rejected


def merge_pending(first: PendingArticle, second: PendingArticle) -> PendingArticle:
    """Combine two sightings of one URL: the newer fetch's fields, both sets of extras."""
    newer, older = (
        (second, first)
        if second.row["last_fetched_at"] >= first.row["last_fetched_at"]
        else (first, second)
    )
    row = dict(newer.row)
    row["first_seen_at"] = min(first.row["first_seen_at"], second.row["first_seen_at"])
    return PendingArticle(
        row=row,
        aliases=first.aliases | second.aliases,
        comments=dedupe_comments([*newer.comments, *older.comments]),
        sketch=newer.sketch,
    )


def pending_article(entry: FetchedArticle) -> PendingArticle:
    """Validate one article and turn it into its ``articles`` row, aliases and comment rows."""
    article, fetched_at = entry
    check_article(article)
    fetched = as_utc(fetched_at)
    row = article_row(article, fetched)
    aliases = set()
    fetched_url = clean_text(article.fetched_url) if isinstance(article.fetched_url, str) else None
    if fetched_url and fetched_url != row["url"]:
        if _url_fits(fetched_url):
            aliases.add(fetched_url)
        else:
            log.warning(
                "alias URL of %s not stored: longer than %d bytes", row["url"], MAX_URL_BYTES
            )
    comment_rows = [comment_row(c, fetched) for c in valid_comments(article)]
    return PendingArticle(
        row=row,
        aliases=aliases,
        comments=dedupe_comments(comment_rows),
        sketch=article.near_duplicate_sketch,
    )


def check_article(article: Any) -> None:
    """Raise :class:`InvalidArticleError` naming the first problem that would break the insert."""
    if not isinstance(article, Article):
        raise InvalidArticleError(f"expected an Article, got {type(article).__name__}")
    if not isinstance(article.url, str) or not article.url.strip():
        raise InvalidArticleError(f"empty or non-string url {article.url!r}")
    if not _url_fits(article.url):
        raise InvalidArticleError(f"url longer than {MAX_URL_BYTES} bytes: {article.url[:80]}…")
    for name in ("site", "body"):
        if not isinstance(getattr(article, name), str):
            raise InvalidArticleError(f"{article.url}: {name} is not a string")
    for name in ("title", "language", "section", "image_url"):
        if not isinstance(getattr(article, name), str | None):
            raise InvalidArticleError(f"{article.url}: {name} is not a string or None")
    for name in ("published_at", "updated_at"):
        if not _storable_time(getattr(article, name)):
            raise InvalidArticleError(f"{article.url}: {name} is not a datetime (in range) or None")
    for name in ("authors", "tags"):
        value = getattr(article, name)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise InvalidArticleError(f"{article.url}: {name} is not a list of strings")


def article_row(article: Article, fetched_at: datetime) -> dict[str, Any]:
    """The ``articles`` row for ``article`` as first seen at ``fetched_at``."""
    return {
        "url": clean_text(article.url),
        "site": clean_text(article.site),
        "title": clean_text(article.title),
        "authors": [clean_text(a) for a in article.authors],
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "body": clean_text(article.body),
        "language": clean_text(article.language),
        "section": clean_text(article.section),
        "tags": [clean_text(t) for t in article.tags],
        "image_url": clean_text(article.image_url),
        # Hash the cleaned text: identical to the plain hash for every storable article, and it
        # cannot fail on text that UTF-8 cannot encode.
        "content_hash": content_hash(clean_text(article.title), clean_text(article.body) or ""),
        "version": 1,
        "first_seen_at": fetched_at,
        "last_fetched_at": fetched_at,
        "last_changed_at": fetched_at,
    }


def version_row(article_id: int, version: int, pending: PendingArticle) -> dict[str, Any]:
    """The ``article_versions`` row recording ``pending``'s content as ``version``."""
    row = pending.row
    return {
        "article_id": article_id,
        "version": version,
        "title": row["title"],
        "body": row["body"],
        "updated_at": row["updated_at"],
        "content_hash": row["content_hash"],
        "fetched_at": row["last_fetched_at"],
    }


def valid_comments(article: Article) -> list[Comment]:
    """The article's comments that can be stored; others are dropped with a warning."""
    comments: Sequence[Any] = article.comments if isinstance(article.comments, list) else []
    valid = [c for c in comments if _comment_is_valid(c)]
    if len(valid) != len(comments) or not isinstance(article.comments, list):
        log.warning(
            "%s: %d comment(s) not stored: not a Comment, or body is not a string, "
            "or a datetime/id field has the wrong type",
            article.url,
            len(comments) - len(valid),
        )
    return valid


def _comment_is_valid(comment: Any) -> bool:
    return (
        isinstance(comment, Comment)
        and isinstance(comment.body, str)
        and _storable_time(comment.posted_at)
        and all(isinstance(v, str | None) for v in (comment.author, comment.external_id))
        and isinstance(comment.parent_id, str | None)
    )


def comment_row(comment: Comment, fetched_at: datetime) -> dict[str, Any]:
    """The ``comments`` row for ``comment`` (``article_id`` is filled in by the store)."""
    content_hash = comment_content_hash(
        replace(comment, author=clean_text(comment.author), body=clean_text(comment.body) or "")
    )
    external_id = clean_text(comment.external_id) or None
    return {
        "dedupe_key": comment_dedupe_key(external_id, content_hash),
        "external_id": external_id,
        "parent_id": clean_text(comment.parent_id) or None,
        "author": clean_text(comment.author),
        "posted_at": comment.posted_at,
        "body": clean_text(comment.body),
        "content_hash": content_hash,
        "first_seen_at": fetched_at,
    }


def comment_dedupe_key(external_id: str | None, content_hash: str) -> str:
    """``id:<external id>`` when the site names the comment, else ``hash:<content hash>``."""
    if external_id is None:
        return f"hash:{content_hash}"
    if len(external_id) > MAX_EXTERNAL_ID_CHARS:
        return "idsha256:" + hashlib.sha256(external_id.encode("utf-8")).hexdigest()
    return f"id:{external_id}"


def dedupe_comments(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the first row for each dedupe key."""
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row["dedupe_key"], row)
    return list(seen.values())


def _storable_time(value: Any) -> bool:
    """None, or a datetime that converts to UTC (year 1 at -05:00 does not)."""
    if value is None:
        return True
    if not isinstance(value, datetime):
        return False
    try:
        as_utc(value)
    except (OverflowError, ValueError):
        return False
    return True


def _url_fits(url: str) -> bool:
    return len(url.encode("utf-8", "replace")) <= MAX_URL_BYTES
