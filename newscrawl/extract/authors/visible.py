"""Author sources in the visible page: byline elements, "By …" lines, labels and author links."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from newscrawl.extract.authors.names import (
    clean_author_names,
    handle_name,
    looks_like_name,
    team_byline,
)
from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules
from newscrawl.extract.text import in_comments, spaced_text

# Classes of byline elements (matched in Python over the page's element list: one pass, far
# cheaper than an XPath testing a dozen ``contains()`` on every element).
_BYLINE_CLASS_RE = re.compile(
    r"(?:^|\s)author(?:\s|$)|byline|author-name|AuthorName|article-author|post-author"
    r"|entry-author|author__name|authorName|contributor|writer|signature|autor|auteur|firma"
)
MAX_BYLINE_CANDIDATES = 20


# Looser markup, tried only when nothing above named anyone: any class mentioning an author,
# a ``<byline>`` element, forum and blog user names. Comment areas are skipped: their user
# names are readers, not the article's author.
_LOOSE_BYLINE_XPATH = etree.XPath(
    "//body//*[(contains(@class, 'author') or contains(@class, 'Author') or self::byline"
    " or contains(@class, 'username') or contains(@class, 'submitted'))"
    " and not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or contains(@class, 'Comment')])]"
)
# "Autor: Jane Doe", "Autorin: …", "Author: …", "Text: …", "Written by …" in a short text node.
_LABELLED_TEXT_XPATH = etree.XPath(
    "//body//text()[starts-with(normalize-space(.), 'Autor') or starts-with(normalize-space(.),"
    " 'Author') or starts-with(normalize-space(.), 'Text:') or starts-with(normalize-space(.),"
    " 'Written by') or starts-with(normalize-space(.), 'Von') or starts-with("
    "normalize-space(.), 'By ') or starts-with(normalize-space(.), 'Redaktion:')]"
    "[string-length(.) < 200]"
)
_LABELLED_RE = re.compile(
    r"^\s*(?:autor(?:in|en)?|authors?|text|von|by|redaktion|written\s+by)\s*[:\-]?\s*",
    re.IGNORECASE,
)
# "By Jane Doe" / "Von Jane Doe" without a colon: only a short line that is just a name.
_BARE_PREFIX_RE = re.compile(r"^\s*(?:by|von)\s+\w", re.IGNORECASE)
MAX_BARE_BYLINE_CHARS = 60
MAX_LOOSE_CANDIDATES = 30


def from_byline(page: Page, rules: SiteRules | None) -> list[str]:
    """The text of the first byline element (by class or ``rel=author``) that holds a name."""
    for element in _byline_elements(page):
        if element.tag in ("script", "style", "meta", "link", "body", "html", "article"):
            continue
        text = spaced_text(element)
        if not 3 <= len(text) <= 120:
            continue
        if clean_author_names([text]) or handle_name(text):
            return [text]
    return []


def _byline_elements(page: Page) -> list[Any]:
    """The first elements, in document order, marked as a byline (class or ``rel=author``)."""
    found: list[Any] = []
    for element in page.elements or page.root.iter():
        classes = element.get("class")
        if (classes and _BYLINE_CLASS_RE.search(classes)) or element.get("rel") == "author":
            found.append(element)
            if len(found) >= MAX_BYLINE_CANDIDATES:
                break
    return found


# Links to an author's page ("/author/jane-doe/", "/writer/123/Jane_Doe/", "/autoren/…").
_AUTHOR_HREF_RE = re.compile(
    r"/(?:author|authors|writer|writers|autor|autoren|auteur|auteurs|journalist|journalists"
    r"|reporter|reporters|columnist|columnists|staff)/[^/?#]+",
    re.IGNORECASE,
)


def from_author_links(page: Page, rules: SiteRules | None) -> list[str]:
    """The text of the first link to an author page after the headline (outside comment
    areas, navigation, sidebars and footers: those link to other stories' authors)."""
    checked = 0
    elements = page.elements or list(page.root.iter())
    start = _index_of_headline(page, elements)
    for element in elements[start:]:
        if element.tag != "a" or not _AUTHOR_HREF_RE.search(element.get("href") or ""):
            continue
        checked += 1
        if checked > MAX_LOOSE_CANDIDATES:
            break
        if in_comments(element) or _in_page_furniture(element):
            continue
        text = spaced_text(element)
        if 3 <= len(text) <= 60 and clean_author_names([text]):
            return [text]
    return []


def _index_of_headline(page: Page, elements: list[Any]) -> int:
    """Position of the first ``<h1>`` in ``elements`` (0 when there is none)."""
    if not page.h1s:
        return 0
    first = page.h1s[0]
    for index, element in enumerate(elements):
        if element is first:
            return index
    return 0


def _in_page_furniture(element: Any) -> bool:
    """Whether ``element`` sits in ``<nav>``, ``<aside>`` or ``<footer>``."""
    return any(a.tag in ("nav", "aside", "footer") for a in element.iterancestors())


def from_loose_byline(page: Page, rules: SiteRules | None) -> list[str]:
    """The first short element whose class mentions an author or user name."""
    for element in _LOOSE_BYLINE_XPATH(page.root)[:MAX_LOOSE_CANDIDATES]:
        if element.tag in ("script", "style", "meta", "link", "img", "article"):
            continue
        text = spaced_text(element)
        if not 2 <= len(text) <= 80:
            continue
        if clean_author_names([text]) or handle_name(text):
            return [text]
        team = team_byline(text)
        if team:
            return [team]
    return []



def from_labelled_text(page: Page, rules: SiteRules | None) -> list[str]:
    """A text node labelled "Autor:", "Author:", "Text:" or "Written by" (the name may follow
    in the next element, as in ``<span>Autor:</span> Jane Doe``)."""
    for node in _LABELLED_TEXT_XPATH(page.root)[:MAX_LOOSE_CANDIDATES]:
        text = " ".join(str(node).split())
        match = _LABELLED_RE.match(text)
        if not match:
            continue
        bare = bool(_BARE_PREFIX_RE.match(text))
        if bare and len(text) > MAX_BARE_BYLINE_CHARS:
            continue
        rest = text[match.end():]
        if not rest:
            rest = _text_after(node)
        # "Jane Doe, Projektleiterin der …", "Jane Doe (Pressesprecher)": the name comes first.
        name = re.split(r"[,(]", rest, maxsplit=1)[0].strip()
        cleaned = clean_author_names([name]) if name else []
        if cleaned and (not bare or all(looks_like_name(n) for n in cleaned)):
            return [name]
    return []


def _text_after(node: Any) -> str:
    """The text that follows a label node: the labelling element's tail, else the text of the
    next element (``<span>Autor:</span> Jane Doe`` or ``<b>Von:</b><a>Jane Doe</a>``)."""
    element = node.getparent()  # the element holding the text (or, for a tail, preceding it)
    if element is None:
        return ""
    if not node.is_tail:
        tail = " ".join((element.tail or "").split())
        if tail:
            return tail
    following = element.getnext()
    while following is not None and not " ".join(following.itertext()).strip():
        following = following.getnext()  # skip <br> and empty wrappers
    return spaced_text(following) if following is not None else ""


_BYLINE_START_RE = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+\w", re.IGNORECASE)


def from_title_neighbours(page: Page, rules: SiteRules | None) -> list[str]:
    """A short "By …" line right after the headline."""
    for element in page.headline_neighbours():
        text = spaced_text(element)
        if len(text) <= 120 and _BYLINE_START_RE.match(text):
            return [text]
    return []

