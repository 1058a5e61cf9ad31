"""Narrowing and widening the best container: story-body wrappers, split parts,
next stories in their own ``<article>``, the standfirst above the story."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html

from newscrawl.extract.body.cleanup import same_text
from newscrawl.extract.body.naming import NameMemo
from newscrawl.extract.body.scoring import inside
from newscrawl.extract.body.vocabulary import MIN_PARAGRAPH_CHARS, MIN_STORY_GOOD
from newscrawl.extract.page import Page

# Blocks that can hold a standfirst printed above the story.
_STANDFIRST_TAGS = frozenset({"p", "div", "h2", "h3", "section", "span", "header"})


# Story-body containers named as such win when they hold this share of the best's text.
MIN_HINTED_SHARE = 0.3


# A following sibling of the story container joins it when it scores this share of it.
SIBLING_SHARE = 0.2


def named_story_element(
    body: lxml.html.HtmlElement, stats: dict, memo: NameMemo
) -> lxml.html.HtmlElement | None:
    """The element named as the story (by class/id hint, ``<article>`` or ``<main>``) with
    the most non-link text, when no paragraphs were found; ``None`` when none holds text."""
    candidates = [
        el for el in stats if el is not body and memo.has_content_hint(el) and inside(el, {body})
    ]
    candidates += [el for el in body.iter("article", "main") if el in stats]
    candidates = [el for el in candidates if stats[el].text >= MIN_STORY_GOOD]
    if not candidates:
        return None
    return max(candidates, key=lambda el: stats[el].text - stats[el].links)


def standfirst_before(
    body: lxml.html.HtmlElement, container: lxml.html.HtmlElement, stats: dict, page: Page
) -> str | None:
    """The story's standfirst when it is printed after the headline, above or at the top of
    the story container.

    A block whose whole text is the page's meta description, printed between the ``<h1>``
    and the story's paragraphs, is the lead sentence the editors wrote for the story (a
    description that appears nowhere on the page is only metadata and is not used). Line
    filters that use ``articleBody`` would drop it, so it is found in the tree.
    """
    description = page.meta_value("og:description", "description", "twitter:description")
    if not description or len(description) < MIN_PARAGRAPH_CHARS:
        return None
    wanted = " ".join(description.split())
    low, high = 0.8 * len(wanted), 1.2 * len(wanted) + 20
    seen_h1 = body.find(".//h1") is None
    for element in _until_end_of(body, container):
        if element.tag == "h1":
            seen_h1 = True
            continue
        if not seen_h1 or element.tag not in _STANDFIRST_TAGS:
            continue
        element_stats = stats.get(element)
        if element_stats is None or not low <= element_stats.text <= high:
            continue
        text = " ".join(element.text_content().split())
        if same_text(text, wanted):
            return text
    return None


def _until_end_of(
    body: lxml.html.HtmlElement, container: lxml.html.HtmlElement
) -> Iterator[lxml.html.HtmlElement]:
    """The elements of ``body`` in document order up to the end of ``container``."""
    for element in body.iter():
        if element is container:
            break
        yield element
    yield from container.iter()


def story_containers(
    best: lxml.html.HtmlElement, stats: dict, memo: NameMemo
) -> list[lxml.html.HtmlElement]:
    """Narrow the best container to the elements named as the story body, when they hold a
    fair share of its paragraph text (teasers around a story can outscore its own wrapper)."""
    best_good = stats[best].good if best in stats else 0.0
    if best_good <= 0:
        return [best]
    hinted: list[lxml.html.HtmlElement] = []
    for element in best.iter():
        if element is best or element not in stats:
            continue
        if stats[element].good < 0.1 * best_good or not memo.has_content_hint(element):
            continue
        if any(h in hinted for h in element.iterancestors()):
            continue
        hinted.append(element)
    total = sum(stats[h].good for h in hinted)
    if hinted and total >= MIN_HINTED_SHARE * best_good:
        return _of_first_story(hinted)
    return [best]


def _article_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The nearest ``<article>`` holding ``element`` (itself included), if any."""
    if element.tag == "article":
        return element
    return next(element.iterancestors("article"), None)


def _of_first_story(elements: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The elements that belong to the same ``<article>`` as the first one.

    Pages that load the next stories below the current one (infinite scroll) give each its
    own ``<article>`` with the same body markup; the page's own story comes first.
    """
    story = _article_of(elements[0])
    if story is None:
        return elements
    return [el for el in elements if _same_story(story, el)]


def _same_story(story: lxml.html.HtmlElement | None, element: lxml.html.HtmlElement) -> bool:
    """False when ``element`` sits in (or is) another ``<article>`` than ``story``."""
    if story is None:
        return True
    other = _article_of(element)
    return other is None or other is story or inside(story, {other})


def with_split_parts(
    body: lxml.html.HtmlElement, containers: list[lxml.html.HtmlElement], stats: dict
) -> list[lxml.html.HtmlElement]:
    """Add the other parts of a story split by ads or widgets: elements with the same tag and
    class as a chosen container, and siblings that score well, in document order."""
    chosen = set(containers)
    signatures = {(c.tag, c.get("class")) for c in containers if c.get("class")}
    top_score = max((stats[c].score for c in containers if c in stats), default=0.0)
    extra: list[lxml.html.HtmlElement] = []
    if signatures and top_score > 0:
        for element in body.iter(*{tag for tag, _ in signatures}):
            if element in chosen or (element.tag, element.get("class")) not in signatures:
                continue
            if element in stats and stats[element].score > 0 and not inside(element, chosen):
                extra.append(element)
    if len(containers) == 1 and top_score > 0:
        best = containers[0]
        for sibling in best.itersiblings():
            if not isinstance(sibling.tag, str) or sibling not in stats:
                continue
            sibling_stats = stats[sibling]
            if sibling_stats.score >= SIBLING_SHARE * top_score and sibling_stats.good > 0:
                extra.append(sibling)
    story = _article_of(containers[0])
    extra = [e for e in extra if _same_story(story, e)]
    if not extra:
        return containers
    merged = [e for e in extra if not any(inside(e, {c}) or inside(c, {e}) for c in chosen)]
    everything = set(containers) | set(merged)
    return [el for el in body.iter() if el in everything]
