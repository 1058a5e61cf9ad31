"""Removing what is never content: scripts, controls, hidden elements, comment sections."""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html
from lxml import etree

from newscrawl.extract.body.naming import NameMemo
from newscrawl.extract.body.vocabulary import JUNK_TAGS

HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# Hidden elements with this much paragraph text are kept (paywalls hide the story with CSS).
MIN_HIDDEN_PROSE = 120


# Junk-looking elements that may wrap the whole story.
REVEALABLE_TAGS = frozenset({"noscript", "div", "section", "article", "main"})


def drop_all(elements: Iterable[lxml.html.HtmlElement]) -> None:
    """Remove each of ``elements`` (keeping tails); the list is taken first, as removing
    changes what a live iterator would yield."""
    for element in list(elements):
        drop_element(element)


def drop_element(element: lxml.html.HtmlElement) -> None:
    """Remove ``element`` but keep its tail text (it belongs to the parent's flow)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def remove_comment_like(root: lxml.html.HtmlElement, memo: NameMemo | None = None) -> None:
    """Remove comment sections and reply forms recognised by their exact class name or id."""
    memo = memo or NameMemo()
    drop_all(
        el
        for el in root.iter(etree.Element)
        if el.tag not in ("html", "body") and _names_comment(el, memo)
    )


def _names_comment(element: lxml.html.HtmlElement, memo: NameMemo) -> bool:
    class_name, element_id = element.get("class"), element.get("id")
    if class_name is None and element_id is None:
        return False
    return memo.verdict(class_name, element_id)[0]


def remove_junk_tags(root: lxml.html.HtmlElement, *, noscript: bool = True) -> None:
    """Drop scripts, styles, controls, media and navigation (:data:`JUNK_TAGS`).

    A ``<noscript>`` block that holds a whole story (pages revealed by script) is unwrapped
    instead: its children stay in place. ``noscript=False`` leaves ``<noscript>`` blocks to
    the caller (the scoring walk judges them on the text it counts anyway).
    """
    if noscript:
        for block in list(root.iter("noscript")):
            if block.getparent() is not None and holds_story(block):
                block.drop_tag()
    # In C, keeping each element's tail in the flow (as :func:`drop_element` does): far
    # cheaper than a Python loop over hundreds of images, scripts and icons.
    etree.strip_elements(root, *(JUNK_TAGS if noscript else _JUNK_BUT_NOSCRIPT), with_tail=False)


_JUNK_BUT_NOSCRIPT = tuple(tag for tag in JUNK_TAGS if tag != "noscript")


def remove_junk(root: lxml.html.HtmlElement, memo: NameMemo | None = None) -> None:
    """Drop scripts, controls, navigation, hidden elements and comment sections.

    Hidden wrappers and ``<noscript>`` blocks that hold a whole story (pages revealed by
    script, paywalls that hide the text with CSS) are kept: their children stay in place.
    (:func:`~newscrawl.extract.body.scoring.score_tree` does the hidden and comment part
    itself, in its own walk, when it is given ``prune=True``.)
    """
    memo = memo or NameMemo()
    remove_junk_tags(root)
    doomed = [
        element
        for element in root.iter(etree.Element)
        if element.attrib and (_names_comment(element, memo) or is_hidden(element))
    ]
    for element in doomed:
        if element.tag in ("html", "body") or element.getparent() is None:
            continue
        if element.tag in REVEALABLE_TAGS and holds_story(element):
            element.attrib.pop("hidden", None)
            continue
        drop_element(element)


def is_hidden(element: lxml.html.HtmlElement) -> bool:
    """Hidden by the ``hidden`` attribute, ``aria-hidden`` or an inline style."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style) and bool(HIDDEN_STYLE_RE.search(style))


def holds_story(element: lxml.html.HtmlElement) -> bool:
    """Prose worth keeping: paragraphs of some length (menus and buttons have none)."""
    paragraphs = list(element.iter("p"))
    return bool(paragraphs) and sum(len(p.text_content()) for p in paragraphs) >= MIN_HIDDEN_PROSE
