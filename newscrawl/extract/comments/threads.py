"""Threading: which comment each reply answers.

A reply nested inside its parent is threaded while items are built; this module decides
whether a nested item is a reply at all, and threads replies that sit *beside* their parent:
a replies list right after the parent (kochbar-style markup) or ``depth-N`` classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.ids import own_id
from newscrawl.extract.comments.roles import class_tokens, part_role, token_role
from newscrawl.extract.comments.tree import previous_element
from newscrawl.extract.comments.vocabulary import (
    AREA,
    AUTHOR,
    BODY,
    CHILDREN,
    DATE,
    ITEM,
    LABEL,
    NOISE,
)

if TYPE_CHECKING:
    from newscrawl.extract.comments.grouping import Item
    from newscrawl.extract.comments.role_map import RoleMap

# Text a comment must have outside a nested same-kind comment for that one to be a reply.
_MIN_OWN_CHARS = 20
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})
# What shows a nested comment is one of its own: a name or a time part; or its parent's text.
_META_PROPS = frozenset({"author", "creator", "dateCreated", "datePublished", "commentTime"})
_META_PART_ROLES = frozenset({AUTHOR, DATE, NOISE, LABEL})
_TEXT_BLOCK_TAGS = frozenset({"p", "blockquote", "pre"})
_DEPTH_RE = re.compile(r"(?:^|[-_])(?:depth|level|lvl)[-_]?(\d{1,2})$", re.IGNORECASE)


def is_reply_of(roles: RoleMap, inner: etree._Element, outer: etree._Element) -> bool:
    """True when ``inner`` (an item inside item ``outer``) replies to it.

    It does when a replies list or a list lies between them, when both carry different
    ids, or when both are the same kind of comment element with words of its own;
    otherwise ``inner`` is a part of the same comment.
    """
    parent = inner.getparent()
    while parent is not None and parent is not outer:
        if roles.get(parent) in (CHILDREN, AREA) or parent.tag in ("ul", "ol"):
            return True
        parent = parent.getparent()
    inner_id, outer_id = own_id(inner), own_id(outer)
    if inner_id is not None and outer_id is not None:
        return inner_id != outer_id
    return _same_kind_with_own_text(roles, inner, outer)


def _same_kind_with_own_text(roles: RoleMap, inner: etree._Element, outer: etree._Element) -> bool:
    """True when both are named as one comment by the same class, ``outer`` has words
    besides ``inner``, and the two read as two comments: a reply nested straight in its
    parent (Isso's ``div.isso-comment`` inside ``div.isso-comment``, Coral's
    ``coral-comment``), not a wrapper around the comment's text.

    They read as two when ``inner`` has a name or a time of its own, or ``outer`` has its
    own text block: a ``div.comment`` holding only a "Posted by … on …" line and an inner
    ``div.comment`` with the words is one comment. WordPress's ``li.comment`` around
    ``article.comment-body`` names the two differently.
    """
    if inner.tag != outer.tag:
        return False
    kinds = _item_tokens(inner)
    if not kinds or kinds != _item_tokens(outer):
        return False
    if not _has_text_besides(outer, inner, _MIN_OWN_CHARS):
        return False
    return _has_author_or_date(roles, inner) or _has_text_block(roles, outer, inner)


def _has_author_or_date(roles: RoleMap, item: etree._Element) -> bool:
    """True when ``item`` (other comments inside left out) has a name or a time part."""
    for el in _own_parts(roles, item, None, skip_meta=False):
        if el.tag == "time" or (el.get("itemprop") or "") in _META_PROPS:
            return True
        if any(part_role(token) in (AUTHOR, DATE) for token in class_tokens(el)):
            return True
    return False


def _has_text_block(roles: RoleMap, outer: etree._Element, inner: etree._Element) -> bool:
    """True when ``outer`` has a paragraph or a text part of its own, outside ``inner`` and
    outside its name, time and control parts."""
    for el in _own_parts(roles, outer, inner, skip_meta=True):
        if el.tag in _TEXT_BLOCK_TAGS:
            return True
        if any(part_role(token) == BODY for token in class_tokens(el)):
            return True
    return False


def _own_parts(
    roles: RoleMap, top: etree._Element, skip: etree._Element | None, *, skip_meta: bool
) -> Iterator[etree._Element]:
    """Descendants of ``top`` outside ``skip`` and other comments; with ``skip_meta``, also
    outside name, time and control parts."""
    stack = [child for child in top if isinstance(child.tag, str)]
    while stack:
        el = stack.pop()
        if el is skip or el.tag in _HIDDEN_TAGS or roles.get(el) == ITEM:
            continue
        if skip_meta and any(part_role(token) in _META_PART_ROLES for token in class_tokens(el)):
            continue
        yield el
        stack.extend(child for child in el if isinstance(child.tag, str))


def _has_text_besides(outer: etree._Element, inner: etree._Element, enough: int) -> bool:
    """True when ``outer`` holds ``enough`` characters of text outside ``inner``'s subtree.

    The walk stops as soon as it has seen enough, and never enters ``inner``: asked for every
    reply of a deep thread, it reads each parent's own words only.
    """
    seen = 0
    stack = [outer]
    while stack:
        node = stack.pop()
        if node is inner:
            continue
        if node.text and isinstance(node.tag, str) and node.tag not in _HIDDEN_TAGS:
            seen += len(node.text.strip())
        for child in node:
            if child.tail:
                seen += len(child.tail.strip())
        if seen >= enough:
            return True
        stack.extend(child for child in node if isinstance(child.tag, str))
    return False


def _item_tokens(el: etree._Element) -> frozenset[str]:
    """The class tokens that name ``el`` as one comment ("comment", "isso-comment")."""
    return frozenset(token for token in class_tokens(el) if token_role(token) == ITEM)


def thread_flat_replies(
    roles: RoleMap, ordered: list[Item], by_element: dict[etree._Element, Item]
) -> None:
    """Thread replies that sit beside their parent rather than inside it."""
    last_at_depth: dict[int, Item] = {}
    for item in ordered:
        depth = depth_class(item.element)
        if item.parent is None:
            item.parent = _parent_before_replies_list(roles, item, by_element)
        if item.parent is None and depth is not None and depth > 1:
            item.parent = last_at_depth.get(depth - 1)
        if depth is not None:
            last_at_depth[depth] = item
            for deeper in [d for d in last_at_depth if d > depth]:
                del last_at_depth[deeper]


def _parent_before_replies_list(
    roles: RoleMap, item: Item, by_element: dict[etree._Element, Item]
) -> Item | None:
    """A replies list placed right after the comment it answers (kochbar-style markup)."""
    container = roles.nearest(item.element, (CHILDREN, AREA))
    if container is None or roles.get(container) != CHILDREN:
        return None
    previous = previous_element(container)
    if previous is None:
        return None
    owner = by_element.get(previous)
    return owner if owner is not None and owner is not item else None


def depth_class(el: etree._Element) -> int | None:
    """The nesting level a ``depth-2``/``level-3`` class states, if any."""
    for token in class_tokens(el):
        match = _DEPTH_RE.search(token)
        if match:
            return int(match.group(1))
    return None
