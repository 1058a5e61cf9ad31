"""The role map of one page: which elements are comment items, areas, reply lists, forms.

Built once per tree from one scan of the candidate elements, then corrected where the
vocabulary misleads: an "item" holding several items is their list, repeated "areas" are the
items themselves, and a bare list entry around one comment is that comment.
"""

from __future__ import annotations

from lxml import etree

from newscrawl.extract.comments.ids import STRICT_ID_RE, own_id
from newscrawl.extract.comments.roles import class_tokens, element_role, names_a_list
from newscrawl.extract.comments.scan import ArticleMarkers, Scan, scan_tree
from newscrawl.extract.comments.tree import document_order, previous_element, text_length
from newscrawl.extract.comments.vocabulary import AREA, CHILDREN, FORM, ITEM


class RoleMap:
    """Roles of the elements of one tree, plus Drupal-style ``<a id="comment-N">`` anchors."""

    def __init__(self, root: etree._Element, scan: Scan | None = None) -> None:
        """The roles of ``root``'s elements; ``scan`` is its :mod:`.scan` (made if not given)."""
        scan = scan if scan is not None else scan_tree(root)
        # Which elements hold the article (a comment area never does).
        self.markers = ArticleMarkers(scan.h1s, scan.article_props)
        self.roles: dict[etree._Element, str] = {}
        self.anchor_ids: dict[etree._Element, str] = {}
        # Promotions add roles out of document order; item_elements() then sorts.
        self._promoted = False
        self._prunable: set[etree._Element] | None = None
        token_roles: dict[str, str | None] = {}  # pages repeat the same classes a lot
        indented: list[etree._Element] = []
        for el in scan.candidates:
            role = element_role(el, token_roles)
            if role is not None:
                self.roles[el] = role
            elif el.tag == "div" and "indented" in class_tokens(el):
                indented.append(el)
            elif el.tag == "a" and not len(el) and not (el.text or "").strip():
                # Drupal puts <a id="comment-123"></a> right before the comment it names.
                match = STRICT_ID_RE.match(el.get("id") or "")
                if match:
                    self.anchor_ids[el] = match.group(1)
        if self.roles:
            self._demote_containers()
            self._promote_repeated_areas()
            self._promote_item_wrappers()
            self._promote_definition_entries()
            self._mark_indented_replies(indented)

    def is_empty(self) -> bool:
        """True when nothing on the page is named like a comment part (the common case)."""
        return not self.roles and not self.anchor_ids

    def holds_article(self, el: etree._Element) -> bool:
        """True when ``el`` is or holds the article's headline or body (never a comment)."""
        return self.markers.within(el)

    def get(self, el: etree._Element) -> str | None:
        """The role of ``el``, if it has one."""
        return self.roles.get(el)

    def set_items(self, elements: list[etree._Element]) -> None:
        """Make ``elements`` items (records found under a heading, a profile's selection)."""
        for el in elements:
            self.roles[el] = ITEM
        self._prunable = None

    def drop_items(self) -> None:
        """Forget every item role (a site profile's selection replaces them)."""
        for el, role in list(self.roles.items()):
            if role == ITEM:
                del self.roles[el]
        self._prunable = None

    def elements_with(self, *roles: str) -> list[etree._Element]:
        """Elements having one of ``roles``, in the order they were given their role."""
        return [el for el, role in self.roles.items() if role in roles]

    def item_elements(self) -> list[etree._Element]:
        """Item elements in document order."""
        items = self.elements_with(ITEM)
        return document_order(items) if self._promoted else items

    def nearest(self, el: etree._Element, roles: tuple[str, ...]) -> etree._Element | None:
        """The closest ancestor of ``el`` having one of ``roles``."""
        parent = el.getparent()
        while parent is not None:
            if self.roles.get(parent) in roles:
                return parent
            parent = parent.getparent()
        return None

    def prunable(self) -> set[etree._Element]:
        """Elements whose subtrees belong to no other comment: items, reply lists and forms."""
        if self._prunable is None:
            self._prunable = set(self.elements_with(ITEM, CHILDREN, FORM))
        return self._prunable

    # -- corrections -----------------------------------------------------------------------

    def _demote_containers(self) -> None:
        """An "item" that holds several items and little text of its own is a list of them."""
        direct: dict[etree._Element, list[etree._Element]] = {}
        for el in self.item_elements():
            holder = self.nearest(el, (ITEM,))
            if holder is not None:
                direct.setdefault(holder, []).append(el)
        for holder, inner in direct.items():
            if len(inner) < 2 or own_id(holder) is not None:
                continue  # a comment with its own id that holds replies stays a comment
            own = text_length(holder) - sum(text_length(el) for el in inner)
            if own < 40:
                self.roles[holder] = AREA

    def _promote_repeated_areas(self) -> None:
        """Siblings sharing an "area" class and holding no items are the items themselves.

        ``<div class="commentsCon">`` repeated once per comment names each comment with a
        plural word; as a set of look-alike siblings it is a list of comments.
        """
        groups: dict[tuple[int, str], list[etree._Element]] = {}
        for el, role in self.roles.items():
            parent = el.getparent()
            if role == AREA and parent is not None and el.get("class"):
                groups.setdefault((id(parent), el.get("class") or ""), []).append(el)
        for members in groups.values():
            if len(members) < 2 or names_a_list(members[0]):
                continue
            if any(self._holds_item(el) for el in members):
                continue
            for el in members:
                self.roles[el] = ITEM
                self._promoted = True

    def _holds_item(self, el: etree._Element) -> bool:
        """True when an item sits somewhere inside ``el``."""
        return any(
            self.roles.get(inner) == ITEM
            for inner in el.iterdescendants()
            if inner.get("class") or inner.get("id")
        )

    def _promote_item_wrappers(self) -> None:
        """A bare list entry around one comment is that comment (it holds author and avatar).

        ``<ol class="comment-list"><li><div class="comment-author">…</div>
        <div id="comment-7">…</div></li>`` — the ``li`` is the whole comment.
        """
        items = self.elements_with(ITEM)
        holders = _items_per_wrapper(items)
        for el in items:
            wrapper = el.getparent()
            if wrapper is None or wrapper.tag not in ("li", "article", "dd"):
                continue
            if wrapper in self.roles or holders.get(wrapper) != 1:
                continue
            outer = wrapper.getparent()
            if outer is not None and (
                self.roles.get(outer) in (AREA, CHILDREN) or outer.tag in ("ol", "ul", "dl")
            ):
                self.roles[wrapper] = ITEM
                self._promoted = True

    def _promote_definition_entries(self) -> None:
        """A comment list written as a ``<dl>`` holds one comment per ``<dt>`` and the
        ``<dd>`` after it (classic Blogger: ``dt.comment-author`` with the name,
        ``dd.comment-body``, ``dd.comment-footer`` with the time): all become items, which
        grouping merges into one per ``<dt>``."""
        for el in self.elements_with(AREA):
            if el.tag != "dl" or self._holds_item(el):
                continue
            entries = [child for child in el if child.tag in ("dt", "dd")]
            if not any(child.tag == "dt" for child in entries):
                continue
            if not any(child.tag == "dd" for child in entries):
                continue
            for child in entries:
                self.roles[child] = ITEM
            self._promoted = True

    def _mark_indented_replies(self, indented: list[etree._Element]) -> None:
        """Drupal's ``div.indented`` right after a comment holds the replies to it.

        Anywhere else the class is only a layout word (an indented quote in the article),
        so it is a replies list only as the next sibling of a comment item.
        """
        for el in indented:
            previous = previous_element(el)
            if previous is not None and self.roles.get(previous) == ITEM:
                self.roles[el] = CHILDREN
                self._prunable = None


def _items_per_wrapper(items: list[etree._Element]) -> dict[etree._Element, int]:
    """How many items each parent (and each entry-like ancestor above it) holds."""
    counts: dict[etree._Element, int] = {}
    for el in items:
        wrapper = el.getparent()
        if wrapper is not None:
            counts[wrapper] = counts.get(wrapper, 0) + 1
            # An item nested deeper also counts against its grandparent's wrappers.
            grand = wrapper.getparent()
            while grand is not None and grand.tag not in ("li", "article", "dd", "body"):
                grand = grand.getparent()
            if grand is not None and grand.tag != "body":
                counts[grand] = counts.get(grand, 0) + 1
    return counts
