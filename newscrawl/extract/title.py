"""The headline: site rules, then the visible ``<h1>`` confirmed by metadata, then JSON-LD
``headline``, ``og:title`` and ``<title>`` with the site-name suffix removed."""

from __future__ import annotations

import html
import re
import unicodedata

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules
from newscrawl.extract.text import squash
from newscrawl.urls import site_of

# " | Site", " - Site", " — Site", " :: Site", " · Site", " » Site"
_SEPARATOR_RE = re.compile(r"\s+(?:[|\-–—·•»«:/\\]|::|\|\|)\s+")
_WORD_RE = re.compile(r"\w+")
# "Site Name: Headline"
_SITE_PREFIX_RE = re.compile(r"^([^:|]{2,40}):\s+")
MAX_TITLE_CHARS = 400
# An <h1> counts as the headline when its words and a metadata title's words overlap this much
# (product of both directions) ...
MIN_CONFIRMATION = 0.5
# ... or, unconfirmed, when it is the only <h1> with at least this many words.
MIN_LONE_H1_WORDS = 4
MAX_KICKER_WORDS = 3
MAX_SECTION_WORDS = 2


def extract_title(page: Page, rules: SiteRules | None = None) -> str | None:
    """The article's headline without the site name, or ``None``."""
    if rules is not None:
        for selector in rules.selectors("title"):
            for value in selector.values(page.root):
                cleaned = _clean(value)
                if cleaned:
                    return strip_site_name(cleaned, _site_names(page))
    site_names = _site_names(page)
    metadata_titles = [t for t in _metadata_titles(page) if t]
    stripped_titles = [strip_site_name(t, site_names) for t in metadata_titles]
    h1 = _best_h1(page, stripped_titles, site_names)
    if h1:
        return _drop_kicker(h1, stripped_titles)
    for title in metadata_titles:
        stripped = strip_site_name(title, site_names)
        if stripped:
            return stripped
    return None


def _clean(text: str | None) -> str:
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)  # double-escaped metadata ("D&amp;D")
    return " ".join(unicodedata.normalize("NFC", text).split())[:MAX_TITLE_CHARS]


# "<i>Kotaku</i>'s" read with a space between text nodes: "Kotaku 's".
_SPACE_BEFORE_INLINE_PUNCT_RE = re.compile(r"\s+(?=(?:['’]s\b|[,.!?](?:\s|$)))")


# Text of an <h1> without the CSS or script some frameworks put inside it.
_H1_TEXT_XPATH = etree.XPath(".//text()[not(ancestor::style) and not(ancestor::script)]")


def _without_site_suffix(text: str, squashed_names: set[str]) -> str:
    """An <h1> carrying the site name too ("Headline | Site", in a hidden span) loses it; only
    an exact site name goes, as a headline may well contain the site's name."""
    parts = _SEPARATOR_RE.split(text)
    if len(parts) > 1 and squash(parts[-1]) in squashed_names:
        return _join_like(text, parts[:-1])
    return text


def _h1_text(h1: HtmlElement) -> str:
    """The ``<h1>``'s text; text nodes are joined with spaces (``<br>``, inline tags) and the
    space that puts before a possessive or a comma is taken back out."""
    text = _clean(" ".join(_H1_TEXT_XPATH(h1)))
    return _SPACE_BEFORE_INLINE_PUNCT_RE.sub("", text)


def _drop_kicker(h1: str, metadata_titles: list[str]) -> str:
    """Remove a rubric printed inside the ``<h1>`` ("Opinion", "Politics |") when the metadata
    title is the rest of it."""
    folded = h1.casefold()
    for title in metadata_titles:
        if not title or len(title) >= len(h1):
            continue
        if folded.endswith(title.casefold()):
            kicker = h1[: len(h1) - len(title)]
            if len(_words(kicker)) <= MAX_KICKER_WORDS:
                return title
    return h1


def _metadata_titles(page: Page) -> list[str]:
    titles: list[str] = []
    for node in page.article_nodes():
        for key in ("headline", "name", "alternativeHeadline"):
            value = node.get(key)
            if isinstance(value, str):
                titles.append(_clean(value))
                break
    for name in ("og:title", "twitter:title", "headline", "title", "dc.title", "sailthru.title",
                 "parsely-title"):
        for value in page.meta.get(name, ()):
            titles.append(_clean(value))
    for element in page.itemprops.get("headline", ()):
        titles.append(_clean(element.get("content") or element.text_content()))
    if page.html_title:
        titles.append(_clean(page.html_title))
    return titles


def _best_h1(page: Page, metadata_titles: list[str], site_names: list[str]) -> str | None:
    """The ``<h1>`` that metadata confirms best; else the one long ``<h1>`` of the page."""
    names = {squash(name) for name in site_names}
    candidates = [_without_site_suffix(_h1_text(h1), names) for h1 in page.h1s]
    candidates = [
        c for c in candidates if 3 <= len(c) <= MAX_TITLE_CHARS and squash(c) not in names
    ]
    if not candidates:
        return None
    meta_words = [_words(title) for title in metadata_titles]
    best: tuple[float, str] | None = None
    for candidate in candidates:
        words = _words(candidate)
        if not words:
            continue
        # Both ways: a site-name <h1> is "contained" in the <title> but covers little of it.
        score = max(
            (_overlap(words, other) * _overlap(other, words) for other in meta_words if other),
            default=0.0,
        )
        if best is None or (score, len(words)) > (best[0], len(_words(best[1]))):
            best = (score, candidate)
    if best is not None and best[0] >= MIN_CONFIRMATION:
        return best[1]
    long_ones = [c for c in candidates if len(_words(c)) >= MIN_LONE_H1_WORDS]
    if len(long_ones) == 1:
        return long_ones[0]
    return None


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold())


def _overlap(words: list[str], other: list[str]) -> float:
    """Share of ``words`` found in ``other`` (how well a heading is confirmed by metadata)."""
    other_set = set(other)
    return sum(1 for word in words if word in other_set) / len(words)


def _site_names(page: Page) -> list[str]:
    names = [v for v in page.meta.get("og:site_name", ()) if v]
    names += [v for v in page.meta.get("application-name", ()) if v]
    for node in page.json_ld_of_type("WebSite", "Organization", "NewsMediaOrganization"):
        name = node.get("name")
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    site = site_of(page.url)
    if site:
        names.append(site)
        names.append(site.split(".")[0])
    return names


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Remove a leading or trailing site-name segment from a ``<title>``-like string."""
    names = [squash(n) for n in site_names if n]
    prefix = _SITE_PREFIX_RE.match(title)
    if prefix and squash(prefix.group(1)) in names:
        title = title[prefix.end():]
    parts = _SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title

    def is_site(part: str) -> bool:
        squashed = squash(part)
        return bool(squashed) and any(
            squashed == n or (len(n) >= 4 and (n in squashed or squashed in n)) for n in names
        )

    removed = False
    # "Headline | Site | Slogan": the site name in the middle ends the headline.
    middle = next((i for i in range(1, len(parts) - 1) if is_site(parts[i])), None)
    if middle is not None:
        parts = parts[:middle]
        removed = True
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        removed = True
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        removed = True
    # "Headline | Section | Site": a short part left at the end is a section label.
    while removed and len(parts) > 1 and len(_words(parts[-1])) <= MAX_SECTION_WORDS:
        parts.pop()
    if len(parts) == 1:
        return parts[0].strip()
    return _join_like(title, parts)


def _join_like(title: str, parts: list[str]) -> str:
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else title
