"""One analysis of one tree: the role map, comment headings, the comments and the areas.

The steps run once per page and share their results: one scan for candidates, one walk over
the headings, one grouping of items. A page with no comment vocabulary and no comment
heading (most pages) stops right after the scan.
"""

from __future__ import annotations

from datetime import timezone, tzinfo
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.acceptance import accepted_items
from newscrawl.extract.comments.areas import comment_areas
from newscrawl.extract.comments.authors import split_says_line
from newscrawl.extract.comments.fields import ItemFields, is_placeholder
from newscrawl.extract.comments.grouping import Item, build_items
from newscrawl.extract.comments.records import comment_headings, records_under_headings
from newscrawl.extract.comments.role_map import RoleMap
from newscrawl.extract.comments.scan import scan_page, scan_tree
from newscrawl.extract.comments.tree import document_order, nearest_in
from newscrawl.extract.comments.vocabulary import ITEM
from newscrawl.items import Comment

if TYPE_CHECKING:
    from newscrawl.extract.comments.roles import TokenFacts
    from newscrawl.extract.comments.scan import ParsedPage


class Analysis:
    """Comments and comment areas of one untouched tree, worked out once."""

    def __init__(
        self,
        root: etree._Element,
        *,
        default_tz: tzinfo = timezone.utc,
        page: ParsedPage | None = None,
    ) -> None:
        # One scan of the page; a parsed page's own class, id and microdata lists spare a walk.
        scan = scan_page(page) if page is not None else scan_tree(root)
        self.roles = RoleMap(root, scan)
        # The zone of comment times that state none: the page's own, as far as known.
        self.default_tz = default_tz
        headings = comment_headings(scan.headings)
        self.headings = [heading for heading in headings if not heading.names_reviews]
        # "Customer Reviews" headings join the areas only once entries are found under them:
        # an article's own "User Reviews" subheading is not a review widget.
        self._review_headings = [heading for heading in headings if heading.names_reviews]
        self._items: list[Item] | None = None
        # Facts of class tokens inside comments, shared by all comments of the page.
        self._part_facts: dict[str, TokenFacts] = {}

    def is_empty(self) -> bool:
        """True when the page names nothing like a comment: no comments, no areas."""
        return self.roles.is_empty() and not self.headings and not self._review_headings

    # -- comments --------------------------------------------------------------------------

    def comments(self) -> list[Comment]:
        """The page's comments from generic detection."""
        return self._to_comments(self._comment_items())

    def comments_from_selected(self, elements: list[etree._Element]) -> list[Comment]:
        """Comments from a site profile's item elements (in document order).

        Generic items nested inside the selected ones stay (``ol.comment-list > li.comment``
        does not reach the replies in ``ul.children``); every other generic item is dropped.
        """
        selected = set(elements)
        nested = [
            el
            for el in self.roles.elements_with(ITEM)
            if el not in selected and nearest_in(el, selected) is not None
        ]
        self.roles.drop_items()
        self.roles.set_items([*elements, *nested])
        self._items = build_items(self.roles, document_order([*elements, *nested]))
        return self._to_comments(self._items)

    def _comment_items(self) -> list[Item]:
        """The page's comments as items, worked out once per analysis."""
        if self._items is None:
            self._items = self._find_items()
        return self._items

    def _find_items(self) -> list[Item]:
        """Items from the markup vocabulary, else records under a "Comments" heading, else
        rated entries under a "Customer Reviews" heading."""
        items = accepted_items(self.roles, build_items(self.roles, self.roles.item_elements()))
        if items:
            return items
        records = records_under_headings(self.roles, self.headings) or self._review_records()
        if not records:
            return []
        self.roles.set_items(records)
        return [
            item
            for item in build_items(self.roles, records)
            if not self.roles.holds_article(item.element)
        ]

    def _review_records(self) -> list[etree._Element]:
        """Rated entries under "Customer Reviews" headings; such a heading becomes an area."""
        records: list[etree._Element] = []
        for heading in self._review_headings:
            found = records_under_headings(self.roles, [heading])
            if found:
                self.headings.append(heading)
                records.extend(found)
        return document_order(records)

    def _to_comments(self, items: list[Item]) -> list[Comment]:
        """One :class:`Comment` per item with text; replies to a skipped item move up."""
        comments = []
        kept: set[int] = set()
        for item in items:
            fields = ItemFields(item, item.prune(self.roles), self._part_facts)
            author, body = split_says_line(fields.author(), fields.body())
            if not body or is_placeholder(item, body):
                continue
            kept.add(id(item))
            parent = item.parent
            while parent is not None and id(parent) not in kept:
                parent = parent.parent  # a skipped (empty) parent: thread to its own parent
            comments.append(
                Comment(
                    body=body,
                    author=author,
                    posted_at=fields.posted_at(self.default_tz),
                    external_id=item.external_id,
                    parent_id=parent.external_id if parent is not None else None,
                )
            )
        return comments

    # -- areas -----------------------------------------------------------------------------

    def areas(self) -> list[etree._Element]:
        """Comment sections and forms to drop from the body, outermost, in document order."""
        items = self._comment_items()  # first: it may add the review headings it used
        return comment_areas(self.roles, self.headings, items)
