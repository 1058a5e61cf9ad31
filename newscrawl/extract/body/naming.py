"""What an element's class and id say: boilerplate boxes and story-body containers."""

from __future__ import annotations

import re

import lxml.html

# Class/id words of boilerplate containers. Matched as whole tokens of the class/id.
BOILERPLATE_TOKENS = frozenset(
    {
        "share",
        "shares",
        "sharing",
        "sharebar",
        "social",
        "socials",
        "related",
        "relatedposts",
        "newsletter",
        "newsletters",
        "subscribe",
        "subscription",
        "signup",
        "promo",
        "promos",
        "advert",
        "advertisement",
        "advertising",
        "adslot",
        "adunit",
        "dfp",
        "sponsor",
        "sponsored",
        "sidebar",
        "breadcrumb",
        "breadcrumbs",
        "cookie",
        "cookies",
        "consent",
        "popup",
        "modal",
        "outbrain",
        "taboola",
        "recommended",
        "recommendations",
        "comments",
        "comment",
        "respond",
        "disqus",
        "pagination",
        "pager",
        "tagcloud",
        "byline",
        "authorbox",
        "menu",
        "navbar",
        "navigation",
        "footer",
        "masthead",
        "toolbar",
        "trending",
        "readmore",
        "teaser",
        "teasers",
        "login",
        "sronly",
        "offscreen",
        "affiliate",
        "donate",
        "feedback",
        "tweet",
        "twitter",
        "instagram",
        "tiktok",
        "facebook",
        "privacy",
        "gdpr",
        "onetrust",
        "overlay",
        "flyout",
        "drawer",
        "hamburger",
    }
)


# Weaker hints: short words that also turn up in compound names of real containers
# ("sc-ad-container", "article-meta-wrapper"); such boxes are spared when they hold a fair
# share of the page's paragraph text.
WEAK_BOILERPLATE_TOKENS = frozenset(
    {
        "ad",
        "ads",
        "tags",
        "author",
        "bio",
        "nav",
        "banner",
        "popular",
        "more",
        "print",
        "rating",
        "meta",
        "postmeta",
        "credit",
        "credits",
        "skip",
        "screen",
        "hidden",
        "visually",
        "jump",
        "toc",
        "follow",
        "next",
        "prev",
        "previous",
        "categories",
        "category",
        "dateline",
        "timestamp",
        "date",
        "widget",
        "widgets",
    }
)


# Compounds of weak words that are unambiguous ("author-bio", "about-the-author").
BOILERPLATE_COMPOUNDS = frozenset(
    {
        "authorbio",
        "authorbox",
        "aboutauthor",
        "abouttheauthor",
        "authorinfo",
        "authorcard",
        "authorprofile",
        "authordetails",
        "postauthor",
        "entryauthor",
        "articleauthor",
        "postmeta",
        "entrymeta",
        "articlemeta",
        "posttags",
        "entrytags",
        "articletags",
        "tagslinks",
        "taglinks",
        "adslot",
        "adcontainer",
        "adwrapper",
        "adunit",
        "adblock",
    }
)


MAX_COMPOUND_WORDS = 3


# Containers whose class/id says "this is the story"; never removed by the token rule.
CONTENT_HINT_RE = re.compile(
    r"article[-_]?body|articlebody|entry[-_]?content|post[-_]?(?:content|body|text|entry)|"
    r"story[-_]?(?:body|content|text)|article[-_]?(?:content|text)|body[-_]?text|"
    r"main[-_]?content|content[-_]?body|rich[-_]?text|article__body|text[-_]?content",
    re.IGNORECASE,
)


# Classes a CMS derives from the post's own data ("category-schools", "tag-budget",
# "format-standard"): they describe the story, not a boilerplate box.
_TAXONOMY_CLASS_RE = re.compile(
    r"^(?:(?:category|format|status|type|has|postid)[-_]\w|tag[-_](?!cloud|list|links)\w"
    r"|post[-_]\d)",
    re.IGNORECASE,
)


_TOKEN_SPLIT_RE = re.compile(r"[^a-z0-9]+")


_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _name_words(name: str) -> list[str]:
    if not name.islower():
        name = _CAMEL_RE.sub("-", name)
    return [t for t in _TOKEN_SPLIT_RE.split(name.lower()) if t]


def _name_strength(name: str) -> int:
    """2 for a strong boilerplate name ("share-bar", "related-posts"), 1 for a weak one
    ("post-meta", "ad-slot"), 0 otherwise (CMS taxonomy classes are 0).

    Long compound names (BEM modifiers like ``field--label-hidden`` or
    ``row-content--sidebar--gutter``) describe layout: there only the first and last words
    count for strong words, and weak words count only in names of at most two words.
    """
    if _TAXONOMY_CLASS_RE.match(name) or name.startswith(("js-", "js_")):
        return 0  # taxonomy labels and script hooks say nothing about the box
    words = _name_words(name)
    if not words:
        return 0
    if "".join(words) in BOILERPLATE_COMPOUNDS:
        return 2
    strong_words = words if len(words) <= MAX_COMPOUND_WORDS else [words[0], words[-1]]
    if any(word in BOILERPLATE_TOKENS for word in strong_words):
        return 2
    if len(words) <= 2 and any(word in WEAK_BOILERPLATE_TOKENS for word in words):
        return 1
    return 0


def _boilerplate_strength(
    element: lxml.html.HtmlElement, memo: dict[str, int] | None = None
) -> int:
    """The strongest boilerplate name among the element's classes and id (see
    :func:`_name_strength`); ``memo`` caches the strength of each name within a page."""
    memo = {} if memo is None else memo
    strength = 0
    for name in f"{element.get('class') or ''} {element.get('id') or ''}".split():
        value = memo.get(name)
        if value is None:
            value = memo[name] = _name_strength(name)
        if value == 2:
            return 2
        strength = max(strength, value)
    return strength


def is_boilerplate(
    element: lxml.html.HtmlElement,
    memo: dict | None = None,
    words_memo: dict[str, int] | None = None,
) -> int:
    """The boilerplate strength of ``element`` (0: not boilerplate). ``memo`` caches the
    answer per class/id pair and ``words_memo`` the words of each class name, within one
    page (pages repeat the same classes a lot)."""
    if element.tag in ("html", "body", "main", "p", "h1", "h2", "h3", "h4", "h5", "h6"):
        return 0
    if element.tag in ("aside", "footer"):
        return 2
    key = (element.get("class"), element.get("id"), element.get("itemprop"))
    if memo is not None and key in memo:
        return memo[key]
    strength = _boilerplate_strength(element, words_memo)
    if strength and has_content_hint(element):
        strength = 0
    if memo is not None:
        memo[key] = strength
    return strength


def has_content_hint(element: lxml.html.HtmlElement) -> bool:
    """Whether the element is marked as the story (``itemprop=articleBody``, or a class/id
    such as "article-body" or "entry-content")."""
    if element.get("itemprop") == "articleBody":
        return True
    hint = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(hint.strip()) and bool(CONTENT_HINT_RE.search(hint))
