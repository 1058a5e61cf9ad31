"""Comment headings, and comments of home-made systems found under them.

Home-made comment systems name nothing "comment", but they head the section with the word
("3 Comments", "Leserkommentare") and give each entry a ``<time>``; an entry is the
``li``/``article`` (or the element with look-alike siblings) around each time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extract.comments.areas import is_safe_area
from newscrawl.extract.comments.markup import HEADING_TAGS
from newscrawl.extract.comments.patterns import (
    COUNT_HEADING_RE,
    LEAVE_HEADING_RE,
    MAX_HEADING_CHARS,
    MIN_RECORD_CHARS,
)
from newscrawl.extract.comments.tree import document_order, normalise, tree_position

if TYPE_CHECKING:
    from newscrawl.extract.comments.role_map import RoleMap


@dataclass(frozen=True)
class CommentHeading:
    """A heading naming a comment section ("3 Comments") or a comment form ("Leave a Reply")."""

    element: etree._Element
    names_comments: bool  # True for a count/list heading, False for a form heading


def find_comment_headings(root: etree._Element) -> list[CommentHeading]:
    """Headings of ``root`` that name a comment section or form, in document order."""
    return comment_headings(root.iter(HEADING_TAGS))


def comment_headings(elements: Iterable[etree._Element]) -> list[CommentHeading]:
    """The headings among ``elements`` (``h1``–``h6``, legends) that name comments or a form."""
    found: list[CommentHeading] = []
    for heading in elements:
        text = normalise(heading.text_content())
        if not text or len(text) > MAX_HEADING_CHARS:
            continue
        if COUNT_HEADING_RE.match(text):
            found.append(CommentHeading(heading, names_comments=True))
        elif LEAVE_HEADING_RE.match(text):
            found.append(CommentHeading(heading, names_comments=False))
    return found


def records_under_headings(
    roles: RoleMap, headings: list[CommentHeading]
) -> list[etree._Element]:
    """Dated, repeated entries after a "Comments"/"Leserkommentare" heading, in document order."""
    records: list[etree._Element] = []
    for heading in headings:
        if not heading.names_comments:
            continue  # "Leave a Reply" heads a form, not a list of comments
        records.extend(_records_after(roles, heading.element))
    return document_order(records)


def _records_after(roles: RoleMap, heading: etree._Element) -> list[etree._Element]:
    """The dated entries in the closest of the heading's three ancestors that has some."""
    section = heading.getparent()
    for _ in range(3):
        if section is None or section.tag in ("body", "html"):
            break
        found = _dated_records(section, tree_position(heading))
        if found:
            return found if is_safe_area(roles, section) else []
        section = section.getparent()
    return []


def _dated_records(section: etree._Element, after: tuple[int, ...]) -> list[etree._Element]:
    """Entries of ``section`` that follow position ``after`` and each hold a ``<time>``."""
    records: list[etree._Element] = []
    for time_el in section.iter("time"):
        record = _record_around(time_el, section)
        if record is None or record in records or tree_position(record) < after:
            continue
        if len(normalise(record.text_content())) >= MIN_RECORD_CHARS:
            records.append(record)
    return records


def _record_around(el: etree._Element, section: etree._Element) -> etree._Element | None:
    """The nearest ancestor below ``section`` that is a list entry or has look-alike siblings."""
    node = el.getparent()
    while node is not None and node is not section:
        if node.tag in ("li", "article") or _has_lookalike_sibling(node):
            return node
        node = node.getparent()
    return None


def _has_lookalike_sibling(el: etree._Element) -> bool:
    """True when a sibling next to ``el`` has the same tag and class (a repeated entry)."""
    signature = (el.tag, el.get("class"))
    for sibling in (el.getprevious(), el.getnext()):
        if sibling is not None and (sibling.tag, sibling.get("class")) == signature:
            return True
    return False
