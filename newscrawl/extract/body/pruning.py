"""Removing what is never content: scripts, controls, hidden elements, comment sections."""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html

from newscrawl.extract.body.vocabulary import JUNK_TAGS

_JUNK_TAG_SET = frozenset(JUNK_TAGS)


# Class/id words of comment sections (a cheap test before the exact-name lookup).
_COMMENT_WORD_RE = re.compile(r"comment|respond|disqus|reply|coral")


_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# Hidden elements with this much paragraph text are kept (paywalls hide the story with CSS).
MIN_HIDDEN_PROSE = 120


# Junk-looking elements that may wrap the whole story.
_REVEALABLE_TAGS = frozenset({"noscript", "div", "section", "article", "main"})


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


# Exact class names and ids of comment sections and reply forms (WordPress, Disqus, Drupal,
# Blogger and the like). Whole names only: "comments-open" on a post wrapper is not one.
COMMENT_AREA_NAMES = frozenset(
    {
        "comments",
        "comment-list",
        "commentlist",
        "comments-list",
        "comment-respond",
        "respond",
        "comments-area",
        "comment-form",
        "commentform",
        "comments-section",
        "comment-section",
        "article-comments",
        "post-comments",
        "disqus_thread",
        "fb-comments",
        "comment-wrapper",
        "comments-wrapper",
        "comments-container",
        "comment-container",
        "reply-form",
        "blog-comments",
        "user-comments",
        "reader-comments",
        "comment-area",
        "comments-block",
        "comment-block",
        "comments-link",
        "commentsblock",
        "comments_block",
        "comment_form",
        "comment_list",
        "leave-comment",
        "leave-a-comment",
        "reply-title",
        "comment-reply-title",
        "comment-navigation",
        "comments-title",
        "comments-count",
        "coral_thread",
    }
)


def remove_comment_like(root: lxml.html.HtmlElement) -> None:
    """Remove comment sections and reply forms recognised by their exact class name or id."""
    drop_all(el for el in root.iter() if _is_comment_area(el))


def _is_comment_area(element: lxml.html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if (
        "comment" not in names
        and "respond" not in names
        and "disqus" not in names
        and ("reply" not in names and "coral" not in names)
    ):
        return False
    return any(name in COMMENT_AREA_NAMES for name in names.split())


def remove_junk(root: lxml.html.HtmlElement) -> None:
    """Drop scripts, controls, navigation, hidden elements and comment sections, in one walk.

    Hidden wrappers and ``<noscript>`` blocks that hold a whole story (pages revealed by
    script, paywalls that hide the text with CSS) are kept: their children stay in place.
    """
    # One Python walk: libxml2's XPath with attribute predicates is several times slower.
    doomed = []
    comment_memo: dict[tuple[str | None, str | None], bool] = {}
    for element in root.iter():
        tag = element.tag
        if tag in _JUNK_TAG_SET:
            doomed.append(element)
            continue
        if not isinstance(tag, str) or not element.attrib:
            continue  # most elements carry no attribute at all
        key = (element.get("class"), element.get("id"))
        comment_area = comment_memo.get(key)
        if comment_area is None:
            comment_area = comment_memo[key] = _names_comment_area(*key)
        if comment_area or _is_hidden(element):
            doomed.append(element)
    for element in doomed:
        if element.tag in ("html", "body") or element.getparent() is None:
            continue
        if element.tag in _REVEALABLE_TAGS and _holds_story(element):
            if element.tag == "noscript":
                element.drop_tag()
            else:
                element.attrib.pop("hidden", None)
            continue
        drop_element(element)


def _names_comment_area(class_name: str | None, element_id: str | None) -> bool:
    """True when the class or id is an exact comment-section name."""
    names = f"{class_name or ''} {element_id or ''}".lower()
    return bool(_COMMENT_WORD_RE.search(names)) and any(
        name in COMMENT_AREA_NAMES for name in names.split()
    )


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    attrib = element.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style) and bool(_HIDDEN_STYLE_RE.search(style))


def _holds_story(element: lxml.html.HtmlElement) -> bool:
    """Prose worth keeping: paragraphs of some length (menus and buttons have none)."""
    paragraphs = list(element.iter("p"))
    return bool(paragraphs) and sum(len(p.text_content()) for p in paragraphs) >= MIN_HIDDEN_PROSE
