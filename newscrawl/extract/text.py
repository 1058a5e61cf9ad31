"""Small text and tree helpers shared by the field extractors."""

from __future__ import annotations

import re
from typing import Any, NamedTuple


def squash(text: str) -> str:
    """The letters and digits of ``text``, case-folded ("The Daily-Example" → "thedailyexample").

    Used to compare site, publisher and author names however they are spaced or punctuated.
    """
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def spaced_text(element: Any, limit: int | None = None) -> str:
    """The element's text with a space between text nodes and white space collapsed.

    The space keeps "10 min read" and "June 3" apart when they sit in sibling elements.
    With ``limit``, only its first ``limit`` characters, for which only the text nodes up
    to there are read: a byline or date candidate may be a container of the whole article.
    """
    if limit is None:
        return " ".join(" ".join(element.itertext()).split())
    # Words never span text nodes (they are joined with a space), so collapsing node by
    # node gives the same words; stop once the collapsed text reaches ``limit``.
    parts: list[str] = []
    length = -1
    for piece in element.itertext():
        part = " ".join(piece.split())
        if part:
            parts.append(part)
            length += len(part) + 1
            if length >= limit:
                break
    return " ".join(parts)[:limit]


# The page as a whole: its classes describe the page, not a part of it.
_PAGE_TAGS = frozenset({"body", "html"})
# Class and id words that hold "comment" without naming a comment section: an opinion piece
# ("commentary"), the comments' state on a wrapper ("comments-open", "has-comments") and the
# count or link a header shows ("comment-count", "comments-link").
_NOT_COMMENTS_RE = re.compile(
    r"commentar(?:y|ies)"
    r"|(?:^|[-_])(?:has|no|allow|with|without|show|hide)[-_]?comments?(?:$|[-_])"
    r"|comments?[-_]?(?:open|closed|enabled|disabled|off|count|number|link|icon)(?:$|[-_])"
)


def in_comments(element: Any) -> bool:
    """Whether ``element`` or an ancestor below ``<body>`` has a class or id naming
    comments ("comment-list", "commentlist", "comments"): readers' names and times there
    are not the article's. (``<body>`` itself is not asked: themes name the page's features
    in its classes, "comments-open" too.)"""
    node = element
    while node is not None and node.tag not in _PAGE_TAGS:
        marker = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if "comment" in marker and any(map(_names_comments, marker.split())):
            return True
        node = node.getparent()
    return False


def _names_comments(word: str) -> bool:
    return "comment" in word and not _NOT_COMMENTS_RE.search(word)


class TextNode(NamedTuple):
    """One text node: its text, the element holding it, and whether it is that element's
    tail (the text after its end tag) rather than its leading text."""

    text: str
    element: Any
    is_tail: bool


def body_texts_matching(page: Any, pattern: re.Pattern[str], max_chars: int) -> list[TextNode]:
    """The text nodes inside ``<body>`` shorter than ``max_chars`` that ``pattern`` finds,
    in document order (as the XPath ``//body//text()`` would list them).

    A Python pass over the page's element list: libxml2's XPath string functions copy every
    text node once per test, several times slower on a page of a few thousand nodes.
    """
    elements = page.elements
    body = page.root.find("body")
    if body is None or not elements:
        return []
    try:
        start = elements.index(body)
    except ValueError:
        return []
    end = start + sum(1 for _ in body.iter())
    found: list[tuple[tuple[int, int, int], TextNode]] = []
    for index in range(start, end):
        element = elements[index]
        text = element.text
        if text and len(text) < max_chars and pattern.search(text):
            found.append(((index, 0, 0), TextNode(text, element, False)))
        tail = element.tail if index != start else None
        if tail and len(tail) < max_chars and pattern.search(tail):
            found.append((_tail_position(elements, index, element), TextNode(tail, element, True)))
    found.sort(key=lambda pair: pair[0])
    return [node for _, node in found]


def _tail_position(elements: list[Any], index: int, element: Any) -> tuple[int, int, int]:
    """Sort key of ``element``'s tail: just before the next element after its subtree, and
    after the tails of the descendants that end with it (deepest first)."""
    after = index + sum(1 for _ in element.iter())
    depth = sum(1 for _ in element.iterancestors())
    return (after, -1, -depth)
