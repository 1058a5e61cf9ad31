"""Small helpers over an lxml tree: order, nesting, visible text and plain-text lines."""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Iterator

from lxml import etree

from newscrawl.extract.comments.markup import BLOCK_TAGS, JUNK_TAGS
from newscrawl.extract.comments.patterns import SPACES_RE

# Elements whose own text is not shown.
_INVISIBLE_TEXT_TAGS = frozenset({"script", "style", "noscript"})


class SkipSet:
    """Elements in any of ``sets`` but not in ``kept``: a set view that copies nothing.

    Every comment skips the page's other comments and reply lists; copying that set once per
    comment would make a long thread quadratic.
    """

    __slots__ = ("_kept", "_sets")

    def __init__(
        self,
        *sets: Container[etree._Element],
        kept: Container[etree._Element] = frozenset(),
    ) -> None:
        self._sets = sets
        self._kept = kept

    def __contains__(self, el: object) -> bool:
        if el in self._kept:
            return False
        return any(el in members for members in self._sets)


def nearest_in(
    el: etree._Element,
    elements: Collection[etree._Element],
    stop: etree._Element | None = None,
) -> etree._Element | None:
    """The closest ancestor of ``el`` that is one of ``elements``, looking no higher than
    ``stop`` (when given: an ancestor of all of them)."""
    parent = el.getparent()
    while parent is not None:
        if parent in elements:
            return parent
        if parent is stop:
            return None
        parent = parent.getparent()
    return None


def inside_tags(
    el: etree._Element, tags: Collection[str], memo: dict[etree._Element, bool]
) -> bool:
    """True when ``el`` or one of its ancestors has one of ``tags``.

    ``memo`` (one per ``tags``) keeps the verdict of every element walked through: asked
    for every comment of a thread nested thousands deep, each walk stops at the first
    ancestor already known, so the total work stays linear.
    """
    path: list[etree._Element] = []
    node: etree._Element | None = el
    verdict = False
    while node is not None:
        known = memo.get(node)
        if known is not None:
            verdict = known
            break
        if node.tag in tags:
            verdict = True
            break
        path.append(node)
        node = node.getparent()
    for walked in path:
        memo[walked] = verdict
    return verdict


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


def outermost(
    elements: Iterable[etree._Element], within: etree._Element | None = None
) -> list[etree._Element]:
    """Keep the elements not nested inside another one of them, in their given order.

    ``within`` is an element known to hold them all: the walks up stop there (in a deep
    thread, a comment's parts would otherwise each be walked up to the root).
    """
    chosen = dict.fromkeys(elements)
    return [el for el in chosen if nearest_in(el, chosen.keys(), within) is None]


def own_descendants(
    el: etree._Element, prune: Container[etree._Element]
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
    """About the length of the visible text (scripts and styles left out), for comparisons.

    All text less the hidden elements' own: as fast as an XPath on ordinary pages, and linear
    on deeply nested ones (libxml2 sorts an XPath's nodes by walking up their ancestors).
    """
    total = sum(map(len, map(str.strip, el.itertext())))
    hidden = sum(len(node.text.strip()) for node in el.iter(_INVISIBLE_TEXT_TAGS) if node.text)
    return total - hidden


def visible_text_start(el: etree._Element, limit: int) -> str:
    """The first ``limit`` characters of ``el``'s visible text, without reading all of it.

    The walk is lazy: the start of a comment that holds a long (or deeply nested) thread of
    replies costs no more than the start of a short one.
    """
    pieces: list[str] = []
    length = 0
    for text in _visible_texts(el):
        pieces.append(text)
        length += len(text)
        if length >= limit:
            break
    return "".join(pieces)[:limit]


def _visible_texts(el: etree._Element) -> Iterator[str]:
    """``el``'s text nodes in document order, lazily; script, style and noscript text left
    out."""
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "start":
            if node.text and node.tag not in _INVISIBLE_TEXT_TAGS and isinstance(node.tag, str):
                yield node.text
        elif node is not el and node.tail:
            yield node.tail


def normalise(text: str) -> str:
    """Collapse all kinds of white space to single spaces; strip the ends."""
    return " ".join(SPACES_RE.sub(" ", text).split())


def text_lines(el: etree._Element, skip: Container[etree._Element]) -> list[str]:
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
