"""The shapes that cross layers: an extracted :class:`Article` and its :class:`Comment` list.

Both are plain dataclasses so that Scrapy pipelines can handle them through ``ItemAdapter``
and so that extraction stays free of Scrapy. Datetimes are timezone-aware and keep the offset
the page states; the database converts them to UTC.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Comment:
    """One reader comment.

    ``external_id`` is the site's own id for the comment (``comment-123`` → ``"123"``) when the
    markup has one; ``parent_id`` is the ``external_id`` of the comment it replies to, ``None``
    for a top-level comment.
    """

    body: str
    author: str | None = None
    posted_at: datetime | None = None
    external_id: str | None = None
    parent_id: str | None = None


@dataclass
class Article:
    """One news article as extracted from one page.

    ``url`` is the canonical URL (``<link rel=canonical>``/``og:url`` when on the same site,
    else the fetched URL); ``fetched_url`` is the URL the page was actually fetched from.
    ``body`` is plain text, one paragraph per line, sub-headings kept as their own lines.
    """

    url: str
    fetched_url: str
    site: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    body: str = ""
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    comments: list[Comment] = field(default_factory=list)

    #: Not a field (no annotation): the body's near-duplicate signature
    #: (:class:`newscrawl.neardup.BodySketch`) when the crawler made it together with the
    #: extraction, so that the store does not sketch the body again; else ``None``. Item
    #: exporters, :meth:`to_json_dict` (spill files), comparisons and ``dataclasses.replace``
    #: ignore it: the store sketches any article that arrives without it.
    near_duplicate_sketch = None

    def to_json_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: datetimes as ISO 8601 strings, comments as dicts."""
        return _jsonable(dataclasses.asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def article_from_json_dict(data: dict[str, Any]) -> Article:
    """Rebuild an :class:`Article` from :meth:`Article.to_json_dict` output (spill, replay)."""
    fields = dict(data)
    comments = [
        Comment(**{**c, "posted_at": _parse_iso(c.get("posted_at"))})
        for c in fields.pop("comments", None) or []
    ]
    for key in ("published_at", "updated_at"):
        fields[key] = _parse_iso(fields.get(key))
    return Article(**fields, comments=comments)


def _parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
