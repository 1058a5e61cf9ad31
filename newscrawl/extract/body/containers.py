"""Narrowing and widening the best container: story-body wrappers, split parts,
next stories in their own ``<article>``, the standfirst above the story."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from newscrawl.extract.body.cleanup import comparable_text
from newscrawl.extract.body.naming import NameMemo
from newscrawl.extract.body.scoring import inside
from newscrawl.extract.body.vocabulary import BLOCK_TAGS, MIN_PARAGRAPH_CHARS, MIN_STORY_GOOD
from newscrawl.extract.page import Page

# Blocks that can hold a standfirst printed above the story.
_STANDFIRST_TAGS = frozenset({"p", "div", "h2", "h3", "section", "span", "header"})


# What the search for the standfirst looks at: the blocks, and the headline it must follow.
_SEARCHED_TAGS = _STANDFIRST_TAGS | {"h1"}


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
    filters that use ``articleBody`` would drop it, so it is found in the tree. A description
    cut short ("... the EU to ...", or mid-sentence) matches a block of text that starts
    with it.
    """
    descriptions = _descriptions(page)
    if not descriptions:
        return None
    # Most blocks are far shorter or longer than any description: one test for all of them.
    shortest = min(d.low for d in descriptions)
    longest = max(d.high for d in descriptions)
    seen_h1 = body.find(".//h1") is None
    for element in _until_end_of(body, container, _SEARCHED_TAGS):
        if element.tag == "h1":
            seen_h1 = True
            continue
        if not seen_h1 or element.tag not in _STANDFIRST_TAGS:
            continue
        element_stats = stats.get(element)
        if element_stats is None or not shortest <= element_stats.text <= longest:
            continue
        text = key = None
        for description in descriptions:
            if not description.fits(element_stats.text) or not description.may_open(element):
                continue
            if text is None or key is None:
                text = " ".join(element.text_content().split())
                key = _standfirst_key(text)
            if description.matches(key, element):
                return text
    return None


# Typographic quotes and apostrophes, read as plain ones: a description is often typed in
# plain quotes while the page prints curly ones. (Patterns: far faster than ``translate``.)
_CURLY_SINGLE_RE = re.compile("[‘’‚]")
_CURLY_DOUBLE_RE = re.compile("[“”„]")


# A description cut short ends with one of these, or in the middle of a sentence.
_ELLIPSES = ("...", "…")
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "»", ")")


# A block that starts with a cut-short description may run on this much longer than it.
MAX_CUT_DESCRIPTION_GROWTH = 2.5


class _Description:
    """One meta description of the page, as a block's text is compared with it."""

    __slots__ = ("cut", "high", "key", "low")

    def __init__(self, text: str) -> None:
        text = " ".join(text.split())
        # CMSs cut descriptions at a length, with an ellipsis or mid-sentence.
        self.cut = text.endswith(_ELLIPSES) or not text.endswith(_SENTENCE_ENDS)
        if self.cut:
            text = text.rstrip(".… ")
        self.key = _standfirst_key(text)
        self.low = 0.8 * len(text)
        self.high = (MAX_CUT_DESCRIPTION_GROWTH if self.cut else 1.2) * len(text) + 20

    def fits(self, length: int) -> bool:
        """Whether a block with ``length`` characters of text could be this description."""
        return self.low <= length <= self.high

    def may_open(self, element: lxml.html.HtmlElement) -> bool:
        """A cheap first test: whether the text ``element`` opens with (most blocks have
        their own first words) can start this description."""
        lead = element.text
        if not lead or lead.isspace():
            return True  # the text starts further down: only the whole text tells
        return self.key.startswith(_standfirst_key(lead.lstrip()[0]))

    def matches(self, key: str, element: lxml.html.HtmlElement) -> bool:
        """Whether a block's text, as :func:`_standfirst_key` gives it (``element`` the
        block), is this description, or starts with it when the description was cut short
        (then only a block without blocks inside it counts: a wrapper that starts with the
        lead paragraph is not a standfirst)."""
        if not self.cut:
            return key == self.key
        return key.startswith(self.key) and not any(
            isinstance(child.tag, str) and child.tag in BLOCK_TAGS
            for child in element.iterdescendants()
        )


def _descriptions(page: Page) -> list[_Description]:
    """The page's distinct meta descriptions long enough to be a standfirst."""
    texts: list[str] = []
    for name in ("og:description", "description", "twitter:description"):
        for value in page.meta.get(name, ()):
            if value and len(value) >= MIN_PARAGRAPH_CHARS and value not in texts:
                texts.append(value)
    return [_Description(text) for text in texts]


def _standfirst_key(text: str) -> str:
    """``text`` as :func:`comparable_text` gives it, with plain quotes."""
    if not text.isascii():
        text = _CURLY_DOUBLE_RE.sub('"', _CURLY_SINGLE_RE.sub("'", text))
    return comparable_text(text)


def _until_end_of(
    body: lxml.html.HtmlElement, container: lxml.html.HtmlElement, tags: frozenset[str]
) -> Iterator[lxml.html.HtmlElement]:
    """The elements of ``body`` with one of ``tags``, in document order, up to the end of
    ``container`` (lxml picks them by tag in C: most elements are never seen here)."""
    for element in body.iter(*tags, container.tag):
        if element is container:
            break
        if element.tag in tags:
            yield element
    yield from container.iter(*tags)


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
