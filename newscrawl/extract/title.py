"""The headline: site rules, then the visible ``<h1>`` confirmed by metadata, then JSON-LD
``headline``, ``og:title`` and ``<title>`` with the site-name suffix removed.

An ``<h1>`` loses a rubric or subline printed in its own element (see :mod:`title_h1`); an
``<h1>`` that links to the home page and names the site, or ends a title as site names do, is
the site's logo, and its text a site name to strip.
"""

from __future__ import annotations

import html
import re
import unicodedata

from lxml.html import HtmlElement

from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules
from newscrawl.extract.text import squash
from newscrawl.extract.title_h1 import ARCHIVED_URL_RE, H1Parts, element_text, h1_parts
from newscrawl.urls import site_of

# " | Site", " - Site", " — Site", " :: Site", " · Site", " » Site"
_SEPARATOR_RE = re.compile(r"\s+(?:[|\-–—·•»«:/\\]|::|\|\|)\s+")
_WORD_RE = re.compile(r"\w+")
# "Headline (video)", "Headline [Watch]": a marker for the medium at the end.
_MEDIA_MARKER_RE = re.compile(
    r"\s*[(\[](?:videos?|watch|photos?|pictures|pics|gallery|audio|listen|podcast|vid[eé]o"
    r"|fotos|bilder|galerie)[)\]]$",
    re.IGNORECASE,
)
# CJK ideographs, kana and full-width forms.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# An unspaced "-", "_" or "|" and a short CJK site or channel name at the end of a title.
_CJK_SUFFIX_RE = re.compile(
    r"(?<=\S)[-_|｜－—](?:[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]{1,12})$"
)
# How CJK site, paper and channel names end: "…网" (net), "…网站" (website), "…报" (paper),
# "…新闻" (news), "…频道" (channel), "…电视台" (TV station), "…在线" (online), "…ニュース".
_CJK_SITE_ENDINGS = (
    "网", "網", "网站", "網站", "报", "報", "新闻", "新聞", "频道", "頻道", "电视台", "電視台",
    "在线", "在線", "ニュース", "新聞社", "日报", "日報",
)  # fmt: skip
# Punctuation before which joined text nodes may leave a space the page did not have.
_SPACED_PUNCTUATION = (" :", " ;", " !", " ?", " )")
_ELLIPSES = ("...", "…")
# A cut-off title's continuation starts with the quote mark that ended the attribute.
_OPENING_QUOTE_RE = re.compile(r"\s*[\"“„«'‘‚]")
# "Site Name: Headline"
_SITE_PREFIX_RE = re.compile(r"^([^:|]{2,40}):\s+")
MAX_TITLE_CHARS = 400
# An <h1> counts as the headline when its words and a metadata title's words overlap this much
# (product of both directions) ...
MIN_CONFIRMATION = 0.5
# ... or, unconfirmed, when it is the only <h1> with at least this many words.
MIN_LONE_H1_WORDS = 4
# ... or with this many words if one of its words is in a metadata title.
MIN_SHORT_LONE_H1_WORDS = 3
MIN_SHARED_WORD_CHARS = 5
MAX_SECTION_WORDS = 2
# Only the first <h1>s are split into a logo link, kicker and subline: the headline and the
# logo come first, while a page of teasers may have hundreds.
MAX_SPLIT_H1S = 10
# The start of a title before a separator confirms an <h1> from this many words on.
MIN_HEAD_WORDS = 3
# A title part this long is no site name (with slogan), even if it names the site.
MAX_SITE_NAME_WORDS = 6


