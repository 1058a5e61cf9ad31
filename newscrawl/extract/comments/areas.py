"""Comment areas: the elements a body extractor should drop.

Areas are the elements named as comment sections or forms, comment headings (with the form
right after them), and the lists that hold the accepted comments. None holds the article's
headline, ``articleBody`` or the hAtom post, none is mostly foreign text, and none is nested
in another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.markup import ANY_FORM_XPATH, ARTICLE_CLASSES
from newscrawl.extract.comments.patterns import COVER_SHARE, MAX_FOREIGN_CHARS
from newscrawl.extract.comments.roles import class_tokens
from newscrawl.extract.comments.tree import (
    document_order,
    nearest_in,
    next_element,
    outermost,
    text_length,
)
from newscrawl.extract.comments.vocabulary import AREA, FORM

if TYPE_CHECKING:
    from newscrawl.extract.comments.grouping import Item
    from newscrawl.extract.comments.records import CommentHeading
    from newscrawl.extract.comments.role_map import RoleMap


def comment_areas(
    roles: RoleMap, headings: list[CommentHeading], items: list[Item]
) -> list[etree._Element]:
    """The outermost safe comment areas of the page, in document order."""
    candidates: list[etree._Element] = roles.elements_with(AREA, FORM)
    candidates.extend(_heading_areas(headings))
    candidates.extend(_item_covers(items))
    item_elements = {el for item in items for el in item.all_elements()}
    safe = [
        el for el in set(candidates)
        if is_safe_area(roles, el) and not _mostly_foreign(el, item_elements)
    ]
    return document_order(outermost(document_order(safe)))


def _heading_areas(headings: list[CommentHeading]) -> list[etree._Element]:
    """ "Leave a Comment" and "3 Comments" headings, with a comment form right after."""
    found: list[etree._Element] = []
    for heading in headings:
        found.append(heading.element)
        follower = next_element(heading.element)
        if follower is not None and ANY_FORM_XPATH(follower):
            found.append(follower)
    return found


def _item_covers(items: list[Item]) -> list[etree._Element]:
    """Elements covering accepted comments: their list when it is only comments."""
    covers: list[etree._Element] = []
    by_container: dict[etree._Element, list[Item]] = {}
    for item in items:
        if item.parent is not None:
            continue
        container = item.element.getparent()
        if container is None:
            covers.extend(item.all_elements())
        else:
            by_container.setdefault(container, []).append(item)
    for container, group in by_container.items():
        if container.tag in ("ol", "ul", "dl") or _mostly_made_of(container, group):
            covers.append(container)
        else:
            covers.extend(el for item in group for el in item.all_elements())
    return covers


def is_safe_area(roles: RoleMap, el: etree._Element) -> bool:
    """An area must not hold the article: no h1, no articleBody, not the page's frame."""
    if el.tag in ("html", "body", "head", "main"):
        return False
    if any(token in ARTICLE_CLASSES for token in class_tokens(el)):
        return False  # hAtom's "hentry": the post itself, whatever its other class names say
    return not roles.holds_article(el)


def _mostly_foreign(area: etree._Element, item_elements: set[etree._Element]) -> bool:
    """True when an area holds a lot of text that is neither comments nor forms.

    A class name borrowed from a category ("category-comentarios" on a post wrapper) or a
    broken tag that swallows the rest of the page makes an "area" hold the article itself.
    """
    total = text_length(area)
    if total <= MAX_FOREIGN_CHARS:
        return False
    inner = [
        el for el in area.iterdescendants()
        if el in item_elements or el.tag == "form"
    ]
    chosen = set(inner)
    outermost = [el for el in inner if nearest_in(el, chosen, area) is None]
    claimed = sum(text_length(el) for el in outermost)
    return total - claimed > max(MAX_FOREIGN_CHARS, claimed)


def _mostly_made_of(container: etree._Element, items: list[Item]) -> bool:
    """True when the comments make up most of ``container``'s text (a heading at most)."""
    total = text_length(container)
    own = sum(text_length(el) for item in items for el in item.all_elements())
    return total > 0 and own >= COVER_SHARE * total
