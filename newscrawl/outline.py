"""A page's outline: what the crawler's classification and link following read from a page.

:func:`page_outline` takes it from a parsed tree in one pass of precompiled XPath queries,
before extraction prunes that tree, so that a page is parsed once. The outline holds raw
strings and numbers only (:class:`PageOutline`): cheap to keep, and it crosses process
boundaries (page analysis may run in worker processes, see :mod:`newscrawl.analysis`).
:mod:`newscrawl.classify` turns it into signals and links.

This module needs lxml alone: the analysis worker processes import it without Scrapy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

# Every link and the page's <base href>, for a tree read without an outline (classify.page_links).
LINK_HREFS = etree.XPath("//a/@href | //area/@href", smart_strings=False)
BASE_HREF = etree.XPath("//base/@href", smart_strings=False)
# The elements an outline reads, found in one walk of the tree (in document order): a walk
# with per-element tests costs a third of one XPath query per kind of element.
_OUTLINE_TAGS = ("meta", "link", "a", "area", "script", "base", "article")
# XML whitespace, what XPath's normalize-space() collapses in a rel="…" token list.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
JSONLD_TYPE = "application/ld+json"


@dataclass(frozen=True)
class PageOutline:
    """What classification and link following read from a page, taken from its parsed tree
    (:func:`page_outline`) before extraction prunes it. Raw attribute values, unresolved:
    resolving links costs more than reading them, and only pages that are followed need it."""

    og_type: str | None = None
    jsonld_types: frozenset[str] = frozenset()
    article_blocks: int = 0
    next_hrefs: tuple[str, ...] = ()  # <link rel="next"> and <a rel="next">
    link_hrefs: tuple[str, ...] = ()  # every <a href> and <area href>
    base_href: str | None = None
    feed_hrefs: tuple[str, ...] = ()  # declared RSS/Atom feeds


def root_of(tree: Any) -> etree._Element:
    """The lxml root of ``tree``: an lxml element itself, or a parsel Selector's ``root``."""
    return tree if isinstance(tree, etree._Element) else tree.root


def page_outline(tree: Any) -> PageOutline:
    """The :class:`PageOutline` of a parsed page (an lxml tree, ``lxml.html`` too, or a
    parsel Selector)."""
    found = _Found()
    for element in root_of(tree).iter(_OUTLINE_TAGS):
        found.add(element)
    return PageOutline(
        og_type=found.og_type.strip().lower() if found.og_type else None,
        jsonld_types=frozenset(_jsonld_types(found.jsonld_texts)),
        article_blocks=found.article_blocks,
        next_hrefs=tuple(found.next_hrefs),
        link_hrefs=tuple(found.link_hrefs),
        base_href=found.base_href,
        feed_hrefs=tuple(found.feed_hrefs),
    )


class _Found:
    """What :func:`page_outline` collects, element by element, in document order: the first
    ``og:type`` and ``<base href>``, every link, the ``rel="next"`` ones (``<link>`` and
    ``<a>``), the declared RSS/Atom feeds, the JSON-LD scripts and the ``<article>`` count."""

    def __init__(self) -> None:
        self.og_type: str | None = None
        self.base_href: str | None = None
        self.article_blocks = 0
        self.jsonld_texts: list[str] = []
        self.next_hrefs: list[str] = []
        self.link_hrefs: list[str] = []
        self.feed_hrefs: list[str] = []

    def add(self, element: etree._Element) -> None:
        tag = element.tag
        if tag == "a" or tag == "area":
            self._add_link(element, tag)
        elif tag == "link":
            self._add_head_link(element)
        elif tag == "meta":
            if self.og_type is None and element.get("property") == "og:type":
                self.og_type = element.get("content")
        elif tag == "script":
            if element.get("type") == JSONLD_TYPE and element.text is not None:
                self.jsonld_texts.append(element.text)
        elif tag == "base":
            if self.base_href is None:
                self.base_href = element.get("href")
        else:  # <article>
            self.article_blocks += 1

    def _add_link(self, element: etree._Element, tag: str) -> None:
        href = element.get("href")
        if href is None:
            return
        self.link_hrefs.append(href)
        rel = element.get("rel")
        if tag == "a" and rel and "next" in _XML_SPACE.split(rel):
            self.next_hrefs.append(href)

    def _add_head_link(self, element: etree._Element) -> None:
        href = element.get("href")
        if href is None:
            return
        rel = element.get("rel")
        if rel == "next":
            self.next_hrefs.append(href)
        elif rel == "alternate":
            kind = element.get("type") or ""
            if "rss" in kind or "atom" in kind:
                self.feed_hrefs.append(href)


def jsonld_types(tree: Any) -> Iterator[str]:
    """The lower-cased ``@type`` values of every JSON-LD object on the page (``@graph`` too)."""
    scripts = (
        element.text
        for element in root_of(tree).iter("script")
        if element.get("type") == JSONLD_TYPE and element.text is not None
    )
    return _jsonld_types(scripts)


def _jsonld_types(scripts: Iterable[str]) -> Iterator[str]:
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue  # broken JSON-LD is common; the page may still be fine
        yield from _types_in(data)


def _types_in(data: Any, depth: int = 0) -> Iterator[str]:
    if depth > 3:  # only the top of the tree describes the page itself
        return
    if isinstance(data, list):
        for item in data:
            yield from _types_in(item, depth + 1)
    elif isinstance(data, dict):
        kind = data.get("@type")
        for name in kind if isinstance(kind, list) else [kind]:
            if isinstance(name, str):
                yield name.lower()
        if "@graph" in data:
            yield from _types_in(data["@graph"], depth + 1)
