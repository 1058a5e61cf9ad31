"""Small text and tree helpers shared by the field extractors."""

from __future__ import annotations

from typing import Any


def squash(text: str) -> str:
    """The letters and digits of ``text``, case-folded ("The Daily-Example" → "thedailyexample").

    Used to compare site, publisher and author names however they are spaced or punctuated.
    """
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def spaced_text(element: Any) -> str:
    """The element's text with a space between text nodes and white space collapsed.

    The space keeps "10 min read" and "June 3" apart when they sit in sibling elements.
    """
    return " ".join(" ".join(element.itertext()).split())


def in_comments(element: Any) -> bool:
    """Whether ``element`` or an ancestor has a class or id naming comments: readers' names
    and times there are not the article's."""
    node = element
    while node is not None:
        marker = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if "comment" in marker:
            return True
        node = node.getparent()
    return False
