"""Crawl state per URL and the revisit policy: pure functions, no database, no clock.

:class:`PageState` is what the crawler remembers about one URL between runs (HTTP validators,
content hash, times, when to look again); ``newscrawl.db`` stores it in ``page_states``.
:func:`record_fetch` computes the state after a fetch from the state before it, and
:class:`RevisitPolicy` decides when a page is due again:

- a page is re-checked at fixed offsets after its publication (by default 1 h, 6 h, 24 h and
  7 days), and never after the last one, so the archive is not crawled again and again;
- the next check is the first offset that falls after the last fetch, so checks missed while
  the crawler was down collapse into one;
- without a publication date, offsets count from the first fetch;
- when a fetch finds the content changed (not on the first fetch), the story is alive again:
  the offsets count from that change too, whichever start is later.

Every time is passed in by the caller; tests move the clock by passing later times.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import pairwise

from newscrawl.db.types import as_utc
from newscrawl.fingerprint import article_content_hash, comment_content_hash
from newscrawl.items import Article

DEFAULT_LADDER: tuple[timedelta, ...] = (
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(hours=24),
    timedelta(days=7),
)
# HTTP statuses after which a page is not revisited: it is gone.
GONE_STATUSES = frozenset({404, 410})

_STEP = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_ladder(value: str | Sequence[str | float | timedelta]) -> tuple[timedelta, ...]:
    """Parse a ladder setting: ``"1h,6h,24h,7d"`` or a list of such steps, of ``timedelta``
    values, or of numbers of seconds. Raises ``ValueError`` with the offending step."""
    items = [i for i in value.split(",") if i.strip()] if isinstance(value, str) else list(value)
    steps = []
    for item in items:
        if isinstance(item, timedelta):
            steps.append(item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            steps.append(timedelta(seconds=item))
        else:
            match = _STEP.match(str(item))
            if match is None:
                raise ValueError(
                    f"revisit step {item!r} is not a number with a unit s, m, h, d or w "
                    "(for example 6h)"
                )
            steps.append(timedelta(**{_UNITS[match[2]]: float(match[1])}))
    return tuple(steps)


@dataclass(frozen=True)
class RevisitPolicy:
    """When to look at a page again: ``ladder`` holds the offsets after publication (strictly
    increasing, positive); an empty ladder never revisits."""

    ladder: tuple[timedelta, ...] = DEFAULT_LADDER

    def __post_init__(self) -> None:
        steps = tuple(self.ladder)
        if any(step <= timedelta(0) for step in steps):
            raise ValueError(f"revisit steps must be positive, got {steps}")
        if any(later <= earlier for earlier, later in pairwise(steps)):
            raise ValueError(f"revisit steps must increase, got {steps}")
        object.__setattr__(self, "ladder", steps)

    @classmethod
    def from_setting(cls, value: str | Sequence[str | float | timedelta] | None) -> RevisitPolicy:
        """A policy from a setting value (see :func:`parse_ladder`); ``None`` is the default."""
        return cls() if value is None else cls(parse_ladder(value))

    def next_check_at(
        self,
        *,
        published_at: datetime | None,
        first_fetched_at: datetime | None,
        last_changed_at: datetime | None,
        last_fetched_at: datetime | None,
    ) -> datetime | None:
        """The next time the page is due, or ``None`` when no step is left (see the module
        docstring for the rule)."""
        start = revisit_start(published_at, first_fetched_at, last_changed_at)
        if start is None:
            return None
        for step in self.ladder:
            due = start + step
            if last_fetched_at is None or due > as_utc(last_fetched_at):
                return due
        return None

    def next_check_for(self, state: PageState) -> datetime | None:
        """:meth:`next_check_at` for a state (``None`` for pages that are gone)."""
        if state.last_status in GONE_STATUSES:
            return None
        return self.next_check_at(
            published_at=state.published_at,
            first_fetched_at=state.first_fetched_at,
            last_changed_at=state.last_changed_at,
            last_fetched_at=state.last_fetched_at,
        )


def revisit_start(
    published_at: datetime | None,
    first_fetched_at: datetime | None,
    last_changed_at: datetime | None,
) -> datetime | None:
    """Where the ladder counts from: the publication (else the first fetch), or a change seen
    after the first fetch when that is later. All results are UTC."""
    start = published_at or first_fetched_at
    edited = (
        last_changed_at is not None
        and first_fetched_at is not None
        and as_utc(last_changed_at) > as_utc(first_fetched_at)
    )
    if edited:
        assert last_changed_at is not None
        start = last_changed_at if start is None else max(as_utc(start), as_utc(last_changed_at))
    return None if start is None else as_utc(start)


@dataclass(frozen=True, slots=True)
class PageState:
    """What the crawler knows about one URL. Times are aware (UTC when read back).

    ``etag`` and ``last_modified`` are the response headers verbatim, to send back as
    ``If-None-Match`` / ``If-Modified-Since``. ``content_hash`` identifies the content the
    crawler last extracted (see :func:`page_hash`). ``last_changed_at`` is the fetch time of that
    content (equal to ``first_fetched_at`` until a change is seen). ``sitemap_lastmod`` is the
    last ``<lastmod>`` a sitemap gave for the URL; ``published_at`` the publication time from the
    page or a news sitemap. ``next_check_at`` is when the revisit policy wants the page again
    (``None``: never).
    """

    url: str
    site: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    first_fetched_at: datetime | None = None
    last_fetched_at: datetime | None = None
    last_changed_at: datetime | None = None
    last_status: int | None = None
    sitemap_lastmod: datetime | None = None
    published_at: datetime | None = None
    next_check_at: datetime | None = None

    def changed_since_fetch(self, lastmod: datetime | None) -> bool:
        """Whether a sitemap ``lastmod`` says the page changed after the last fetch (``True``
        when either time is unknown: then only a fetch can tell)."""
        if lastmod is None or self.last_fetched_at is None:
            return True
        return as_utc(lastmod) > as_utc(self.last_fetched_at)

    def conditional_headers(self) -> dict[str, str]:
        """Request headers that let the server answer 304 Not Modified."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def is_due(self, now: datetime) -> bool:
        """Whether the revisit policy wants the page at ``now``."""
        return self.next_check_at is not None and as_utc(self.next_check_at) <= as_utc(now)


