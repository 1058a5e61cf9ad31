"""Author sources in structured data: site rules, JSON-LD, meta tags and microdata."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extract.authors.organisations import is_organization_node
from newscrawl.extract.authors.vocabulary import URL_RE
from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules


def from_rules(page: Page, rules: SiteRules | None) -> list[str]:
    """The values of the first site-rules ``authors`` selector that matches."""
    if rules is None:
        return []
    for selector in rules.selectors("authors"):
        values = selector.values(page.root)
        if values:
            return values
    return []


def from_json_ld(page: Page, rules: SiteRules | None) -> list[str]:
    """Names in the ``author`` of the most complete JSON-LD article node that has one."""
    for node in page.article_nodes():
        names = _names_of(node.get("author"), page)
        if names:
            return names
    return []


def _names_of(value: Any, page: Page) -> list[str]:
    """Names from a JSON-LD ``author`` value: a string, a Person, a list of them, or an @id."""
    names: list[str] = []
    # Iterative: the nesting of lists is the page's to choose, and deep nesting must not
    # exhaust the interpreter's recursion limit.
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))  # reversed: names come out in document order
        else:
            names.extend(_names_of_one(item, page))
    return names


def _names_of_one(value: Any, page: Page) -> list[str]:
    """Names from one (non-list) ``author`` value: a string, a Person or an @id reference."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, dict) or is_organization_node(value):
        return []
    name = value.get("name")
    if isinstance(name, str):
        return [name]
    if isinstance(name, list):
        return [n for n in name if isinstance(n, str)]
    ref = value.get("@id")
    if isinstance(ref, str):
        for node in page.json_ld:
            if node.get("@id") == ref and node is not value and isinstance(node.get("name"), str):
                return [] if is_organization_node(node) else [node["name"]]
    return []


_AUTHOR_META_NAMES = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "cxenseparse:author",
    "twitter:creator:name",
)


def from_meta(page: Page, rules: SiteRules | None) -> list[str]:
    """Author meta tags (``author``, ``article:author``, Parse.ly…), URLs left out; else the
    Twitter card's "Written by" field."""
    candidates = meta_candidates(page)
    return candidates[0] if candidates else []


def meta_candidates(page: Page) -> list[list[str]]:
    """The values of each author meta tag that has some (URLs left out), in order of trust,
    then the Twitter card's "Written by" field: the first may name only the site."""
    candidates = []
    for name in _AUTHOR_META_NAMES:
        values = [v for v in page.meta.get(name, ()) if v and not URL_RE.search(v)]
        if values:
            candidates.append(values)
    twitter = _from_twitter_labels(page)
    if twitter:
        candidates.append(twitter)
    return candidates


# Yoast and similar plugins state the author as a labelled Twitter card field.
_WRITTEN_BY_LABEL_RE = re.compile(
    r"^\s*(?:written\s+by|verfasst\s+von|geschrieben\s+von|écrit\s+par|escrito\s+por|"
    r"scritto\s+da|geschreven\s+door|author)\s*:?\s*$",
    re.IGNORECASE,
)


def _from_twitter_labels(page: Page) -> list[str]:
    """``twitter:dataN`` whose ``twitter:labelN`` reads "Written by" (or its translation)."""
    for index in range(1, 5):
        labels = page.meta.get(f"twitter:label{index}", ())
        if labels and _WRITTEN_BY_LABEL_RE.match(labels[0]):
            return [v for v in page.meta.get(f"twitter:data{index}", ()) if v][:1]
    return []


def from_itemprop(page: Page, rules: SiteRules | None) -> list[str]:
    """Microdata ``author``/``creator`` of the article's item (not a comment's): a meta's
    content, a nested ``name``, or the text."""
    names: list[str] = []
    for element in _item_authors(page):
        if element.tag == "meta":
            names.append(element.get("content") or "")
            continue
        inner = element.xpath(".//*[@itemprop='name']")
        if inner:
            names.extend(n.get("content") or n.text_content() for n in inner)
        else:
            names.append(element.text_content())
    return names


# Items that are a property of another (a post's comments and reviews, a question's answers):
# their authors are readers, not the article's writer.
_NESTED_ITEM_PROP_RE = re.compile(r"comment|review|answer", re.IGNORECASE)
_READER_ITEM_TYPE_RE = re.compile(r"comment|answer", re.IGNORECASE)


def _item_authors(page: Page) -> list[Any]:
    """The ``author``/``creator`` elements of the article's item: the innermost item holding
    the headline, else the first item that names one. Teasers of other stories (related
    posts) carry their own authors; comments, reviews of the item and answers are left out."""
    by_item: dict[Any, list[Any]] = {}
    for element in [*page.itemprops.get("author", ()), *page.itemprops.get("creator", ())]:
        item = _owning_item(element)
        if item is not None and (
            _NESTED_ITEM_PROP_RE.search(item.get("itemprop") or "")
            or _READER_ITEM_TYPE_RE.search(item.get("itemtype") or "")
        ):
            continue
        by_item.setdefault(item, []).append(element)
    if len(by_item) > 1 and page.h1s:
        for ancestor in page.h1s[0].iterancestors():
            if ancestor in by_item:
                return by_item[ancestor]
    return next(iter(by_item.values()), [])


def _owning_item(element: Any) -> Any:
    """The nearest ancestor of ``element`` carrying ``itemscope`` (None if there is none)."""
    for ancestor in element.iterancestors():
        if ancestor.get("itemscope") is not None:
            return ancestor
    return None
