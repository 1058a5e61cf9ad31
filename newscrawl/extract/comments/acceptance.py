"""Which items are this page's comments.

Only items inside a comment area, items with a ``comment-123`` id and schema.org comments
count, so a teaser with ``class="comment"`` (an opinion piece) or a "Latest comments" widget
listing other pages' comments is not this page's discussion. WordPress pingbacks and
trackbacks are automated link notices, not reader comments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.ids import BLOGGER_ID_RE, STRICT_ID_RE
from newscrawl.extract.comments.roles import class_tokens, is_microdata_comment
from newscrawl.extract.comments.tree import inside_tags
from newscrawl.extract.comments.vocabulary import AREA, CHILDREN, WIDGET_WORDS, class_words

if TYPE_CHECKING:
    from newscrawl.extract.comments.grouping import Item
    from newscrawl.extract.comments.role_map import RoleMap

# Where a comment never sits (a form's preview, a script template, the page head).
_NEVER_INSIDE = frozenset({"form", "textarea", "script", "template", "noscript", "head"})


def accepted_items(roles: RoleMap, items: list[Item]) -> list[Item]:
    """The credible items, in order; a reply to an accepted comment is accepted too."""
    accepted_elements: set[etree._Element] = set()
    # Verdicts of "inside a form, script …?" by element, so nested threads stay linear.
    never_inside: dict[etree._Element, bool] = {}
    result = []
    for item in items:
        if not _is_credible(roles, item, accepted_elements, never_inside):
            continue
        result.append(item)
        accepted_elements.update(item.all_elements())
    return result


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