def extract_title(page: Page, rules: SiteRules | None = None) -> str | None:
    """The article's headline without the site name, or ``None``."""
    if rules is not None:
        for selector in rules.selectors("title"):
            for value in selector.values(page.root):
                cleaned = _clean(value)
                if cleaned:
                    return strip_site_name(cleaned, _site_names(page))
    metadata_titles = [t for t in _metadata_titles(page) if t]
    h1s = [
        _h1_parts(h1, page.base_url) if index < MAX_SPLIT_H1S else _plain_h1(h1)
        for index, h1 in enumerate(page.h1s)
    ]
    site_names = _site_names(page)
    site_names += _branding_h1s(h1s, site_names, metadata_titles)
    names = _squashed(site_names)
    # Pages repeat one title in several tags: strip each distinct one once.
    stripped = {t: _strip_site_name(t, names) for t in dict.fromkeys(metadata_titles)}
    stripped_titles = [stripped[t] for t in metadata_titles]
    h1 = _best_h1(h1s, list(dict.fromkeys(stripped_titles)), site_names)
    if h1:
        return _finish(_metadata_spelling(h1, metadata_titles))
    title = _best_metadata_title(stripped_titles)
    return _finish(_without_cjk_site_suffix(title)) if title else None


def _finish(title: str) -> str:
    """The headline without a trailing media marker ("(video)", "[Watch]"), which sites add
    to link texts and titles, not to the story's headline."""
    return _MEDIA_MARKER_RE.sub("", title) or title


def _without_cjk_site_suffix(title: str) -> str:
    """Chinese and Japanese titles join the site name without spaces ("标题-示例网",
    "标题_示例频道_示例网站"): drop short CJK parts so joined at the end that end as site,
    paper and channel names do (a headline may well end in "-" and a word of its own)."""
    if not _CJK_RE.search(title):
        return title
    while True:
        match = _CJK_SUFFIX_RE.search(title)
        if (
            match is None
            or match.start() < 2 * (len(title) - match.start())
            or not match.group().endswith(_CJK_SITE_ENDINGS)
        ):
            return title
        title = title[: match.start()]


def _clean(text: str | None) -> str:
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)  # double-escaped metadata ("D&amp;D")
    return " ".join(unicodedata.normalize("NFC", text).split())[:MAX_TITLE_CHARS]


# "<i>Examplia</i>'s" read with a space between text nodes: "Examplia 's".
_SPACE_BEFORE_INLINE_PUNCT_RE = re.compile(r"\s+(?=(?:['’]s\b|[,.!?](?:\s|$)))")


def _without_site_suffix(text: str, squashed_names: set[str]) -> str:
    """An <h1> carrying the site name too ("Headline | Site", in a hidden span) loses it; only
    an exact site name goes, as a headline may well contain the site's name."""
    parts = _SEPARATOR_RE.split(text)
    if len(parts) > 1 and squash(parts[-1]) in squashed_names:
        return _join_like(text, parts[:-1])
    return text


def _fix_spacing(text: str) -> str:
    """Take back the space that joining text nodes puts before a possessive or a comma."""
    return _SPACE_BEFORE_INLINE_PUNCT_RE.sub("", _clean(text))


def _h1_parts(h1: HtmlElement, base_url: str) -> H1Parts:
    parts = h1_parts(h1, base_url)
    return H1Parts(
        _fix_spacing(parts.text),
        parts.links_home,
        _fix_spacing(parts.without_kicker) if parts.without_kicker else None,
        parts.kicker_marked,
        _fix_spacing(parts.without_subtitle) if parts.without_subtitle else None,
    )


def _plain_h1(h1: HtmlElement) -> H1Parts:
    """An ``<h1>`` read as one text, not split into parts."""
    return H1Parts(_fix_spacing(element_text(h1)))


def _h1_headline(parts: H1Parts, metadata_words: list[list[str]]) -> str:
    """The ``<h1>``'s headline: without a leading element marked as a rubric, or without the
    leading or trailing element when a metadata title is exactly the rest."""
    if parts.without_kicker and parts.kicker_marked:
        # A rubric is shorter than the headline it tops.
        rest = len(_words(parts.without_kicker))
        if len(_words(parts.text)) - rest < rest:
            return parts.without_kicker
    for variant in (parts.without_kicker, parts.without_subtitle):
        if variant and _words(variant) in metadata_words:
            return variant
    return parts.text


