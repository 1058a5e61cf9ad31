"""What an element's class and id say: boilerplate boxes and story-body containers."""

from __future__ import annotations

import re

import lxml.html

# Exact class names and ids of comment sections and reply forms (WordPress, Disqus, Drupal,
# Blogger and the like). Whole names only: "comments-open" on a post wrapper is not one.
COMMENT_AREA_NAMES = frozenset(
    {
        "comments",
        "comment-list",
        "commentlist",
        "comments-list",
        "comment-respond",
        "respond",
        "comments-area",
        "comment-form",
        "commentform",
        "comments-section",
        "comment-section",
        "article-comments",
        "post-comments",
        "disqus_thread",
        "fb-comments",
        "comment-wrapper",
        "comments-wrapper",
        "comments-container",
        "comment-container",
        "reply-form",
        "blog-comments",
        "user-comments",
        "reader-comments",
        "comment-area",
        "comments-block",
        "comment-block",
        "comments-link",
        "commentsblock",
        "comments_block",
        "comment_form",
        "comment_list",
        "leave-comment",
        "leave-a-comment",
        "reply-title",
        "comment-reply-title",
        "comment-navigation",
        "comments-title",
        "comments-count",
        "coral_thread",
    }
)


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
        "recirc",
        "recirculation",
        # the same boxes named in the site's own language
        "werbung",
        "publicidad",
        "publicidade",
        "reklama",
        "verwandte",
        "abonnement",
        "assinatura",
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
    r"main[-_]?content|content[-_]?body|rich[-_]?text|article__body|text[-_]?content"
)  # matched against lower-cased names


# Classes a CMS derives from the post's own data ("category-schools", "tag-budget",
# "format-standard"): they describe the story, not a boilerplate box.
_TAXONOMY_CLASS_RE = re.compile(
    r"^(?:(?:category|format|status|type|has|postid)[-_]\w|tag[-_](?!cloud|list|links)\w"
    r"|post[-_]\d)"
)  # matched against the lower-cased name


_TOKEN_SPLIT_RE = re.compile(r"[^a-z0-9]+")


_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")


# CSS-in-JS class names: a component name and a generated hash ("ContentFooterRelated-kEBiFe",
# "BodyWrapper-sc-1a2b3c"); the hash says nothing.
# The hash mixes cases ("IE-overlay" is not one).
_GENERATED_SUFFIX_RE = re.compile(
    r"^((?:[A-Z][a-z0-9]+)+)-(?:sc-)?(?=[a-z0-9]*[A-Z])(?=[A-Z0-9]*[a-z])[A-Za-z0-9]{5,8}$"
)


def _name_words(name: str) -> list[str]:
    if not name.islower():
        generated = name[0].isupper() and "-" in name and _GENERATED_SUFFIX_RE.match(name)
        if generated:
            name = generated.group(1)
        name = _CAMEL_RE.sub("-", name)
    words = _TOKEN_SPLIT_RE.split(name.lower())
    if "" in words:
        words = [t for t in words if t]
    return words


def _name_strength(name: str) -> int:
    """2 for a strong boilerplate name ("share-bar", "related-posts"), 1 for a weak one
    ("post-meta", "ad-slot"), 0 otherwise (CMS taxonomy classes are 0).

    Long compound names (BEM modifiers like ``field--label-hidden`` or
    ``row-content--sidebar--gutter``) describe layout: there only the first and last words
    count for strong words, and weak words count only in names of at most two words.
    """
    lowered = name.lower()
    if name == lowered and lowered.isalnum():
        return _word_strength(lowered)  # most names are one lower-case word
    if _TAXONOMY_CLASS_RE.match(lowered) or lowered.startswith(("js-", "js_")):
        return 0  # taxonomy labels and script hooks say nothing about the box
    words = _name_words(name)
    if not words:
        return 0
    if "".join(words) in BOILERPLATE_COMPOUNDS:
        return 2
    # A one-letter namespace prefix ("c-" component, "o-" object) is not a word of the name
    # for strong words; utility classes ("l-hidden-xs") keep it, so weak words stay rare.
    core = words[1:] if len(words) > 1 and len(words[0]) == 1 else words
    strong_words = core if len(core) <= MAX_COMPOUND_WORDS else (core[0], core[-1])
    if not BOILERPLATE_TOKENS.isdisjoint(strong_words):
        return 2
    if len(words) <= 2 and not WEAK_BOILERPLATE_TOKENS.isdisjoint(words):
        return 1
    return 0


def _word_strength(word: str) -> int:
    """:func:`_name_strength` of a name that is a single lower-case word."""
    if word in BOILERPLATE_TOKENS or word in BOILERPLATE_COMPOUNDS:
        return 2
    return 1 if word in WEAK_BOILERPLATE_TOKENS else 0


