"""The bottom-up scoring pass and the choice of the best container."""

from __future__ import annotations

import lxml.html
from lxml import etree

from newscrawl.extract.body.naming import (
    ALWAYS_BOILERPLATE_TAGS,
    NEVER_BOILERPLATE_TAGS,
    NameMemo,
)
from newscrawl.extract.body.pruning import (
    HIDDEN_STYLE_RE,
    MIN_HIDDEN_PROSE,
    REVEALABLE_TAGS,
    drop_element,
)
from newscrawl.extract.body.vocabulary import (
    BLOCK_TAGS,
    HEADING_TAGS,
    LINK_HEAVY,
    MIN_PARAGRAPH_CHARS,
)

# Elements that can hold a whole story (a paragraph or a list item cannot).
CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "main", "body", "td", "form", "center", "font", "span"}
)


WEAK_PROTECTED_SHARE = 0.25


# A boilerplate-looking container is kept if it holds at least this share of the best score.
PROTECTED_SHARE = 0.8


class _Stats:
    """Per-element numbers from the bottom-up pass (``prose``: text inside ``<p>``s)."""

    __slots__ = ("good", "inline", "inline_links", "links", "prose", "score", "text")

    def __init__(self) -> None:
        self.score = 0.0
        self.good = 0.0
        self.text = 0
        self.links = 0
        self.inline = 0
        self.inline_links = 0
        self.prose = 0


Stats = dict[lxml.html.HtmlElement, _Stats]


def score_tree(body: lxml.html.HtmlElement, *, lenient: bool = False) -> Stats:
    """One bottom-up pass over the subtree: text, link text, inline text and score.

    ``lenient`` scores link text like plain text (for link-rich stories such as shopping
    lists, tried when the strict reading finds almost nothing)."""
    return _walk(body, lenient, None)[0]


def prune_and_score(
    body: lxml.html.HtmlElement, memo: NameMemo
) -> tuple[Stats, list[tuple[lxml.html.HtmlElement, int]]]:
    """:func:`score_tree` that also removes hidden elements, comment sections and
    ``<noscript>`` blocks (unwrapping those that hold a story; see
    :func:`~newscrawl.extract.body.pruning.remove_junk`) and lists the elements whose names
    say boilerplate, with their strength, in document order (see
    :func:`~newscrawl.extract.body.naming.is_boilerplate`) — all in the one walk."""
    return _walk(body, False, memo)


def _walk(
    body: lxml.html.HtmlElement, lenient: bool, memo: NameMemo | None
) -> tuple[Stats, list[tuple[lxml.html.HtmlElement, int]]]:
    # Bottom-up over the document-ordered list: every element's subtree is done before it.
    elements = list(body.iter(etree.Element))
    stats: dict = dict.fromkeys(elements)  # keeps document order; filled bottom-up
    named: list[tuple[lxml.html.HtmlElement, int]] = []
    dropped: list[lxml.html.HtmlElement] = []
    unwrapped: list[lxml.html.HtmlElement] = []
    pruning = memo is not None
    # The numbers of every element without text below it: all zero, never changed (a parent
    # gets its own numbers when a child adds to them).
    nothing = _Stats()
    verdicts = memo.verdicts if memo is not None else {}
    for element in reversed(elements):
        text = element.text
        text_len = len(text.strip()) if text else 0
        own = stats[element]
        if own is None:
            if not text_len and element is not body:
                # No text anywhere below: nothing to count, nothing worth judging.
                stats[element] = nothing
                tail = element.tail
                if tail and tail.strip():
                    parent = element.getparent()
                    up = stats[parent]
                    if up is None:  # a parent is reached after its children: made here
                        up = stats[parent] = _Stats()
                    tail_len = len(tail.strip())
                    up.text += tail_len
                    up.inline += tail_len
                continue
            own = stats[element] = _Stats()
        tag = element.tag  # read only here: most elements (no text below) never need it
        own.text += text_len
        own.inline += text_len
        if tag == "a":
            own.links = own.text
            own.inline_links = own.inline
        elif tag == "p":
            own.prose = own.text
        is_block = tag in BLOCK_TAGS
        if (is_block or element is body) and own.inline:
            value = _block_value(tag, own.inline, 0 if lenient else own.inline_links)
            own.score += value
            if value > 0:
                own.good += value
        if tag == "figure" and own.score < 0:
            # A picture with its caption and a linked credit is part of the story, not a
            # link list: it must not count against its container.
            own.score = 0.0
        if element is body:
            continue
        parent = element.getparent()
        up = stats[parent]
        if up is None:
            up = stats[parent] = _Stats()
        tail = element.tail
        if tail:
            tail_len = len(tail.strip())
            up.text += tail_len
            up.inline += tail_len
        if not own.text:
            continue  # no text below (only tails): it changes nothing, stays or goes
        if pruning:
            if tag == "noscript":
                # What browsers show without scripts: the story itself on pages revealed
                # by script (unwrapped), else a tracking pixel or a "turn on JavaScript"
                # notice.
                if own.prose < MIN_HIDDEN_PROSE:
                    dropped.append(element)
                    continue
                unwrapped.append(element)
            elif attributes := element.keys():  # attribute names (an element iterates children)
                strength = _judge(element, tag, own, memo, verdicts, attributes)
                if strength < 0:
                    dropped.append(element)
                    continue  # its tail stays in the parent's flow; the rest goes
                if strength:
                    named.append((element, strength))
            elif tag in ALWAYS_BOILERPLATE_TAGS:
                named.append((element, 2))
        up.text += own.text
        up.links += own.links
        up.score += own.score
        up.good += own.good
        up.prose += own.prose
        if not is_block:
            up.inline += own.inline
            up.inline_links += own.inline_links
    for element in dropped:
        _forget(stats, element)
        drop_element(element)
    for element in unwrapped:
        if element.getparent() is not None:
            stats.pop(element, None)
            element.drop_tag()
    named.reverse()
    return stats, [(el, strength) for el, strength in named if el in stats]