def _metadata_spelling(h1: str, metadata_titles: list[str]) -> str:
    """A metadata title equal to the ``<h1>`` but for white space: joining the heading's text
    nodes may have put a space where the markup had none ("<abbr>UN</abbr>: ...")."""
    if not any(char in h1 for char in _SPACED_PUNCTUATION):
        return h1
    bare = "".join(h1.split())
    for title in metadata_titles:
        if "".join(title.split()) == bare:
            return title
    return h1


def _best_metadata_title(titles: list[str]) -> str | None:
    """The first metadata title, or a longer one it is the cut-off start of: an ``og:title``
    whose attribute ended at a quote mark inside the headline, or one shortened with "…"."""
    titles = [title for title in titles if title]
    if not titles:
        return None
    first = titles[0]
    # Only an ellipsis marks a cut: a single full stop may end an abbreviation ("Ltd.").
    cut_at_ellipsis = first.endswith(_ELLIPSES)
    stem = first.rstrip(".… ") if cut_at_ellipsis else first
    for other in titles[1:]:
        if len(other) <= len(first) or not other.startswith(stem):
            continue
        rest = other[len(stem) :]
        if cut_at_ellipsis or _OPENING_QUOTE_RE.match(rest):
            return other
    return first


def _metadata_titles(page: Page) -> list[str]:
    titles: list[str] = []
    for node in page.article_nodes():
        for key in ("headline", "name", "alternativeHeadline"):
            value = node.get(key)
            if isinstance(value, str):
                titles.append(_clean(value))
                break
    for name in (
        "og:title",
        "twitter:title",
        "headline",
        "title",
        "dc.title",
        "sailthru.title",
        "parsely-title",
    ):
        for value in page.meta.get(name, ()):
            titles.append(_clean(value))
    for element in page.itemprops.get("headline", ()):
        titles.append(_clean(element.get("content") or element.text_content()))
    if page.html_title:
        titles.append(_clean(page.html_title))
    return titles


def _best_h1(h1s: list[H1Parts], metadata_titles: list[str], site_names: list[str]) -> str | None:
    """The ``<h1>`` that metadata confirms best; else one that a title starts with; else the
    one long ``<h1>`` of the page."""
    names = {squash(name) for name in site_names}
    titles = [title for title in metadata_titles if _words(title)]
    meta_words = [_words(title) for title in titles]
    candidates = [_without_site_suffix(_h1_headline(h1, meta_words), names) for h1 in h1s]
    candidates = [
        c for c in candidates if 3 <= len(c) <= MAX_TITLE_CHARS and squash(c) not in names
    ]
    if not candidates:
        return None
    # Ranked by confirmation, then by how early the confirming metadata title comes (the
    # article's own headline before those of teasers on an endless-scroll page), then length.
    best: tuple[float, int, int] | None = None
    best_candidate = ""
    for candidate in candidates:
        words = _words(candidate)
        if not words:
            continue
        rank = _confirmation(words, meta_words)
        if best is None or rank > best:
            best, best_candidate = rank, candidate
    if best is not None and best[0] >= MIN_CONFIRMATION:
        return best_candidate
    head = _head_h1(candidates, titles, meta_words)
    if head:
        return head
    long_ones = [c for c in candidates if len(_words(c)) >= MIN_LONE_H1_WORDS]
    if len(long_ones) == 1:
        return long_ones[0]
    # A shorter lone <h1> may be a section label: only one that shares a word with metadata.
    short_ones = [c for c in candidates if len(_words(c)) >= MIN_SHORT_LONE_H1_WORDS]
    if not long_ones and len(short_ones) == 1 and _shares_a_word(short_ones[0], titles):
        return short_ones[0]
    return None


