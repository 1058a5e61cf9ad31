"""Small helpers over an lxml tree: order, nesting, visible text and plain-text lines."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from lxml import etree

from newscrawl.extract.comments.markup import BLOCK_TAGS, JUNK_TAGS, VISIBLE_TEXT_XPATH
from newscrawl.extract.comments.patterns import SPACES_RE


def nearest_in(
    el: etree._Element, elements: Collection[etree._Element]
) -> etree._Element | None:
    """The closest ancestor of ``el`` that is one of ``elements``."""
    parent = el.getparent()
    while parent is not None:
        if parent in elements:
            return parent
        parent = parent.getparent()
    return None


def inside_tags(el: etree._Element, tags: Collection[str]) -> bool:
    """True when ``el`` or one of its ancestors has one of ``tags``."""
    node: etree._Element | None = el
    while node is not None:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def document_order(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """Sort a few elements in document order by their child-index paths (no tree walk)."""
    unique = list(dict.fromkeys(elements))
    if len(unique) < 2:
        return unique
    return sorted(unique, key=tree_position)


def tree_position(el: etree._Element) -> tuple[int, ...]:
    """Child indexes from the root down to ``el``: sorts like document order."""
    path: list[int] = []
    parent = el.getparent()
    while parent is not None:
        path.append(parent.index(el))
        el, parent = parent, parent.getparent()
    return tuple(reversed(path))


def outermost(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """Keep the elements not nested inside another one of them, in their given order."""
    chosen = dict.fromkeys(elements)
    return [el for el in chosen if nearest_in(el, chosen.keys()) is None]


def own_descendants(
    el: etree._Element, prune: set[etree._Element]
) -> Iterator[etree._Element]:
    """``el`` and its descendant elements, not entering pruned subtrees or junk tags."""
    stack = [el]
    while stack:
        node = stack.pop()
        yield node
        children = [
            child for child in node
            if isinstance(child.tag, str) and child not in prune and child.tag not in JUNK_TAGS
        ]
        stack.extend(reversed(children))


def text_length(el: etree._Element) -> int:
    """About the length of the visible text (scripts and styles left out), for comparisons."""
    return sum(map(len, map(str.strip, VISIBLE_TEXT_XPATH(el))))


def visible_text_start(el: etree._Element, limit: int) -> str:
    """The first ``limit`` characters of ``el``'s visible text, without joining all of it."""
    pieces: list[str] = []
    length = 0
    for text in VISIBLE_TEXT_XPATH(el):
        pieces.append(text)
        length += len(text)
        if length >= limit:
            break
    return "".join(pieces)[:limit]


def normalise(text: str) -> str:
    """Collapse all kinds of white space to single spaces; strip the ends."""
    return " ".join(SPACES_RE.sub(" ", text).split())


def text_lines(el: etree._Element, skip: set[etree._Element]) -> list[str]:
    """Plain text of ``el``, one line per block (paragraph, list item, line break)."""
    pieces: list[str] = []
    # Iterative walk: (element, entering?) pairs; a malformed page can nest very deeply.
    stack: list[tuple[etree._Element, bool]] = [(el, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            if isinstance(tag, str) and tag in BLOCK_TAGS:
                pieces.append("\n")
            if node is not el and node.tail:
                pieces.append(node.tail)
            continue
        if not isinstance(tag, str) or node in skip or tag in JUNK_TAGS:
            if node is not el and node.tail:
                pieces.append(node.tail)
            continue
        if tag in BLOCK_TAGS or tag == "br":
            pieces.append("\n")
        if node.text:
            pieces.append(node.text)
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node))
    lines = (normalise(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def previous_element(el: etree._Element) -> etree._Element | None:
    """The closest preceding sibling that is an element (comments and PIs skipped)."""
    previous = el.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    return previous


def next_element(el: etree._Element) -> etree._Element | None:
    """The closest following sibling that is an element (comments and PIs skipped)."""
    follower = el.getnext()
    while follower is not None and not isinstance(follower.tag, str):
        follower = follower.getnext()
    return follower


def is_element(el: object) -> bool:
    """True for an element node (not a comment, processing instruction or text)."""
    return isinstance(el, etree._Element) and isinstance(el.tag, str)
