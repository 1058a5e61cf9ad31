"""Comments as items: item elements grouped into one item per comment, with ids and parents.

Items nested in items are either the same comment (WordPress ``li#comment-1`` around
``article#div-comment-1``) or replies (inside a replies list, or carrying another id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.ids import (
    BLOGGER_ID_RE,
    STRICT_ID_RE,
    drop_shared_ids,
    opaque_id,
    own_id,
)
from newscrawl.extract.comments.patterns import WRAPPER_ID_DEPTH
from newscrawl.extract.comments.threads import is_reply_of, thread_flat_replies
from newscrawl.extract.comments.tree import (
    SkipSet,
    nearest_in,
    own_descendants,
    previous_element,
)
from newscrawl.extract.comments.vocabulary import ITEM

if TYPE_CHECKING:
    from newscrawl.extract.comments.role_map import RoleMap


@dataclass
class Item:
    """One comment: its main element, elements merged into it (same comment), its parent."""

    element: etree._Element
    members: list[etree._Element] = field(default_factory=list)
    parent: Item | None = None
    external_id: str | None = None

    def all_elements(self) -> list[etree._Element]:
        """The main element and the merged ones."""
        return [self.element, *self.members]

    def prune(self, roles: RoleMap) -> SkipSet:
        """Elements whose subtrees do not belong to this item: other items and reply lists."""
        return SkipSet(roles.prunable(), kept=set(self.all_elements()))


def build_items(roles: RoleMap, elements: Iterable[etree._Element]) -> list[Item]:
    """Group item elements (in document order) into comments, then thread them."""
    by_element: dict[etree._Element, Item] = {}
    ordered: list[Item] = []
    in_order = list(dict.fromkeys(elements))
    element_set = set(in_order)
    for el in in_order:
        holder = nearest_in(el, element_set)
        if holder is not None and holder in by_element and not is_reply_of(roles, el, holder):
            item = by_element[holder]
            item.members.append(el)
            by_element[el] = item
            continue
        owner = _definition_owner(el, by_element)
        if owner is not None:
            owner.members.append(el)  # merged into the <dt> before it
            by_element[el] = owner
            continue
        item = Item(el)
        by_element[el] = item
        ordered.append(item)
        if holder is not None:
            item.parent = by_element.get(holder)
    _set_external_ids(roles, ordered)
    thread_flat_replies(roles, ordered, by_element)
    return ordered


def _definition_owner(el: etree._Element, by_element: dict[etree._Element, Item]) -> Item | None:
    """<dt class=comment> (author, date) followed by <dd class=comment> (text): one comment.

    Every ``<dd>`` up to the next ``<dt>`` belongs to it (Blogger's text and footer).
    """
    if el.tag != "dd":
        return None
    previous = previous_element(el)
    if previous is None or previous.tag not in ("dt", "dd") or previous not in by_element:
        return None
    owner = by_element[previous]
    return owner if owner.element.tag == "dt" else None


def _set_external_ids(roles: RoleMap, items: list[Item]) -> None:
    """Give each item its site id; an opaque id (no known scheme) only when no other has it."""
    ids: list[str | None] = []
    opaque: list[bool] = []
    for item in items:
        found = external_id(roles, item)
        is_opaque = found is None
        ids.append(found if found is not None else opaque_id(item.element))
        opaque.append(is_opaque)
    for item, value in zip(items, drop_shared_ids(ids, opaque), strict=True):
        item.external_id = value


def external_id(roles: RoleMap, item: Item) -> str | None:
    """The site's id of the comment in a known scheme: on its elements, an anchor before, a
    wrapper, or inside."""
    for el in item.all_elements():
        found = own_id(el)
        if found:
            return found
    for el in item.all_elements():
        previous = previous_element(el)
        if previous is not None and previous in roles.anchor_ids:
            return roles.anchor_ids[previous]
    return _wrapper_id(roles, item) or _inner_id(roles, item)


def _wrapper_id(roles: RoleMap, item: Item) -> str | None:
    """A per-comment wrapper such as <div id="comment-wrapper-63671"><div class=comment>."""
    wrapper = item.element.getparent()
    for _ in range(WRAPPER_ID_DEPTH):
        if wrapper is None or wrapper.tag != "div" or roles.get(wrapper) is not None:
            break
        if sum(1 for el in wrapper.iter() if roles.get(el) == ITEM) > len(item.all_elements()):
            break  # the wrapper holds other comments too
        found = own_id(wrapper)
        if found:
            return found
        wrapper = wrapper.getparent()
    return None


def _inner_id(roles: RoleMap, item: Item) -> str | None:
    """An id on an element inside the comment (an anchor, a Blogger ``c123456`` span)."""
    prune = item.prune(roles)
    for el in item.all_elements():
        for inner in own_descendants(el, prune):
            value = inner.get("id") or ""
            match = STRICT_ID_RE.match(value) or BLOGGER_ID_RE.match(value)
            if match:
                return match.group(1)
            if inner.tag == "a" and value.isdigit():
                return value  # <a id="167407"> anchors in self-made systems
    return None
