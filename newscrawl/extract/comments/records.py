"""Comment headings, and comments of home-made systems found under them.

Home-made comment systems name nothing "comment", but they head the section with the word
("3 Comments", "Leserkommentare") and give each entry a ``<time>``; an entry is the
``li``/``article`` (or the element with look-alike siblings) around each time.

Shops' review widgets are read the same way: under a "Customer Reviews" heading, each entry
is marked by its star rating (``aria-label="5 star review"``, ``data-score``, schema.org
``reviewRating``) rather than by a ``<time>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
    RATING_LABEL_RE,
    REVIEW_HEADING_RE,
)
from newscrawl.extract.comments.tree import document_order, normalise, tree_position

if TYPE_CHECKING:
    from newscrawl.extract.comments.role_map import RoleMap


@dataclass(frozen=True)
class CommentHeading:
    """A heading naming a comment section ("3 Comments") or a comment form ("Leave a Reply")."""

    element: etree._Element
    names_comments: bool  # True for a count/list heading, False for a form heading
    names_reviews: bool = False  # True for "Customer Reviews": entries marked by ratings


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
        elif REVIEW_HEADING_RE.match(text):
            found.append(CommentHeading(heading, names_comments=True, names_reviews=True))
    return found


def records_under_headings(
    roles: RoleMap, headings: list[CommentHeading]
) -> list[etree._Element]:
    """Dated, repeated entries after a "Comments"/"Leserkommentare" heading, in document order."""
    records: list[etree._Element] = []
    for heading in headings:
        if not heading.names_comments:
            continue  # "Leave a Reply" heads a form, not a list of comments
        marks = _rating_marks if heading.names_reviews else _times
        records.extend(_records_after(roles, heading.element, marks))
    return document_order(records)


# What marks each entry under a heading: the elements of a section it yields.
EntryMarks = Callable[[etree._Element], Iterator[etree._Element]]


def _records_after(
    roles: RoleMap, heading: etree._Element, marks: EntryMarks
) -> list[etree._Element]:
    """The marked entries in the closest of the heading's three ancestors that has some."""
    section = heading.getparent()
    for _ in range(3):
        if section is None or section.tag in ("body", "html"):
            break
        found = _marked_records(section, tree_position(heading), marks)
        if found:
            return found if is_safe_area(roles, section) else []
        section = section.getparent()
    return []


def _times(section: etree._Element) -> Iterator[etree._Element]:
    """The ``<time>`` elements of a section: a comment's date."""
    return section.iter("time")


def _rating_marks(section: etree._Element) -> Iterator[etree._Element]:
    """Elements of a section that state one review's star rating."""
    for el in section.iter(etree.Element):
        if _states_rating(el):
            yield el


def _states_rating(el: etree._Element) -> bool:
    """True for a rating: schema.org ``reviewRating``, ``data-score``, "5 star review"."""
    if "reviewRating" in (el.get("itemprop") or "").split():
        return True
    if (el.get("data-score") or "").strip().isdigit():
        return True
    label = el.get("aria-label") or el.get("title")
    return bool(label) and RATING_LABEL_RE.search(label) is not None


def _marked_records(
    section: etree._Element, after: tuple[int, ...], marks: EntryMarks
) -> list[etree._Element]:
    """Entries of ``section`` that follow position ``after`` and each hold a mark."""
    records: list[etree._Element] = []
    for mark in marks(section):
        record = _record_around(mark, section)
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
