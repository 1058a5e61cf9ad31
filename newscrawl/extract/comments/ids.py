"""Comment ids: the number (or hash) a comment system gives each comment in the markup."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from lxml import etree

from newscrawl.extract.comments.vocabulary import PLURAL_ROOTS, SINGULAR_ROOTS

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
# Any id of a comment element that holds a digit: "isso-41", "tx_4k9zq2", "comment-<uuid>".
OPAQUE_ID_RE = re.compile(r"^(?:comment[-_])?([\w:.-]*\d[\w:.-]*)$", re.IGNORECASE)
# A word and a number ("isso-41", "c-7"): the number is the key only when the word names a
# comment or a known comment system; any other word ("r-7" beside "c-7" for a reply) stays,
# else a reply and its parent would share one key.
WORD_NUMBER_ID_RE = re.compile(r"^([a-z]+(?:-[a-z]+)?)[-_]?(\d+)$", re.IGNORECASE)
OPAQUE_ID_WORDS = frozenset(
    {
        *SINGULAR_ROOTS,
        *PLURAL_ROOTS,
        "c",
        "cmt",
        "comm",
        "li-comment",
        "div-comment",
        "article-comment",
        "isso",
    }
)
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
    number when it is a comment word and a number, else the whole id (less a ``comment-``
    prefix). Such ids may still repeat on a page: :func:`drop_shared_ids` removes them.
    """
    value = (el.get("id") or "").strip()
    if not value or len(value) > MAX_OPAQUE_ID_CHARS:
        return None
    match = OPAQUE_ID_RE.match(value)
    if match is None:
        return None
    number = WORD_NUMBER_ID_RE.match(value)
    if number and number.group(1).lower() in OPAQUE_ID_WORDS:
        return number.group(2)
    return match.group(1)


def drop_shared_ids(ids: Sequence[str | None], opaque: Sequence[bool]) -> list[str | None]:
    """``ids`` with each opaque one that another item also has set to ``None``.

    An id read from an unknown scheme is only a key when it is unique on the page: a template
    that repeats one id, or a numbering that restarts per thread, would otherwise make
    storage (which keys comments on it) keep one comment of several, and a reply could name
    itself as its parent. Ids of known schemes stay: two copies of ``comment-12`` are the
    same comment.
    """
    counts = Counter(value for value in ids if value is not None)
    return [
        None if is_opaque and value is not None and counts[value] > 1 else value
        for value, is_opaque in zip(ids, opaque, strict=True)
    ]
