"""Author sources in the visible page: byline elements, "By …" lines, labels and author links."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from typing import Any

from newscrawl.extract.authors.names import (
    clean_author_names,
    handle_name,
    looks_like_name,
    team_byline,
)
from newscrawl.extract.authors.vocabulary import ROLE_WORDS
from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules
from newscrawl.extract.text import TextNode, body_texts_matching, in_comments, spaced_text

# Classes of byline elements (matched in Python over the page's element list: one pass, far
# cheaper than an XPath testing a dozen ``contains()`` on every element).
# "author" as a whole class name is written literal first, then checked around: a pattern
# whose every branch opens with a letter is searched several times faster by ``re``.
_BYLINE_CLASS_RE = re.compile(
    r"author(?<!\Sauthor)(?!\S)|byline|author-name|AuthorName|article-author|post-author"
    r"|entry-author|author__name|authorName|contributor|writer|signature|autor|auteur|firma"
)
MAX_BYLINE_CANDIDATES = 20
# Longest texts read as a byline, a loose byline and an author link's name. Candidates are
# read only one character further: a container of the whole article is no byline.
MAX_BYLINE_CHARS = 120
MAX_LOOSE_BYLINE_CHARS = 80
MAX_AUTHOR_LINK_CHARS = 60


# Looser markup, tried only when nothing above named anyone: any class mentioning an author,
# a ``<byline>`` element, forum and blog user names. Comment areas are skipped: their user
# names are readers, not the article's author.
_LOOSE_BYLINE_CLASS_RE = re.compile("author|Author|username|submitted")
# "Autor: Jane Doe", "Autorin: …", "Author: …", "Text: …", "Written by …" in a short text node
# (white space as XPath's ``normalize-space`` counts it).
# A separator may come first, when the label follows a date in the same line
# ("05.02.2020 <span>- Redaktion: Jane Doe</span>").
_LEADING_SEPARATOR = r"(?:[-–—|·•][ \t\r\n\xa0]*)?"
_LABELLED_START_RE = re.compile(
    r"^[ \t\r\n]*"
    + _LEADING_SEPARATOR
    + r"(?:Autor|Author|Text:|Written[ \t\r\n]+by|Von|By[ \t\r\n]+[^ \t\r\n]|Redaktion:"
    # "von Jane Doe" in lower case: only before a capital (and then held to a bare name).
    r"|(?:von|by)[ \t\r\n]+[A-ZÀ-Ý])"
)
MAX_LABELLED_CHARS = 200
_LABELLED_RE = re.compile(
    r"^\s*"
    + _LEADING_SEPARATOR
    + r"(?:autor(?:in|en)?|authors?|text|von|by|redaktion|written\s+by)\b\s*[:\-]?\s*",
    re.IGNORECASE,
)
# "By Jane Doe" / "Von Jane Doe" without a colon: only a short line that is just a name.
_BARE_PREFIX_RE = re.compile(r"^\s*" + _LEADING_SEPARATOR + r"(?:by|von)\s+\w", re.IGNORECASE)
MAX_BARE_BYLINE_CHARS = 60
# The lower-case form, read only where a line starts (not "Photo by …", "Theme by …").
_LOWER_CASE_PREFIX_RE = re.compile(r"^\s*" + _LEADING_SEPARATOR + r"(?:von|by)\s")
# Inline elements: text in them continues the line of their parent.
_INLINE_TAGS = frozenset(
    {"a", "span", "em", "strong", "b", "i", "u", "small", "font", "time", "abbr", "cite", "mark"}
)
# Pictures, their captions and credits, site footers and menus: a "by" there credits a
# photographer or a theme. (Not "caption" classes: themes call a story's header so too.)
_CREDIT_TAGS = frozenset({"figcaption", "figure", "footer", "nav"})
_CREDIT_CLASS_RE = re.compile(r"credit|copyright", re.IGNORECASE)
MAX_LOOSE_CANDIDATES = 30


def from_byline(page: Page, rules: SiteRules | None) -> list[str]:
    """The text of the first byline element (by class or ``rel=author``) that holds a name."""
    for element in _byline_elements(page):
        if element.tag in ("script", "style", "meta", "link", "body", "html", "article"):
            continue
        text = spaced_text(element, MAX_BYLINE_CHARS + 1)  # one more tells a longer text
        if not 3 <= len(text) <= MAX_BYLINE_CHARS:
            continue
        if (clean_author_names([text]) or handle_name(text)) and not in_comments(element):
            return [text]
    return []


def _byline_elements(page: Page) -> list[Any]:
    """The first elements, in document order, marked as a byline (class or ``rel=author``)."""
    classed = page.elements_with_class(_BYLINE_CLASS_RE)
    rel_authors = page.elements_with_rel("author")
    if not rel_authors:
        return list(islice(classed, MAX_BYLINE_CANDIDATES))
    # ``rel="author"`` elements join the classed bylines in document order.
    marked = {*islice(classed, MAX_BYLINE_CANDIDATES), *rel_authors}
    in_order = (element for element in page.elements or page.root.iter() if element in marked)
    return list(islice(in_order, MAX_BYLINE_CANDIDATES))


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
        text = spaced_text(element, MAX_AUTHOR_LINK_CHARS + 1)
        if 3 <= len(text) <= MAX_AUTHOR_LINK_CHARS and clean_author_names([text]):
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
    for element in _loose_byline_elements(page):
        if element.tag in ("script", "style", "meta", "link", "img", "article"):
            continue
        text = spaced_text(element, MAX_LOOSE_BYLINE_CHARS + 1)
        if not 2 <= len(text) <= MAX_LOOSE_BYLINE_CHARS:
            continue
        if clean_author_names([text]) or handle_name(text):
            return [text]
        team = team_byline(text)
        if team:
            return [team]
    return []


def _loose_byline_elements(page: Page) -> list[Any]:
    """The first ``MAX_LOOSE_CANDIDATES`` elements in ``<body>`` whose class mentions an
    author or user name, or ``<byline>`` elements, outside comment areas (document order)."""
    candidates: Iterable[Any] = page.elements_with_class(_LOOSE_BYLINE_CLASS_RE)
    body = page.root.find("body")
    tagged = list(body.iter("byline")) if body is not None else []
    if tagged:
        marked = {*candidates, *tagged}
        candidates = (element for element in page.elements or page.root.iter() if element in marked)
    kept = (element for element in candidates if _in_body_outside_comments(element))
    return list(islice(kept, MAX_LOOSE_CANDIDATES))


def _in_body_outside_comments(element: Any) -> bool:
    """Whether ``element`` is inside ``<body>`` and neither it nor an ancestor has a class
    or id naming comments (with the case variants the markup uses)."""
    in_body = False
    node = element
    while node is not None:
        classes = node.get("class") or ""
        if "comment" in classes or "Comment" in classes or "comment" in (node.get("id") or ""):
            return False
        if node.tag == "body" and node is not element:
            in_body = True
        node = node.getparent()
    return in_body


def from_labelled_text(page: Page, rules: SiteRules | None) -> list[str]:
    """A text node labelled "Autor:", "Author:", "Text:" or "Written by" (the name may follow
    in the next element, as in ``<span>Autor:</span> Jane Doe``)."""
    labelled = body_texts_matching(page, _LABELLED_START_RE, MAX_LABELLED_CHARS)
    for node in labelled[:MAX_LOOSE_CANDIDATES]:
        text = " ".join(node.text.split())
        match = _LABELLED_RE.match(text)
        if not match:
            continue
        bare = bool(_BARE_PREFIX_RE.match(text))
        if _LOWER_CASE_PREFIX_RE.match(text) and not _starts_a_line(node):
            continue
        rest = text[match.end() :]
        if not rest:
            rest = _text_after(node)
        if bare and match.end() + len(rest) > MAX_BARE_BYLINE_CHARS:
            continue
        # "Jane Doe, Projektleiterin der …", "Jane Doe (Pressesprecher)": the name comes first.
        name = re.split(r"[,(]", rest, maxsplit=1)[0].strip()
        cleaned = clean_author_names([name]) if name else []
        if cleaned and (not bare or all(looks_like_name(n) for n in cleaned)):
            return [name]
    return []


def _text_after(node: TextNode) -> str:
    """The text that follows a label node: the labelling element's tail, else the text of the
    next element (``<span>Autor:</span> Jane Doe`` or ``<b>Von:</b><a>Jane Doe</a>``)."""
    element = node.element  # the element holding the text (or, for a tail, preceding it)
    if not node.is_tail:
        # ``<em>Von <span>Jane Doe</span></em>``: the name inside the labelling element.
        inside = spaced_text(element, MAX_LABELLED_CHARS)
        label = _LABELLED_RE.match(inside)
        if label and inside[label.end() :]:
            return inside[label.end() :]
        tail = " ".join((element.tail or "").split())
        if tail:
            return tail
    following = element.getnext()
    while following is not None:
        text = spaced_text(following, MAX_LABELLED_CHARS)
        tail = " ".join((following.tail or "").split())
        if text and tail and _is_role(text):
            # ``Autor: <a href="/editors/">Editor</a> Jane Doe``: a linked job title first.
            return f"{text} {tail}"
        if text:
            return text
        # ``<b>Von:</b><br><br>Jane Doe``: the name is the text after an empty element.
        if tail:
            return tail
        following = following.getnext()  # skip <br> and empty wrappers
    return ""


def _is_role(text: str) -> bool:
    """Whether ``text`` is only role or title words ("Editor", "Senior Reporter")."""
    words = text.lower().replace(".", " ").split()
    return bool(words) and all(word in ROLE_WORDS for word in words)


def _starts_a_line(node: TextNode) -> bool:
    """Whether ``node`` is the first text of its block (no text before it in the paragraph
    or heading, through the inline elements it sits in) or follows a date in it ("posted on
    <time>…</time> by Jane Doe"); outside pictures, credits, footers and menus."""
    element = node.element
    if node.is_tail:
        if element.tag != "time" and element.find(".//time") is None:
            return False
        element = element.getparent()
    while element.tag in _INLINE_TAGS:
        parent = element.getparent()
        if parent is None:
            break
        if (parent.text or "").strip() or any(
            (sibling.tail or "").strip() or spaced_text(sibling, 1)
            for sibling in element.itersiblings(preceding=True)
        ):
            return False
        element = parent
    for ancestor in element.iterancestors():
        if ancestor.tag in _CREDIT_TAGS or _CREDIT_CLASS_RE.search(ancestor.get("class") or ""):
            return False
        if ancestor.tag == "body":
            break
    return not _CREDIT_CLASS_RE.search(element.get("class") or "")


_BYLINE_START_RE = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+\w", re.IGNORECASE)


def from_title_neighbours(page: Page, rules: SiteRules | None) -> list[str]:
    """A short "By …" line right after the headline."""
    for element in page.headline_neighbours():
        text = spaced_text(element, MAX_BYLINE_CHARS + 1)
        if len(text) <= MAX_BYLINE_CHARS and _BYLINE_START_RE.match(text):
            return [text]
    return []
