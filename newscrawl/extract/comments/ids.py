"""Comment ids: the number (or hash) a comment system gives each comment in the markup."""

from __future__ import annotations

import re

from lxml import etree

# Ids of one comment across engines: comment-123, li-comment-123, div-comment-123,
# article-comment-123, comment_123, kommentar_123.
STRICT_ID_RE = re.compile(
    r"^(?:li-|div-|article-)?(?:comment|kommentar|komentarz|commentaire|comentario)[-_]?(\d+)$",
    re.IGNORECASE,
)
# An id ending in a number: the digits are the site's id. wpDiscuz writes "wc-comm-ID_PARENT"
# ("wc-comm-58571_58568" -> 58571, "wc-comm-58561_0" -> 58561).
TRAILING_ID_RE = re.compile(r"(?:^|[^\d])(\d{1,20})(?:_\d{1,20})?$")
# Movable Type / Typepad ids: "comment-6a00d8341c…" (hexadecimal); UUIDs (Coral and other
# app-rendered systems: "comment-3f2a9c1e-0b7d-…").
HEX_ID_RE = re.compile(
    r"^(?:[a-z]+-)?comment[-_]([0-9a-f]{8,40}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$",
    re.IGNORECASE,
)
# Blogger comment ids: "c" plus a long number.
BLOGGER_ID_RE = re.compile(r"^c(\d{6,})$")
# Any id of a comment element that holds a digit: "isso-41", "t1_c95fjfq", "comment-<uuid>";
# a word and a number ("isso-41") give the number.
OPAQUE_ID_RE = re.compile(r"^(?:comment[-_])?([\w:.-]*\d[\w:.-]*)$", re.IGNORECASE)
WORD_NUMBER_ID_RE = re.compile(r"^[a-z]+[-_]?(\d+)$", re.IGNORECASE)
MAX_OPAQUE_ID_CHARS = 80


def own_id(el: etree._Element) -> str | None:
    """The comment number in an element's own id or data attributes, if any."""
    for attr in ("data-comment-id", "data-commentid", "data-comment", "data-id"):
        value = el.get(attr)
        if value and value.strip().isdigit():
            return value.strip()
    value = el.get("id") or ""
    if not value:
        return None
    match = STRICT_ID_RE.match(value) or BLOGGER_ID_RE.match(value) or HEX_ID_RE.match(value)
    if match:
        return match.group(1)
    lowered = value.lower()
    if value.isdigit() or any(
        stem in lowered for stem in ("comm", "koment", "komment", "reply", "message", "msg")
    ):
        match = TRAILING_ID_RE.search(value)
        if match:
            return match.group(1)
    return None


def opaque_id(el: etree._Element) -> str | None:
    """The id attribute of an element known to be one comment, when it looks like a key.

    Comment systems that are not named in it (Isso's ``isso-41``, a UUID after
    ``comment-``) still give each comment a unique id with a digit in it: its trailing
    number when it is a word and a number, else the whole id (less a ``comment-`` prefix).
    """
    value = (el.get("id") or "").strip()
    if not value or len(value) > MAX_OPAQUE_ID_CHARS:
        return None
    match = OPAQUE_ID_RE.match(value)
    if match is None:
        return None
    number = WORD_NUMBER_ID_RE.match(value)
    return number.group(1) if number else match.group(1)