def _judge(
    element: lxml.html.HtmlElement,
    tag: str,
    own: _Stats,
    memo: NameMemo,
    verdicts: dict,
    present: list[str],
) -> int:
    """-1 for a hidden element or comment section to remove now (unless it holds a story:
    paywalls hide the text with CSS), else the boilerplate strength of its names.
    ``verdicts`` is ``memo.verdicts``, read directly: this runs for most elements.
    ``present`` lists the element's attribute names: only those present are read (most
    elements have one or two of the six looked at, and a test in a short list is cheaper
    than a ``get``)."""
    get = element.get
    names = (
        get("class") if "class" in present else None,
        get("id") if "id" in present else None,
    )
    verdict = verdicts.get(names) or memo.verdict(*names)
    comment_area, strength, hint = verdict
    style = get("style") if "style" in present else None
    hidden = "hidden" in present or (
        "aria-hidden" in present and get("aria-hidden") == "true"
    )
    if comment_area or hidden or (style and _hides(style)):
        if tag not in REVEALABLE_TAGS or own.prose < MIN_HIDDEN_PROSE:
            return -1
        element.attrib.pop("hidden", None)
    if tag in ALWAYS_BOILERPLATE_TAGS:
        return 2
    if not strength or hint or tag in NEVER_BOILERPLATE_TAGS:
        return 0
    return 0 if "itemprop" in present and get("itemprop") == "articleBody" else strength


def _hides(style: str) -> bool:
    """Whether an inline style hides the element (the pattern is tried only on styles that
    say "none" or "hidden")."""
    lowered = style.lower()
    return ("none" in lowered or "hidden" in lowered) and bool(HIDDEN_STYLE_RE.search(style))


def _forget(stats: Stats, element: lxml.html.HtmlElement) -> None:
    """Take a removed element and its subtree out of ``stats``."""
    for removed in element.iter(etree.Element):
        stats.pop(removed, None)


def _block_value(tag: str, inline: int, links: int) -> float:
    """What one text block says about its container: + for paragraphs, - for link lists."""
    if inline == 0:
        return 0.0
    plain = inline - links
    if links > inline * LINK_HEAVY:
        return -float(inline)
    if tag in HEADING_TAGS:
        return 0.0
    if plain >= MIN_PARAGRAPH_CHARS:
        return float(plain - links)
    return -0.3 * plain - links


def remove_boilerplate(
    body: lxml.html.HtmlElement,
    stats: Stats,
    named: list[tuple[lxml.html.HtmlElement, int]],
    best: lxml.html.HtmlElement | None = None,
) -> None:
    """Remove the ``named`` boilerplate containers (element, strength), sparing the current
    best container (``best``, when the caller has it already), its ancestors and any
    container holding a large share of the best container's paragraph text (weak names: of
    the page's)."""
    if best is None:
        best = best_container(body, stats)
    protected = {best, *best.iterancestors()}
    best_good = stats[best].good if best in stats else 0.0
    page_good = stats[body].good if body in stats else 0.0
    doomed = []
    for element, strength in named:
        if element in protected:
            continue
        good = stats[element].good
        if strength == 2:
            keep = best_good > 0 and good >= PROTECTED_SHARE * best_good
        else:
            keep = page_good > 0 and good >= WEAK_PROTECTED_SHARE * page_good
        if not keep:
            doomed.append(element)
    for element in doomed:
        if element not in stats:
            continue  # inside a box removed just before
        removed = stats[element].score
        ancestor = element.getparent()
        while ancestor is not None and ancestor in stats:
            stats[ancestor].score -= removed
            ancestor = ancestor.getparent()
        _forget(stats, element)
        drop_element(element)


def best_container(body: lxml.html.HtmlElement, stats: dict) -> lxml.html.HtmlElement:
    """The element with the highest subtree score (the deepest one on ties), widened to a
    real container when that is a single paragraph, so short lines around it are kept."""
    best, best_score = body, float("-inf")
    # ``stats`` lists the subtree in document order: walking it backwards, the deepest
    # element wins a tie. Removed elements have been taken out of it.
    for element, element_stats in reversed(stats.items()):
        if element_stats.score > best_score:
            best, best_score = element, element_stats.score
    while best.tag not in CONTAINER_TAGS and best is not body:
        parent = best.getparent()
        if parent is None:
            break
        best = parent
    return best


def inside(element: lxml.html.HtmlElement, containers: set) -> bool:
    """Whether one of ``element``'s ancestors is in ``containers``."""
    return any(ancestor in containers for ancestor in element.iterancestors())
