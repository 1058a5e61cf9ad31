"""One scan of the page for what the comment analysis reads: candidates, headings, markers.

*Candidates* are the elements whose class, id or microdata attributes hold a comment stem
(``comment``, ``kommentar``, ``respond``, ``replies`` …), and forms with an ``action``.
*Headings* are the ``h1``–``h6`` and ``legend`` elements ("3 Comments", "Leave a Reply").
*Markers* are the article's ``h1`` and its ``articleBody``/``headline`` microdata: a comment
area never holds one.

A parsed :class:`~newscrawl.extract.page.Page` already lists its elements' class and id
strings and its microdata, so with one the scan only tests each distinct string once.
Without one, a single walk over the tree reads the attributes itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree

from newscrawl.extract.comments.markup import CANDIDATE_STEM_RE, HEADING_TAGS

# Microdata properties that mark the article itself (lower-case, as pages index them).
_MARKER_PROPS = ("articlebody", "headline")
_SCANNED_TAGS = frozenset({"form", *HEADING_TAGS})


class ParsedPage(Protocol):
    """What the scan reads from a parsed page (:class:`~newscrawl.extract.page.Page`)."""

    root: etree._Element
    elements: list[etree._Element]  # every element, in document order (may be empty)
    itemprops: dict[str, list[etree._Element]]
    item_scopes: list[etree._Element]
    h1s: list[etree._Element]

    def elements_with_class(self, pattern: re.Pattern[str]) -> Iterator[etree._Element]:
        """Elements whose class attribute ``pattern`` finds, in document order."""
        ...

    def elements_with_id(self, pattern: re.Pattern[str]) -> Iterator[etree._Element]:
        """Elements whose id attribute ``pattern`` finds, in document order."""
        ...


@dataclass
class Scan:
    """Candidates, headings and article markers of one tree, each list in document order."""

    candidates: list[etree._Element] = field(default_factory=list)
    headings: list[etree._Element] = field(default_factory=list)
    h1s: list[etree._Element] = field(default_factory=list)
    # Elements whose microdata says they are the article's body or headline.
    article_props: list[etree._Element] = field(default_factory=list)


def scan_tree(root: etree._Element) -> Scan:
    """Scan ``root`` in one walk; each distinct class or id string is tested once."""
    scan = Scan()
    verdicts: dict[str, bool] = {}
    for el in root.iter(etree.Element):
        tag = el.tag
        get = el.get
        if tag in HEADING_TAGS:
            scan.headings.append(el)
            if tag == "h1":
                scan.h1s.append(el)
        prop = get("itemprop")
        if prop and any(name.lower() in _MARKER_PROPS for name in prop.split()):
            scan.article_props.append(el)  # as a page indexes them: names split, lower-case
        if (
            _names_comment(get("class"), verdicts)
            or _names_comment(get("id"), verdicts)
            or _names_comment(get("itemtype"), verdicts)
            or _names_comment(prop, verdicts)
            or (tag == "form" and get("action") is not None)
        ):
            scan.candidates.append(el)
    return scan


def scan_page(page: ParsedPage) -> Scan:
    """Scan a parsed page from the class, id and microdata lists it already holds."""
    root = page.root
    found: set[etree._Element] = set(page.elements_with_class(CANDIDATE_STEM_RE))
    found.update(page.elements_with_id(CANDIDATE_STEM_RE))
    verdicts: dict[str, bool] = {}
    found.update(
        el for el in page.item_scopes if _names_comment(el.get("itemtype"), verdicts)
    )
    for name, props in page.itemprops.items():
        if CANDIDATE_STEM_RE.search(name):
            found.update(props)
    # The page's element list filtered in Python is several times faster than an ``iter``
    # over several tag names.
    elements = page.elements or list(root.iter(etree.Element))
    headings: list[etree._Element] = []
    for el in elements:
        tag = el.tag
        if tag in _SCANNED_TAGS:
            if tag != "form":
                headings.append(el)
            elif el.get("action") is not None:
                found.add(el)
    article_props = [el for name in _MARKER_PROPS for el in page.itemprops.get(name, ())]
    return Scan(
        candidates=_in_document_order(elements, found),
        headings=headings,
        h1s=list(page.h1s),
        article_props=article_props,
    )


def _names_comment(value: str | None, verdicts: dict[str, bool]) -> bool:
    """True when an attribute value holds a comment stem; each distinct value tested once."""
    if not value:
        return False
    verdict = verdicts.get(value)
    if verdict is None:
        verdict = verdicts[value] = CANDIDATE_STEM_RE.search(value) is not None
    return verdict


def _in_document_order(
    elements: Iterable[etree._Element], found: set[etree._Element]
) -> list[etree._Element]:
    """``found`` in the order of ``elements`` (all of the page's, in document order).

    One pass over the page's elements beats sorting by tree paths: a long flat list of
    comments would make each path lookup slow.
    """
    if len(found) < 2:
        return list(found)
    return [el for el in elements if el in found]


class ArticleMarkers:
    """Which elements hold the article: its ``h1``, or its ``articleBody``/``headline``.

    Worked out once per page (each marker's ancestors are walked up once), so asking about
    every comment of a deeply nested thread stays linear.
    """

    def __init__(self, h1s: Iterable[etree._Element], props: Iterable[etree._Element]) -> None:
        self._props = set(props)
        self._holders: set[etree._Element] = set()
        for marker in (*h1s, *self._props):
            node = marker.getparent()
            while node is not None and node not in self._holders:
                self._holders.add(node)
                node = node.getparent()

    def within(self, el: etree._Element) -> bool:
        """True when ``el`` is the article's body or headline, or holds an ``h1`` or one."""
        return el in self._holders or el in self._props