def record_fetch(
    previous: PageState | None,
    *,
    url: str,
    site: str,
    fetched_at: datetime,
    status: int,
    etag: str | None = None,
    last_modified: str | None = None,
    content_hash: str | None = None,
    published_at: datetime | None = None,
    sitemap_lastmod: datetime | None = None,
    policy: RevisitPolicy | None = None,
) -> PageState:
    """The state of ``url`` after a fetch at ``fetched_at`` that got ``status``.

    A 304, or a fetch without ``content_hash`` (an error page), keeps the stored content hash
    and change time; a 200 with a different hash (or the first one) records a change. Values the
    response lacks (validators, dates) are kept from ``previous``; new ones replace them.
    """
    before = previous or PageState(url=url, site=site)
    fetched = as_utc(fetched_at)
    state = replace(
        before,
        url=url,
        site=site,
        etag=etag or before.etag,
        last_modified=last_modified or before.last_modified,
        first_fetched_at=before.first_fetched_at or fetched,
        last_fetched_at=fetched,
        last_status=status,
        published_at=published_at or before.published_at,
        sitemap_lastmod=sitemap_lastmod or before.sitemap_lastmod,
    )
    if status != 304 and content_hash is not None and content_hash != before.content_hash:
        state = replace(state, content_hash=content_hash, last_changed_at=fetched)
    elif state.last_changed_at is None and state.content_hash is not None:
        state = replace(state, last_changed_at=state.first_fetched_at)
    return replace(state, next_check_at=(policy or RevisitPolicy()).next_check_for(state))


def page_hash(article: Article) -> str:
    """A hash of everything the store would write for ``article``: title and body (the article's
    content hash) and its comments. Equal hashes mean re-storing the page changes nothing, so a
    crawler may skip the item and only record the fetch in ``page_states``."""
    digest = hashlib.sha256(article_content_hash(article).encode("ascii"))
    for comment in article.comments:
        digest.update(b"\x1e")
        digest.update((comment.external_id or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
        digest.update(comment_content_hash(comment).encode("ascii"))
    return digest.hexdigest()
