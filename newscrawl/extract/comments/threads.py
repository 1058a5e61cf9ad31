"""Threading: which comment each reply answers.

A reply nested inside its parent is threaded while items are built; this module decides
whether a nested item is a reply at all, and threads replies that sit *beside* their parent:
a replies list right after the parent (kochbar-style markup) or ``depth-N`` classes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.ids import own_id
from newscrawl.extract.comments.roles import class_tokens
from newscrawl.extract.comments.tree import previous_element
from newscrawl.extract.comments.vocabulary import AREA, CHILDREN

if TYPE_CHECKING:
    from newscrawl.extract.comments.grouping import Item
    from newscrawl.extract.comments.role_map import RoleMap

_DEPTH_RE = re.compile(r"(?:^|[-_])(?:depth|level|lvl)[-_]?(\d{1,2})$", re.IGNORECASE)


def is_reply_of(roles: RoleMap, inner: etree._Element, outer: etree._Element) -> bool:
    """True when ``inner`` (an item inside item ``outer``) replies to it.

    It does when a replies list or a list lies between them, or when both carry different
    ids; otherwise ``inner`` is a part of the same comment.
    """
    parent = inner.getparent()
    while parent is not None and parent is not outer:
        if roles.get(parent) in (CHILDREN, AREA) or parent.tag in ("ul", "ol"):
            return True
        parent = parent.getparent()
    inner_id, outer_id = own_id(inner), own_id(outer)
    return inner_id is not None and outer_id is not None and inner_id != outer_id


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
