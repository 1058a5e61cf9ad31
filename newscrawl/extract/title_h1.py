"""The parts of an ``<h1>``: a kicker (rubric, topline, date) printed in its own element before
the headline, or a subtitle in its own element after it.

Many CMS mark up ``<h1><span class="kicker">Politics</span><span>: </span>Headline</h1>``; the
headline is the rest. A kicker is only recognised as a separate element: a plain-text
"Rubric: Headline" is what the site calls its headline and stays whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

# Text of an element without the CSS or script some frameworks put inside a heading.
_TEXT_XPATH = etree.XPath(".//text()[not(ancestor::style) and not(ancestor::script)]")
# Classes naming a leading element of a heading as a rubric rather than headline text; a
# screen-reader-only label ("Headline:") is not part of the visible headline either.
# ("subtitle" is left out: some sites print the first half of the headline in it.)
_KICKER_CLASS_RE = re.compile(
    r"kicker|overline|topline|roofline|dachzeile|super-?title|sub-?heading|eyebrow|label"
    r"|prefix|rubric|small|visually-?hidden|sr-only|screen-reader",
    re.IGNORECASE,
)
_KICKER_TAGS = frozenset({"small", "time"})
# A trailing element that is hidden is no part of the visible headline (a site name for
# screen readers); a visible one may be (a subline), unless it is small print.
_HIDDEN_CLASS_RE = re.compile(r"hidden|invisible|sr-only|screen-reader", re.IGNORECASE)
_SUBTITLE_TAGS = frozenset({"small"})
_SEPARATOR_START_RE = re.compile(r"^\s*[:|\-–—·•»/]")
_SKIPPED_TAGS = frozenset({"style", "script", "br"})
# An archived copy links to ".../web/20190102030405/http://example.com/".
ARCHIVED_URL_RE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(?=https?:)")
_HOME_PATH_RE = re.compile(r"^/?(?:index\.[a-z]+)?$", re.IGNORECASE)
# What joins a kicker to the headline: ": ", " | ", " - ".
_LEADING_JOINER_RE = re.compile(r"^[\s:|\-–—·•»/]+")
_TRAILING_JOINER_RE = re.compile(r"[\s:|\-–—·•«/]+$")
# Wrappers are followed down at most this deep (h1 > a > span ...).
_MAX_DEPTH = 4


@dataclass(frozen=True)
class H1Parts:
    """An ``<h1>``'s raw text and the variants without a leading or a trailing element."""

    text: str
    # The whole heading is one link to the home page: perhaps the site's logo (the caller
    # decides, knowing the site's names and titles), perhaps a headline linked oddly.
    links_home: bool = False
    without_kicker: str | None = None
    # The leading element is marked as a rubric (class, tag): drop it even unconfirmed.
    kicker_marked: bool = False
    without_subtitle: str | None = None


def _children(node: HtmlElement) -> list[HtmlElement]:
    return [c for c in node if isinstance(c.tag, str) and c.tag not in _SKIPPED_TAGS]


def element_text(element: HtmlElement) -> str:
    """The element's text nodes joined with spaces, white space collapsed."""
    return " ".join(" ".join(_TEXT_XPATH(element)).split())


def h1_parts(h1: HtmlElement, base_url: str) -> H1Parts:
    """Split ``h1`` into headline and the element before or after it, if it has them."""
    text = element_text(h1)
    if _links_home(h1, text, base_url):
        return H1Parts(text, links_home=True)
    node = _content_node(h1, text)
    children = _children(node)
    if not children:
        return H1Parts(text)
    without_kicker = None
    marked = False
    first = children[0]
    if not (node.text or "").strip():
        kicker = element_text(first)
        if kicker and text.startswith(kicker) and len(kicker) < len(text):
            rest = _LEADING_JOINER_RE.sub("", text[len(kicker) :])
            if rest:
                without_kicker = rest
                marked = _marked_as_kicker(first)
    without_subtitle = None
    last = children[-1]
    if last is not first or without_kicker is None:
        subtitle = element_text(last)
        if (
            subtitle
            and not (last.tail or "").strip()
            and text.endswith(subtitle)
            and len(subtitle) < len(text)
            and _marked_as_aside(last, subtitle)
        ):
            rest = _TRAILING_JOINER_RE.sub("", text[: len(text) - len(subtitle)])
            without_subtitle = rest or None
    return H1Parts(text, False, without_kicker, marked, without_subtitle)


def _content_node(h1: HtmlElement, text: str) -> HtmlElement:
    """The innermost element that still holds all of the heading's text (``h1 > a > ...``)."""
    node = h1
    for _ in range(_MAX_DEPTH):
        if (node.text or "").strip():
            return node
        children = _children(node)
        if len(children) != 1 or element_text(children[0]) != text:
            return node
        node = children[0]
    return node


def _marked_as_kicker(element: HtmlElement) -> bool:
    if element.tag in _KICKER_TAGS:
        return True
    return bool(_KICKER_CLASS_RE.search(element.get("class") or ""))


def _marked_as_aside(element: HtmlElement, text: str) -> bool:
    """A trailing element that is small print, hidden, or joined on with a separator."""
    if element.tag in _SUBTITLE_TAGS or _SEPARATOR_START_RE.match(text):
        return True
    return bool(_HIDDEN_CLASS_RE.search(element.get("class") or ""))


def _links_home(h1: HtmlElement, text: str, base_url: str) -> bool:
    """True when all of the heading's text is one link to a site's home page."""
    links = h1.findall(".//a")
    if len(links) != 1 or element_text(links[0]) != text:
        return False
    href = (links[0].get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    try:
        url = urljoin(base_url, href)
        parts = urlsplit(ARCHIVED_URL_RE.sub("", url))
    except ValueError:
        return False
    # "/?p=123" is a post on a blog without pretty links, not its home page.
    if url == base_url or any(char.isdigit() for char in parts.query):
        return False
    return bool(_HOME_PATH_RE.match(parts.path))
