"""Which items are this page's comments.

Only items inside a comment area, items with a ``comment-123`` id and schema.org comments
count, so a teaser with ``class="comment"`` (an opinion piece) or a "Latest comments" widget
listing other pages' comments is not this page's discussion. WordPress pingbacks and
trackbacks are automated link notices, not reader comments.

Items outside any area still count when a "3 Comments" heading heads them (embedded systems
such as Isso name their section nothing like "comments"), or when at least three look-alike
ones (same tag, same comment class) nearly all read like a comment rather than a teaser:
no heading of their own and mostly words, not links (app-rendered threads that wrap each
comment in anonymous, hashed classes).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.ids import BLOGGER_ID_RE, STRICT_ID_RE
from newscrawl.extract.comments.roles import class_tokens, is_microdata_comment, token_role
from newscrawl.extract.comments.tree import inside_tags, text_length, tree_position
from newscrawl.extract.comments.vocabulary import (
    AREA,
    CHILDREN,
    ITEM,
    WIDGET_WORDS,
    class_words,
)

if TYPE_CHECKING:
    from newscrawl.extract.comments.grouping import Item
    from newscrawl.extract.comments.records import CommentHeading
    from newscrawl.extract.comments.role_map import RoleMap

# Where a comment never sits (a form's preview, a script template, the page head).
_NEVER_INSIDE = frozenset({"form", "textarea", "script", "template", "noscript", "head"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Look-alike comments outside any area: how many at least, and the share of their text that
# may be link text (a teaser is mostly its headline link).
MIN_LOOKALIKES = 3
MAX_LINK_SHARE = 0.5
# Share of a look-alike group that must read like comments (one may be just a link).
MIN_READABLE_SHARE = 0.75
# How many ancestors of a "3 Comments" heading may hold the comments it heads.
HEADING_SECTION_DEPTH = 3


def accepted_items(
    roles: RoleMap, items: list[Item], headings: Sequence[CommentHeading] = ()
) -> list[Item]:
    """The credible items, in order; a reply to an accepted comment is accepted too.

    ``headings`` are the page's comment headings: items they head count even outside a
    comment area, and so do look-alike items that read like comments.
    """
    # Verdicts of "inside a form, script …?" by element, so nested threads stay linear.
    never_inside: dict[etree._Element, bool] = {}
    result, rejected = _accept(roles, items, never_inside, frozenset())
    # Only the rejected top-level items need a second look (most pages have none).
    orphans = [item for item in rejected if _is_orphan(roles, item)]
    rescued = _rescued(roles, orphans, headings) if orphans else set()
    if not rescued:
        return result
    return _accept(roles, items, never_inside, rescued)[0]


def _accept(
    roles: RoleMap,
    items: list[Item],
    never_inside: dict[etree._Element, bool],
    rescued: Collection[int],
) -> tuple[list[Item], list[Item]]:
    """Accepted and rejected items, in order; ``rescued`` item ids need only be sound."""
    accepted_elements: set[etree._Element] = set()
    result: list[Item] = []
    rejected: list[Item] = []
    for item in items:
        if id(item) in rescued:
            credible = _is_sound(roles, item, never_inside)
        else:
            credible = _is_credible(roles, item, accepted_elements, never_inside)
        if not credible:
            rejected.append(item)
            continue
        result.append(item)
        accepted_elements.update(item.all_elements())
    return result, rejected


def _is_orphan(roles: RoleMap, item: Item) -> bool:
    """A top-level item with nothing but its class to vouch for it (no area, id, microdata)."""
    el = item.element
    if item.parent is not None or roles.nearest(el, (AREA, CHILDREN)) is not None:
        return False
    members = item.all_elements()
    return not any(
        is_microdata_comment(member) or STRICT_ID_RE.match(member.get("id") or "")
        for member in members
    )


def _rescued(roles: RoleMap, orphans: list[Item], headings: Sequence[CommentHeading]) -> set[int]:
    """Ids of the orphan items a comment heading heads, or that come as look-alikes."""
    rescued = {
        id(item)
        for item in orphans
        if _headed(roles, item.element, headings) and _mostly_words(item.element)
    }
    groups: dict[tuple[str, frozenset[str]], list[Item]] = {}
    for item in orphans:
        if id(item) not in rescued:
            groups.setdefault(_signature(item.element), []).append(item)
    for signature, group in groups.items():
        if not signature[1] or len(group) < MIN_LOOKALIKES:
            continue
        readable = sum(1 for item in group if _reads_like_comment(item.element))
        if readable >= MIN_LOOKALIKES and readable >= MIN_READABLE_SHARE * len(group):
            rescued.update(id(item) for item in group)
    return rescued


def _headed(roles: RoleMap, el: etree._Element, headings: Sequence[CommentHeading]) -> bool:
    """True when a "3 Comments" heading close above ``el`` heads the section it is in."""
    for heading in headings:
        if not heading.names_comments or heading.names_reviews:
            continue
        section = heading.element.getparent()
        for _ in range(HEADING_SECTION_DEPTH):
            if section is None or section.tag in ("body", "html") or roles.holds_article(section):
                break
            if _is_inside(el, section):
                return tree_position(el) > tree_position(heading.element)
            section = section.getparent()
    return False


def _is_inside(el: etree._Element, section: etree._Element) -> bool:
    """True when ``section`` is an ancestor of ``el``."""
    return any(ancestor is section for ancestor in el.iterancestors())


def _signature(el: etree._Element) -> tuple[str, frozenset[str]]:
    """Tag and comment class tokens: what look-alike comments share (ids and states differ)."""
    return el.tag, frozenset(t for t in class_tokens(el) if token_role(t) == ITEM)


def _reads_like_comment(el: etree._Element) -> bool:
    """Words of its own, no heading, and not mostly links (a teaser is its headline link)."""
    return next(el.iter(_HEADINGS), None) is None and _mostly_words(el)


def _mostly_words(el: etree._Element) -> bool:
    """Some text, and not mostly link text (a list of other pages' comments is links)."""
    total = text_length(el)
    if total == 0:
        return False
    linked = sum(text_length(link) for link in el.iter("a"))
    return linked <= MAX_LINK_SHARE * total


def _is_sound(roles: RoleMap, item: Item, never_inside: dict[etree._Element, bool]) -> bool:
    """The checks every comment passes: not a ping, not in a form or script, not the article,
    not in a widget."""
    el = item.element
    tokens = {token.lower() for token in class_tokens(el)}
    if tokens & {"pingback", "trackback"}:
        return False
    if inside_tags(el, _NEVER_INSIDE, never_inside):
        return False
    return not roles.holds_article(el) and not inside_widget(el)


def _is_credible(
    roles: RoleMap,
    item: Item,
    accepted: set[etree._Element],
    never_inside: dict[etree._Element, bool],
) -> bool:
    """True when ``item`` is this page's comment, not a teaser, widget entry or ping."""
    el = item.element
    tokens = {token.lower() for token in class_tokens(el)}
    if tokens & {"pingback", "trackback"}:
        return False
    if inside_tags(el, _NEVER_INSIDE, never_inside):
        return False
    if roles.holds_article(el):
        return False
    if item.parent is not None and item.parent.element in accepted:
        return True
    if any(is_microdata_comment(member) for member in item.all_elements()):
        return True
    if any(STRICT_ID_RE.match(member.get("id") or "") for member in item.all_elements()):
        return True
    if BLOGGER_ID_RE.match(el.get("id") or "") and "comment" in tokens:
        return True
    return roles.nearest(el, (AREA, CHILDREN)) is not None and not inside_widget(el)


def inside_widget(el: etree._Element) -> bool:
    """True inside an ``aside`` or an element named like a widget or teaser list."""
    for ancestor in el.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag == "aside":
            return True
        for token in class_tokens(ancestor):
            if any(word in WIDGET_WORDS for word in class_words(token)):
                return True
    return False
