"""Comments stated in the page's JSON-LD: schema.org ``Comment`` nodes.

Pages whose comment section is drawn by a script often still list the comments in their
structured data, as the ``comment`` property of the article (or of a
``DiscussionForumPosting``), replies nested in their parent's own ``comment`` property or
pointing to it with ``parentItem``. They are read only when the markup itself shows no
comment, so the visible thread (with its own threading) always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime, tzinfo
from typing import Any

import lxml.html
from lxml import etree

from newscrawl.extract.comments.ids import STRICT_ID_RE
from newscrawl.extract.comments.patterns import MAX_AUTHOR_CHARS
from newscrawl.extract.comments.tree import normalise
from newscrawl.extract.dates import parse_datetime
from newscrawl.extract.page import json_ld_types
from newscrawl.items import Comment

_COMMENT_TYPES = frozenset({"comment"})
_DATE_KEYS = ("dateCreated", "datePublished", "uploadDate", "dateModified")
# A thread nested deeper than this in JSON is not a real one.
MAX_JSON_DEPTH = 50
# A comment's text has at least two words or this many characters: a stray "<" or a
# placeholder word left by a template is no comment.
MIN_TEXT_WORDS = 2
MIN_TEXT_CHARS = 10
# Control characters (a NUL in a broken feed) never belong to a comment's text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def json_ld_comments(nodes: Iterable[dict[str, Any]], default_tz: tzinfo) -> list[Comment]:
    """The comments the page's JSON-LD nodes state, in their order, threaded by ``parent_id``.

    ``nodes`` are the page's typed JSON-LD nodes (``@graph`` already flattened).
    ``default_tz`` is given to times that state no zone.
    """
    # Most pages state no comment at all: a key lookup per node rules them out.
    holders = [node for node in nodes if "comment" in node or _is_comment(node)]
    if not holders:
        return []
    comments: list[Comment] = []
    seen: set[int] = set()
    for node, parent_id in _comment_nodes(holders):
        if id(node) in seen:
            continue
        seen.add(id(node))
        comment = _comment(node, parent_id, default_tz)
        if comment is not None:
            comments.append(comment)
    return comments


def _comment_nodes(nodes: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Comment nodes with the id of the comment each replies to (nesting or ``parentItem``)."""
    stack: list[tuple[Any, str | None, int]] = []
    for node in nodes:
        if _is_comment(node):
            stack.append((node, None, 0))
        else:
            stack.extend((child, None, 1) for child in reversed(_as_list(node.get("comment"))))
        while stack:
            current, parent_id, depth = stack.pop()
            if not isinstance(current, dict) or not _is_comment(current) or depth > MAX_JSON_DEPTH:
                continue
            own = _node_id(current)
            yield current, _node_id(current.get("parentItem")) or parent_id
            replies = _as_list(current.get("comment"))
            stack.extend((reply, own, depth + 1) for reply in reversed(replies))


def _comment(node: dict[str, Any], parent_id: str | None, default_tz: tzinfo) -> Comment | None:
    """One :class:`Comment` from a node; ``None`` when it states no text."""
    body = _text(node.get("text") or node.get("description"))
    if not _is_enough_text(body):
        return None
    return Comment(
        body=body,
        author=_author(node.get("author") or node.get("creator")),
        posted_at=_posted_at(node, default_tz),
        external_id=_node_id(node),
        parent_id=parent_id,
    )


def _is_enough_text(body: str) -> bool:
    """True when ``body`` has words enough to be a comment."""
    return len(body) >= MIN_TEXT_CHARS or len(body.split()) >= MIN_TEXT_WORDS


def _is_comment(node: dict[str, Any]) -> bool:
    """True for a node typed ``Comment``."""
    return not _COMMENT_TYPES.isdisjoint(json_ld_types(node))


def _as_list(value: Any) -> list[Any]:
    """A JSON-LD property's values as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _node_id(node: Any) -> str | None:
    """A comment's key: the number of a ``#comment-12`` ``@id``, else its identifier or
    ``@id``/``url`` fragment."""
    if isinstance(node, str):
        value = node
    elif isinstance(node, dict):
        value = node.get("identifier") or node.get("@id") or node.get("url")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(int(value))
    else:
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    fragment = value.strip().rsplit("#", 1)[-1]
    match = STRICT_ID_RE.match(fragment)
    return match.group(1) if match else fragment


def _text(value: Any) -> str:
    """Plain text of a ``text`` property, which may hold HTML."""
    if not isinstance(value, str):
        return ""
    value = _CONTROL_RE.sub("", value)
    if "<" not in value:
        return value.strip()
    try:
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return value.strip()
    for br in fragment.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in fragment.iter("p", "div", "li", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    lines = (normalise(line) for line in fragment.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _author(value: Any) -> str | None:
    """The commenter's name: a string, or the ``name`` of a Person node (the first one)."""
    for candidate in _as_list(value):
        name = candidate.get("name") if isinstance(candidate, dict) else candidate
        if isinstance(name, str):
            name = normalise(name)
            if name and len(name) <= MAX_AUTHOR_CHARS:
                return name
    return None


def _posted_at(node: dict[str, Any], default_tz: tzinfo) -> datetime | None:
    """When the comment was posted, timezone-aware."""
    for key in _DATE_KEYS:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            parsed = parse_datetime(value, default_tz=default_tz)
            if parsed is not None:
                return parsed
    return None