class NameMemo:
    """What each class/id pair of one page says, worked out once per distinct pair.

    Pages repeat the same few class strings hundreds of times; one memo lives for one
    :func:`extract_body` call and is shared by the pruning and scoring walks."""

    __slots__ = ("_names", "_pairs")

    def __init__(self) -> None:
        self._pairs: dict[tuple[str | None, str | None], tuple[bool, int, bool]] = {}
        self._names: dict[str, int] = {}

    @property
    def verdicts(self) -> dict[tuple[str | None, str | None], tuple[bool, int, bool]]:
        """The verdicts worked out so far, by ``(class, id)`` pair (read it, do not change
        it: :meth:`verdict` fills it)."""
        return self._pairs

    def verdict(self, class_name: str | None, element_id: str | None) -> tuple[bool, int, bool]:
        """``(comment area, boilerplate strength, content hint)`` of a class/id pair."""
        key = (class_name, element_id)
        verdict = self._pairs.get(key)
        if verdict is None:
            verdict = self._pairs[key] = self._judge(class_name, element_id)
        return verdict

    def _judge(self, class_name: str | None, element_id: str | None) -> tuple[bool, int, bool]:
        names = f"{class_name or ''} {element_id or ''}"
        parts = names.split()
        if not parts:
            return _NO_VERDICT
        lowered = names.lower()
        if "hentry" in parts and "hentry" in (classes := (class_name or "").split()):
            # WordPress's ``post_class()``: the terms after "hentry" are the post's taxonomy
            # ("category-ads", "topics-social"), not the box's role; the classes before it
            # (a theme's "related-post") still are.
            parts = _without_post_terms(classes) + (element_id or "").split()
        strength = 0
        known = self._names
        for name in parts:
            value = known.get(name)
            if value is None:
                value = known[name] = _name_strength(name)
            if value > strength:
                strength = value
                if strength == 2:
                    break
        return (_names_comment_area(lowered), strength, _names_story(lowered))

    def strength(self, element: lxml.html.HtmlElement) -> int:
        """The boilerplate strength of ``element`` (see :func:`is_boilerplate`)."""
        tag = element.tag
        if tag in NEVER_BOILERPLATE_TAGS:
            return 0
        if tag in ALWAYS_BOILERPLATE_TAGS:
            return 2
        _, strength, hint = self.verdict(element.get("class"), element.get("id"))
        if strength and (hint or element.get("itemprop") == "articleBody"):
            return 0
        return strength

    def has_content_hint(self, element: lxml.html.HtmlElement) -> bool:
        """Whether ``element`` is marked as the story (see :func:`has_content_hint`)."""
        if element.get("itemprop") == "articleBody":
            return True
        class_name, element_id = element.get("class"), element.get("id")
        if class_name is None and element_id is None:
            return False
        return self.verdict(class_name, element_id)[2]


NEVER_BOILERPLATE_TAGS = frozenset(
    {"html", "body", "main", "p", "h1", "h2", "h3", "h4", "h5", "h6"}
)


ALWAYS_BOILERPLATE_TAGS = frozenset({"aside", "footer"})


_NO_VERDICT = (False, 0, False)


def _without_post_terms(classes: list[str]) -> list[str]:
    """WordPress post classes without the taxonomy terms it prints after "hentry"
    ("category-news", "tag-rent", "topics-social"); plain words a script added stay."""
    index = classes.index("hentry")
    return classes[:index] + [name for name in classes[index + 1 :] if "-" not in name]


def _names_story(lowered: str) -> bool:
    """True when the lower-cased class/id names mark the story body ("article-body",
    "entry-content")."""
    # Every story-body name has one of these words; the pattern is only tried on those.
    if (
        "body" not in lowered
        and "content" not in lowered
        and "text" not in lowered
        and "entry" not in lowered
    ):
        return False
    return bool(CONTENT_HINT_RE.search(lowered))


def _names_comment_area(lowered: str) -> bool:
    """True when one of the lower-cased class/id names is an exact comment-section name."""
    # Every comment-section name holds one of these words: a cheap test first.
    if (
        "comment" not in lowered
        and "respond" not in lowered
        and "disqus" not in lowered
        and "reply" not in lowered
        and "coral" not in lowered
    ):
        return False
    return not COMMENT_AREA_NAMES.isdisjoint(lowered.split())


def is_boilerplate(element: lxml.html.HtmlElement, memo: NameMemo | None = None) -> int:
    """The boilerplate strength of ``element`` (0: not boilerplate; 1: a weak name such as
    "post-meta"; 2: a strong one such as "share-bar", or ``<aside>``/``<footer>``). A name
    that also marks the story body ("article-body") is never boilerplate. ``memo`` caches
    the analysis of class/id strings within one page."""
    return (memo or NameMemo()).strength(element)


def has_content_hint(element: lxml.html.HtmlElement, memo: NameMemo | None = None) -> bool:
    """Whether the element is marked as the story (``itemprop=articleBody``, or a class/id
    such as "article-body" or "entry-content")."""
    return (memo or NameMemo()).has_content_hint(element)
