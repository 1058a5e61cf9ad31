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
# Movable Type / Typepad ids: "comment-6a00d8341c…" (hexadecimal).
HEX_ID_RE = re.compile(r"^(?:[a-z]+-)?comment[-_]([0-9a-f]{8,40})$", re.IGNORECASE)
# Blogger comment ids: "c" plus a long number.
BLOGGER_ID_RE = re.compile(r"^c(\d{6,})$")


def own_id(el: etree._Element) -> str | None:
    """The comment number in an element's own id or data attributes, if any."""
    for attr in ("data-comment-id", "data-commentid", "data-comment", "data-id"):
        value = el.get(attr)
        if value and value.strip().isdigit():
            return value.strip()
    value = el.get("id") or ""
    if not value:
        return None
    match = (
        STRICT_ID_RE.match(value) or BLOGGER_ID_RE.match(value) or HEX_ID_RE.match(value)
    )
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