def _shares_a_word(heading: str, titles: list[str]) -> bool:
    """True when a longer word of ``heading`` occurs in a metadata title, also inside a
    compound ("Financing" in "Carfinancing"): a magazine headline and the page's search
    title differ in wording but not in topic. A heading printed whole in a title is rather a
    site or section name that the title carries too ("Section Name - Headline")."""
    squashed = squash(heading)
    if any(squashed in squash(title) for title in titles):
        return False
    folded = [title.casefold() for title in titles]
    return any(
        word in title
        for word in _words(heading)
        if len(word) >= MIN_SHARED_WORD_CHARS
        for title in folded
    )


def _confirmation(words: list[str], meta_words: list[list[str]]) -> tuple[float, int, int]:
    """How well metadata confirms a heading: the best word overlap, both ways (a site-name
    ``<h1>`` is "contained" in the ``<title>`` but covers little of it), the negated position
    of the first metadata title giving it, and the heading's length in words."""
    score, position = 0.0, 0
    for index, other in enumerate(meta_words):
        overlap = _overlap(words, other) * _overlap(other, words)
        if overlap > score:
            score, position = overlap, -index
    return score, position, len(words)


def _head_h1(candidates: list[str], titles: list[str], meta_words: list[list[str]]) -> str | None:
    """When no whole metadata title confirms an ``<h1>``: the ``<h1>`` that a title starts
    with before a separator ("Headline - Long Section Name"), from the earliest such title.

    Used only as a fallback, since a section or site name printed as an ``<h1>`` also starts
    titles ("Section Name - Headline"); a start is no headline when the rest of its title is
    another metadata title on its own.
    """
    wanted = {squash(candidate): candidate for candidate in candidates}
    for title in titles:
        for match in _SEPARATOR_RE.finditer(title):
            head = title[: match.start()]
            candidate = wanted.get(squash(head))
            if candidate is None or len(_words(head)) < MIN_HEAD_WORDS:
                continue
            if _words(title[match.end() :]) not in meta_words:
                return candidate
    return None


def _branding_h1s(h1s: list[H1Parts], site_names: list[str], titles: list[str]) -> list[str]:
    """Texts of ``<h1>`` logos, the site's name (perhaps with a slogan) that titles carry too.

    A heading that is one link to the home page is a logo when it names the site, or when it
    is name-short and ends a title the way site names do ("Headline | Logo"); a headline that
    happens to link home ("Headline | Blog" and the ``<h1>`` "Headline") stays a headline.
    """
    linked = [h1.text for h1 in h1s if h1.links_home and h1.text]
    if not linked:
        return []
    names = [name for name in _squashed(site_names) if len(name) >= 4]
    squashed_titles = [squash(title) for title in titles]
    logos = []
    for text in linked:
        squashed = squash(text)
        if not squashed:
            continue
        if any(name in squashed for name in names) or (
            len(_words(text)) <= MAX_SITE_NAME_WORDS
            and any(t.endswith(squashed) and len(t) > len(squashed) for t in squashed_titles)
        ):
            logos.append(text)
    return logos


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
    # An archived copy is named after the archived site, not the archive.
    site = site_of(ARCHIVED_URL_RE.sub("", page.url))
    if site:
        names.append(site)
        names.append(site.split(".")[0])
    return names


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Remove a leading or trailing site-name segment from a ``<title>``-like string."""
    return _strip_site_name(title, _squashed(site_names))


def _squashed(site_names: list[str]) -> list[str]:
    return list(dict.fromkeys(squash(name) for name in site_names if name))


def _strip_site_name(title: str, names: list[str]) -> str:
    prefix = _SITE_PREFIX_RE.match(title)
    if prefix and squash(prefix.group(1)) in names:
        title = title[prefix.end() :]
    parts = _SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title

    def is_site(part: str) -> bool:
        squashed = squash(part)
        if not squashed:
            return False
        # A longer part holding the name is the site's name only while it is name-like short:
        # a headline may well mention the site ("Site - Survey: Site readers vote for ...").
        short = len(_words(part)) <= MAX_SITE_NAME_WORDS
        return any(
            squashed == n or (len(n) >= 4 and (squashed in n or (short and n in squashed)))
            for n in names
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
