"""The bottom-up scoring pass and the choice of the best container."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

from newscrawl.extract.body.naming import is_boilerplate
from newscrawl.extract.body.pruning import drop_element
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


@dataclass
class _Stats:
    """Per-element numbers from the bottom-up pass."""

    score: float = 0.0
    good: float = 0.0
    text: int = 0
    links: int = 0
    inline: int = 0
    inline_links: int = 0


def score_tree(
    body: lxml.html.HtmlElement, *, lenient: bool = False
) -> dict[lxml.html.HtmlElement, _Stats]:
    """One bottom-up pass over the subtree: text, link text, inline text and score.

    ``lenient`` scores link text like plain text (for link-rich stories such as shopping
    lists, tried when the strict reading finds almost nothing)."""
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    stats = {el: _Stats() for el in elements}
    for element in reversed(elements):
        own = stats[element]
        tag = element.tag
        text = element.text
        text_len = len(text.strip()) if text else 0
        own.text += text_len
        own.inline += text_len
        if tag == "a":
            own.links = own.text
            own.inline_links = own.inline
        is_block = tag in BLOCK_TAGS
        if is_block or element is body:
            value = _block_value(tag, own.inline, 0 if lenient else own.inline_links)
            own.score += value
            if value > 0:
                own.good += value
        up = stats.get(element.getparent())
        if up is None:
            continue
        tail = element.tail
        tail_len = len(tail.strip()) if tail else 0
        up.text += own.text + tail_len
        up.links += own.links
        up.score += own.score
        up.good += own.good
        up.inline += tail_len
        if not is_block:
            up.inline += own.inline
            up.inline_links += own.inline_links
    return stats


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


def remove_boilerplate(body: lxml.html.HtmlElement, stats: dict) -> None:
    """Remove boilerplate containers, sparing the current best container, its ancestors and
    any container holding a large share of the best container's paragraph text."""
    best = best_container(body, stats)
    protected = {best, *best.iterancestors()}
    best_good = stats[best].good if best in stats else 0.0
    page_good = stats[body].good if body in stats else 0.0
    doomed = []
    memo: dict = {}
    words_memo: dict[str, int] = {}
    for element in stats:
        if element in protected or not (
            element.get("class") or element.get("id") or element.tag in ("aside", "footer")
        ):
            continue
        strength = is_boilerplate(element, memo, words_memo)
        if strength:
            good = stats[element].good
            if strength == 2:
                keep = best_good > 0 and good >= PROTECTED_SHARE * best_good
            else:
                keep = page_good > 0 and good >= WEAK_PROTECTED_SHARE * page_good
            if not keep:
                doomed.append(element)
    for element in doomed:
        removed = stats[element].score
        ancestor = element.getparent()
        while ancestor is not None and ancestor in stats:
            stats[ancestor].score -= removed
            ancestor = ancestor.getparent()
        drop_element(element)


def best_container(body: lxml.html.HtmlElement, stats: dict) -> lxml.html.HtmlElement:
    """The element with the highest subtree score (the deepest one on ties), widened to a
    real container when that is a single paragraph, so short lines around it are kept."""
    best, best_score = body, float("-inf")
    # ``stats`` lists the subtree in document order: walking it backwards, the deepest
    # element wins a tie. Elements removed since scoring are skipped.
    for element, element_stats in reversed(stats.items()):
        if element_stats.score > best_score and (element is body or inside(element, {body})):
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
