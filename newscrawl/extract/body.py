"""The article body as plain text: one paragraph per line, sub-headings and list items kept.

Steps (the tree is mutated, so this runs after every other field):

1. drop what is never content: scripts, forms' controls, navigation, hidden elements, the
   site rules' ``drop`` list;
2. one bottom-up pass scores every element: each text block adds its non-link text when it
   reads like a paragraph and subtracts link text and short fragments; the score of an
   element is the sum over its subtree (a maximum-sum subtree, so the winner is the element
   that holds the story's paragraphs and as little around them as possible);
3. boilerplate containers (share bars, related stories, newsletter boxes, ads, author boxes)
   recognised by their class/id are removed, unless they hold most of the page's text;
4. the winning container (or the site rules' body) is written out line by line, and lines
   that are still boilerplate (link lists, "Advertisement", "Share this") are filtered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules

# Never content, whatever the page.
JUNK_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "source",
    "picture",
    "img",
    "button",
    "input",
    "select",
    "textarea",
    "option",
    "nav",
    "head",
    "link",
    "meta",
    "map",
    "dialog",
)
_JUNK_TAG_SET = frozenset(JUNK_TAGS)
# Class/id words of comment sections (a cheap test before the exact-name lookup).
_COMMENT_WORD_RE = re.compile(r"comment|respond|disqus|reply|coral")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Hidden elements with this much paragraph text are kept (paywalls hide the story with CSS).
MIN_HIDDEN_PROSE = 120
# Junk-looking elements that may wrap the whole story.
_REVEALABLE_TAGS = frozenset({"noscript", "div", "section", "article", "main"})
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "hr",
        "form",
        "fieldset",
        "address",
        "details",
        "summary",
        "center",
        "body",
        "html",
        "menu",
        "legend",
        "hgroup",
        "dir",
        "output",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that can hold a whole story (a paragraph or a list item cannot).
CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "main", "body", "td", "form", "center", "font", "span"}
)
# Blocks that can hold a standfirst printed above the story.
_STANDFIRST_TAGS = frozenset({"p", "div", "h2", "h3", "section", "span", "header"})
CAPTION_TAGS = frozenset({"figure", "figcaption", "caption"})
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
WEAK_PROTECTED_SHARE = 0.25
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
# Every word above as a substring ("tag" for "tag-links"): a name holding none of them
# cannot be boilerplate.
_ANY_BOILERPLATE_WORD_RE = re.compile(
    "|".join(
        sorted(BOILERPLATE_TOKENS | WEAK_BOILERPLATE_TOKENS | {"tag"}, key=len)[::-1]
    ),
    re.IGNORECASE,
)
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
# Whole lines that are furniture, not story ("Advertisement", "Share this article").
BOILERPLATE_LINE_RE = re.compile(
    r"^(?:advertisement|advertising|anzeige|werbung|publicité|publicidad|pubblicità|sponsored|"
    r"share|share this(?: article| story| post)?|share on \w+|tweet|e-?mail|print|whatsapp|"
    r"facebook|twitter|linkedin|pinterest|reddit|copy link|link copied|"
    r"read more|read next|see also|related(?: articles| stories| posts| content)?|"
    r"recommended(?: for you)?|more from \w+|click here.*|sign up.*|subscribe.*|"
    r"follow us.*|leave a (?:comment|reply)|comments?|\d+ comments?|"
    r"(?:image|photo|picture|foto|bild)(?: credit)?:.*|getty images|"
    r"all rights reserved.*|©.*|copyright.*|loading.*|skip to .*|back to top|top|"
    r"continue reading.*|weiterlesen|mehr zum thema.*|lire aussi.*|lea también.*|"
    r"this (?:article|story) (?:first appeared|was originally published).*|"
    r"you may also like|most popular|trending now|people are also reading.*|"
    r"(?:get|want) (?:more|all the latest|unlimited access|the latest).*|"
    r"(?:sign up|subscribe|register) (?:for|to) (?:our|the) .*|"
    r"we use cookies.*|accept(?: all)?(?: cookies)?|advertisement - scroll to continue|"
    r"story continues below.*|article continues below.*|scroll to continue.*|"
    r"swipe to scroll.*|listen to (?:this )?(?:article|story).*|\d+ min(?:ute)?s? read|"
    r"reklama|anzeigen?|- anzeige -|publicidade|valora esta noticia|síguenos en.*|siguenos en.*|"
    r"zum shop|lust auf mehr\?|zum vergrößern.*|bild(?:er)? vergrößern|"
    r"(?:foto|photo|bild|titelbild|beitragsbild|abbildung)\s*:.*|telefon:.*|e-mail:.*|"
    r"advertisement - (?:page|story|article) continues below|after newsletter promotion|"
    r"you might (?:also )?like|your e-?mail\*?|enter your e-?mail.*)"
    r"[.:!…]*$",
    re.IGNORECASE,
)
# Headings of boxes that point elsewhere ("Related coverage", "Das könnte Sie auch
# interessieren"): the heading and the short lines under it are dropped.
RELATED_HEADING_RE = re.compile(
    r"^(?:related(?: coverage| articles| stories| posts| content| reading| links| topics)?|"
    r"more (?:on|about) (?:this|the) (?:story|topic)|explore further|see also|read also|"
    r"you (?:may|might) also (?:like|enjoy)|recommended(?: articles| stories| for you)?|"
    r"more stories|more from .{1,40}|most (?:read|popular|viewed)|"
    r"about the author|über (?:den|die) autor(?:in)?|"
    r"das könnte (?:sie|dich) auch interessieren|lesen sie auch.*|lies auch|mehr zum thema.*|"
    r"weitere (?:infos?|informationen|artikel|themen|beiträge|meldungen).*|"
    r"weiterführende (?:links?|informationen|artikel)|ähnliche (?:themen|artikel|beiträge)|"
    r"empfohlene (?:beiträge|artikel)|mehr (?:kolumnen|artikel|zum thema|aus .{1,30})|"
    r"schlagworte|schlagwörter|themen|tags|stichworte|"
    r"(?:à )?lire aussi|sur le même (?:sujet|thème)|voir aussi|à voir aussi|"
    r"lea también|te puede interesar|noticias relacionadas|contexto de la noticia|"
    r"leggi anche|potrebbe interessarti|zobacz także|czytaj także|"
    r"table of contents|inhaltsverzeichnis|contents)[.:!…]*$",
    re.IGNORECASE,
)
MAX_UNDER_RELATED_CHARS = 150
# The same boxes when their heading only contains the words ("Vanity Fair's Most Read").
RELATED_HEADING_WORDS_RE = re.compile(
    r"\b(?:most (?:read|popular|viewed|shared)|trending|related (?:stories|articles|posts)|"
    r"recommended|more stories|top stories|editor'?s picks|meistgelesen|les plus lus|"
    r"lo más leído)\b",
    re.IGNORECASE,
)
# Affiliate and consent disclaimers printed inside articles.
DISCLAIMER_RE = re.compile(
    r"\bwe may (?:earn|receive|get) (?:a |an )?(?:small )?(?:commission|compensation|"
    r"affiliate (?:fee|commission)|share of (?:sales|revenue))|\bby using this site, you "
    r"(?:consent|agree)|\bwe (?:use|are using) cookies\b|\baffiliate links?\b.{0,80}"
    r"\bcommission|\bsubject to copyright\b|^disclaimer\s*:|\ball rights reserved\b|"
    r"\bno part (?:of this .{0,30})?may be reproduced\b|^(?:keep reading|continue reading) for\b|"
    r"\balready a subscriber\b|\bfree articles? (?:left|remaining)?\s*subscribe\b",
    re.IGNORECASE,
)
MAX_DISCLAIMER_CHARS = 500
MAX_STRAY_LABEL_WORDS = 2
MAX_CREDIT_WORDS = 6
_SLASH_CREDIT_RE = re.compile(r"^\(?[\w .'’-]+/[\w .'’-]+\)?$")
_LABEL_KEEPING_TAGS = HEADING_TAGS | {"p", "li", "blockquote", "pre", "figcaption"}
_DECORATION = " -–—|•·*_=~"
_DISCLAIMER_WORDS = (
    "commission", "compensation", "consent", "agree", "cookie", "copyright", "reserved",
    "reproduced", "reading", "subscri", "disclaimer", "affiliate",
)
MIN_REPEAT_CHARS = 40
# Lines this short before the first paragraph are labels ("Shopping", "CELEBS").
MAX_LABEL_WORDS = 3
SENTENCE_ENDS = (".", "!", "?", "”", '"', "»", "“", ")", "…")
# A closing line about the author ("Jane Doe is a science journalist based in Boston").
AUTHOR_BIO_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,4}(?:is|was|has been|writes|covers|reports)\b.{0,120}\b(?:"
    r"journalist|writer|reporter|editor|correspondent|columnist|analyst|author|contributor|"
    r"producer|critic|freelancer|blogger|photographer|editor-in-chief|expert)s?\b",
)
# Closing lines that speak to the reader about the site, not the story ("Follow us on
# Instagram", "If you enjoyed this post...", "Subscribe to read the full story", "© 2020").
TRAILING_PROMO_RE = re.compile(
    r"\b(?:follow|keep up with|find|connect with) (?:us|me|@?\w+(?: \w+){0,3}) on (?:twitter|x|"
    r"facebook|instagram|linkedin|tiktok|threads|bluesky|mastodon|youtube)\b|"
    r"\bif you (?:enjoyed|liked|like|enjoy) (?:reading )?(?:this|our)\b|"
    r"\b(?:subscribe|sign up|register|log in)\b.{0,80}\b(?:to (?:read|view|continue|access)|"
    r"full (?:story|article))\b|^(?:copyright\b|©)|\ball rights reserved\b|"
    r"^(?:pour (?:lire la suite|accéder)|para (?:seguir leyendo|leer más))\b|"
    r"^(?:send us|write to us|contact us|tips\?)\b",
    re.IGNORECASE,
)
MAX_TRAILING_PROMO_CHARS = 300
# Trailing labels ("Tagged in:", "Author", a lone name) are at most this many words.
MAX_TRAILING_LABEL_WORDS = 3
# Picture credits ("Jared Siskin/Getty Images", "(AP Photo/Jane Doe)", "Photo: Reuters").
CREDIT_LINE_RE = re.compile(
    r"(?:getty(?: images)?|shutterstock|istock(?:photo)?|ap photo|associated press|reuters|"
    r"afp|epa|alamy|dpa|imago|picture alliance|image credit|photo credit|photograph|"
    r"courtesy(?: of)?|handout|unsplash|pexels|wikimedia commons)\b",
    re.IGNORECASE,
)
MAX_CREDIT_CHARS = 80
# Before the first real paragraph, short lines with a date or a "By" are the byline block.
_LEADING_META_RE = re.compile(
    r"^(?:by|von|par|por)\s|\b(?:19|20)\d\d\b|\b\d{1,2}:\d{2}\b|\bupdated\b|\bpublished\b",
    re.IGNORECASE,
)

MIN_PARAGRAPH_CHARS = 60
# A story container with less paragraph text is read again with links scored leniently.
MIN_BODY_CHARS = 1000
LENIENT_GAIN = 3.0
# Below this much paragraph text, a container named as the story is read instead.
MIN_STORY_GOOD = 200
# JSON-LD articleBody: used as a reference when at least this long ...
MIN_REFERENCE_CHARS = 300
# ... trusted over the tree when the tree's text covers less than this share of it ...
MIN_REFERENCE_COVERAGE = 0.4
# ... and used to filter lines when it is at least this share of the text found.
REFERENCE_LENGTH_SHARE = 0.6
# ... but long paragraphs stay even when it lacks them (some CMSs leave out the paragraphs
# that hold links or embeds); furniture lines are short.
MIN_UNREFERENCED_PARAGRAPH = 250
_WORD_RE = re.compile(r"\w+")
# Soft hyphens and zero-width spaces: invisible, but they split the words they sit in
# (joiners stay: Persian and emoji sequences need them).
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# Story-body containers named as such win when they hold this share of the best's text.
MIN_HINTED_SHARE = 0.3
# A following sibling of the story container joins it when it scores this share of it.
SIBLING_SHARE = 0.2
LINK_HEAVY = 0.5
# A boilerplate-looking container is kept if it holds at least this share of the best score.
PROTECTED_SHARE = 0.8


@dataclass
class _Stats:
    """Per-element numbers from the bottom-up pass."""

    score: float = 0.0
    good: float = 0.0
    text: int = 0
    links: int = 0
    inline: int = 0
    inline_links: int = 0


def extract_body(page: Page, rules: SiteRules | None = None, *, title: str | None = None) -> str:
    """The article text of ``page`` (mutates ``page.root``; call it last)."""
    root = page.root
    if rules is not None:
        _drop_all(el for sel in rules.selectors("drop") for el in sel.elements(root))
        for selector in rules.selectors("body"):
            containers = [el for el in selector.elements(root) if el.getparent() is not None]
            if containers:
                _remove_junk(root)
                lines = [line for el in containers for line in _lines_of(el)]
                text = _finish(lines, title)
                if text:
                    return text
    _remove_junk(root)
    body = root.find("body")
    if body is None:
        body = root
    stats = _score_tree(body)
    _remove_boilerplate(body, stats)
    strict_good = stats[_best_container(body, stats)].good
    if strict_good < MIN_BODY_CHARS:
        # Shopping lists and link-rich posts: read again without penalising links, and take
        # that reading when it finds far more text.
        lenient = _score_tree(body, lenient=True)
        if lenient[_best_container(body, lenient)].good >= LENIENT_GAIN * max(strict_good, 1):
            stats = lenient
    text = _text_of_best(body, stats, page, title)
    if len(text) < MIN_STORY_GOOD:
        # No paragraphs at all (results lists, tables in <pre>): take the element that is
        # named as the story, or the <article>, when it holds text.
        named = _named_story_element(body, stats)
        if named is not None:
            text = _finish(_lines_of(named), title) or text
    return text


def _named_story_element(
    body: lxml.html.HtmlElement, stats: dict
) -> lxml.html.HtmlElement | None:
    candidates = [
        el for el in stats if el is not body and _has_content_hint(el) and _inside(el, {body})
    ]
    candidates += [el for el in body.iter("article", "main") if el in stats]
    candidates = [el for el in candidates if stats[el].text >= MIN_STORY_GOOD]
    if not candidates:
        return None
    return max(candidates, key=lambda el: stats[el].text - stats[el].links)


def _text_of_best(body: lxml.html.HtmlElement, stats: dict, page: Page, title: str | None) -> str:
    best = _best_container(body, stats)
    containers = _with_split_parts(body, _story_containers(best, stats), stats)
    lines = [line for c in containers for line in _lines_of(c)]
    reference = _structured_body(page)
    if reference:
        lines = _check_against_reference(lines, reference)
    # After the reference check: an ``articleBody`` rarely repeats the standfirst.
    standfirst = _standfirst_before(body, containers[0], stats, page)
    if standfirst is not None and not any(_same_text(ln.text, standfirst) for ln in lines):
        lines.insert(0, _Line(standfirst, 0, "p"))
    return _finish(lines, title)


def _standfirst_before(
    body: lxml.html.HtmlElement, container: lxml.html.HtmlElement, stats: dict, page: Page
) -> str | None:
    """The story's standfirst when it is printed after the headline, above or at the top of
    the story container.

    A block whose whole text is the page's meta description, printed between the ``<h1>``
    and the story's paragraphs, is the lead sentence the editors wrote for the story (a
    description that appears nowhere on the page is only metadata and is not used). Line
    filters that use ``articleBody`` would drop it, so it is found in the tree.
    """
    description = page.meta_value("og:description", "description", "twitter:description")
    if not description or len(description) < MIN_PARAGRAPH_CHARS:
        return None
    wanted = " ".join(description.split())
    low, high = 0.8 * len(wanted), 1.2 * len(wanted) + 20
    seen_h1 = body.find(".//h1") is None
    for element in _until_end_of(body, container):
        if element.tag == "h1":
            seen_h1 = True
            continue
        if not seen_h1 or element.tag not in _STANDFIRST_TAGS:
            continue
        element_stats = stats.get(element)
        if element_stats is None or not low <= element_stats.text <= high:
            continue
        text = " ".join(element.text_content().split())
        if _same_text(text, wanted):
            return text
    return None


def _until_end_of(
    body: lxml.html.HtmlElement, container: lxml.html.HtmlElement
) -> Iterator[lxml.html.HtmlElement]:
    """The elements of ``body`` in document order up to the end of ``container``."""
    for element in body.iter():
        if element is container:
            break
        yield element
    yield from container.iter()


def _structured_body(page: Page) -> str | None:
    """The longest JSON-LD ``articleBody`` (or microdata ``articleBody`` meta), if any."""
    texts = [
        node["articleBody"]
        for node in page.article_nodes()
        if isinstance(node.get("articleBody"), str)
    ]
    texts += [
        el.get("content") or "" for el in page.itemprops.get("articlebody", ()) if el.tag == "meta"
    ]
    best = max(texts, key=len, default="")
    return best if len(best) >= MIN_REFERENCE_CHARS else None


def _check_against_reference(lines: list[_Line], reference: str) -> list[_Line]:
    """Use the page's own ``articleBody`` as a reference for the lines found in the tree.

    When the reference is about as long as the text found, lines it does not contain
    (captions, furniture) are dropped; when the tree yielded little of it, the tree was
    misread and the reference itself is the body.
    """
    ref_words = _WORD_RE.findall(reference.casefold())
    ref_grams = set(_grams(ref_words))
    if not ref_grams:
        return lines
    found_words = sum(len(_WORD_RE.findall(line.text)) for line in lines)
    covered = set()
    for line in lines:
        covered.update(_grams(_WORD_RE.findall(line.text.casefold())))
    coverage = len(covered & ref_grams) / len(ref_grams)
    if coverage < MIN_REFERENCE_COVERAGE:
        return [_Line(text, 0, "p") for text in _reference_lines(reference)]
    if len(ref_words) < REFERENCE_LENGTH_SHARE * found_words:
        return lines  # a teaser or summary, not the whole story
    return [
        line
        for line in lines
        if len(line.text) >= MIN_UNREFERENCED_PARAGRAPH or _share_in(line.text, ref_grams) >= 0.5
    ]


def _grams(words: list[str]) -> list[tuple[str, ...]]:
    if len(words) < 3:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + 3]) for i in range(len(words) - 2)]


def _share_in(text: str, ref_grams: set[tuple[str, ...]]) -> float:
    grams = _grams(_WORD_RE.findall(text.casefold()))
    if not grams:
        return 0.0
    return sum(1 for gram in grams if gram in ref_grams) / len(grams)


def _reference_lines(reference: str) -> list[str]:
    reference = re.sub(r"<br\s*/?>|</p>|</h\d>|</li>", "\n", reference)
    reference = re.sub(r"<[^>]+>", " ", reference)
    lines = [" ".join(part.split()) for part in reference.split("\n")]
    return [line for line in lines if line]


def _drop_all(elements: Iterable[lxml.html.HtmlElement]) -> None:
    for element in list(elements):
        drop_element(element)


def drop_element(element: lxml.html.HtmlElement) -> None:
    """Remove ``element`` but keep its tail text (it belongs to the parent's flow)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


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


def remove_comment_like(root: lxml.html.HtmlElement) -> None:
    """Remove comment sections and reply forms recognised by their exact class name or id."""
    _drop_all(el for el in root.iter() if _is_comment_area(el))


def _is_comment_area(element: lxml.html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if (
        "comment" not in names
        and "respond" not in names
        and "disqus" not in names
        and ("reply" not in names and "coral" not in names)
    ):
        return False
    return any(name in COMMENT_AREA_NAMES for name in names.split())


def _remove_junk(root: lxml.html.HtmlElement) -> None:
    """Drop scripts, controls, navigation, hidden elements and comment sections, in one walk.

    Hidden wrappers and ``<noscript>`` blocks that hold a whole story (pages revealed by
    script, paywalls that hide the text with CSS) are kept: their children stay in place.
    """
    # One Python walk: libxml2's XPath with attribute predicates is several times slower.
    doomed = []
    comment_memo: dict[tuple[str | None, str | None], bool] = {}
    for element in root.iter():
        tag = element.tag
        junk = tag in _JUNK_TAG_SET or (
            isinstance(tag, str)
            and bool(element.attrib)
            and (_is_hidden(element) or _names_comment_area(element, comment_memo))
        )
        if junk:
            doomed.append(element)
    for element in doomed:
        if element.tag in ("html", "body") or element.getparent() is None:
            continue
        if element.tag in _REVEALABLE_TAGS and _holds_story(element):
            if element.tag == "noscript":
                element.drop_tag()
            else:
                element.attrib.pop("hidden", None)
            continue
        drop_element(element)


def _names_comment_area(
    element: lxml.html.HtmlElement, memo: dict[tuple[str | None, str | None], bool]
) -> bool:
    """True when the class or id is an exact comment-section name (memoised per page)."""
    key = (element.get("class"), element.get("id"))
    found = memo.get(key)
    if found is None:
        names = f"{key[0] or ''} {key[1] or ''}".lower()
        found = bool(_COMMENT_WORD_RE.search(names)) and any(
            name in COMMENT_AREA_NAMES for name in names.split()
        )
        memo[key] = found
    return found


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    attrib = element.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style) and bool(_HIDDEN_STYLE_RE.search(style))


def _holds_story(element: lxml.html.HtmlElement) -> bool:
    """Prose worth keeping: paragraphs of some length (menus and buttons have none)."""
    paragraphs = list(element.iter("p"))
    return bool(paragraphs) and sum(len(p.text_content()) for p in paragraphs) >= MIN_HIDDEN_PROSE


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
    if not _ANY_BOILERPLATE_WORD_RE.search(name):
        return 0  # most names hold none of the words: skip splitting them
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


def _is_boilerplate(
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
    if strength and _has_content_hint(element):
        strength = 0
    if memo is not None:
        memo[key] = strength
    return strength


def _score_tree(
    body: lxml.html.HtmlElement, *, lenient: bool = False
) -> dict[lxml.html.HtmlElement, _Stats]:
    """One bottom-up pass over the subtree: text, link text, inline text and score.

    ``lenient`` scores link text like plain text (for link-rich stories such as shopping
    lists, tried when the strict reading finds almost nothing)."""
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    stats = {el: _Stats() for el in elements}
    for element in reversed(elements):
        own = stats[element]
        tag = element.tag
        text = element.text
        text_len = len(text.strip()) if text else 0
        own.text += text_len
        own.inline += text_len
        if tag == "a":
            own.links = own.text
            own.inline_links = own.inline
        is_block = tag in BLOCK_TAGS
        if is_block or element is body:
            value = _block_value(tag, own.inline, 0 if lenient else own.inline_links)
            own.score += value
            if value > 0:
                own.good += value
        up = stats.get(element.getparent())
        if up is None:
            continue
        tail = element.tail
        tail_len = len(tail.strip()) if tail else 0
        up.text += own.text + tail_len
        up.links += own.links
        up.score += own.score
        up.good += own.good
        up.inline += tail_len
        if not is_block:
            up.inline += own.inline
            up.inline_links += own.inline_links
    return stats


def _block_value(tag: str, inline: int, links: int) -> float:
    """What one text block says about its container: + for paragraphs, - for link lists."""
    if inline == 0:
        return 0.0
    plain = inline - links
    if links > inline * LINK_HEAVY:
        return -float(inline)
    if tag in HEADING_TAGS:
        return 0.0
    if plain >= MIN_PARAGRAPH_CHARS:
        return float(plain - links)
    return -0.3 * plain - links


def _remove_boilerplate(body: lxml.html.HtmlElement, stats: dict) -> None:
    """Remove boilerplate containers, sparing the current best container, its ancestors and
    any container holding a large share of the best container's paragraph text."""
    best = _best_container(body, stats)
    protected = {best, *best.iterancestors()}
    best_good = stats[best].good if best in stats else 0.0
    page_good = stats[body].good if body in stats else 0.0
    doomed = []
    memo: dict = {}
    words_memo: dict[str, int] = {}
    for element in stats:
        if element in protected or not (
            element.get("class") or element.get("id") or element.tag in ("aside", "footer")
        ):
            continue
        strength = _is_boilerplate(element, memo, words_memo)
        if strength:
            good = stats[element].good
            if strength == 2:
                keep = best_good > 0 and good >= PROTECTED_SHARE * best_good
            else:
                keep = page_good > 0 and good >= WEAK_PROTECTED_SHARE * page_good
            if not keep:
                doomed.append(element)
    for element in doomed:
        removed = stats[element].score
        ancestor = element.getparent()
        while ancestor is not None and ancestor in stats:
            stats[ancestor].score -= removed
            ancestor = ancestor.getparent()
        drop_element(element)


def _best_container(body: lxml.html.HtmlElement, stats: dict) -> lxml.html.HtmlElement:
    """The element with the highest subtree score (the deepest one on ties), widened to a
    real container when that is a single paragraph, so short lines around it are kept."""
    best, best_score = body, float("-inf")
    # ``stats`` lists the subtree in document order: walking it backwards, the deepest
    # element wins a tie. Elements removed since scoring are skipped.
    for element, element_stats in reversed(stats.items()):
        if element_stats.score > best_score and (element is body or _inside(element, {body})):
            best, best_score = element, element_stats.score
    while best.tag not in CONTAINER_TAGS and best is not body:
        parent = best.getparent()
        if parent is None:
            break
        best = parent
    return best


def _story_containers(best: lxml.html.HtmlElement, stats: dict) -> list[lxml.html.HtmlElement]:
    """Narrow the best container to the elements named as the story body, when they hold a
    fair share of its paragraph text (teasers around a story can outscore its own wrapper)."""
    best_good = stats[best].good if best in stats else 0.0
    if best_good <= 0:
        return [best]
    hinted: list[lxml.html.HtmlElement] = []
    for element in best.iter():
        if element is best or element not in stats:
            continue
        if not _has_content_hint(element) or stats[element].good < 0.1 * best_good:
            continue
        if any(h in hinted for h in element.iterancestors()):
            continue
        hinted.append(element)
    total = sum(stats[h].good for h in hinted)
    if hinted and total >= MIN_HINTED_SHARE * best_good:
        return _of_first_story(hinted)
    return [best]


def _article_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The nearest ``<article>`` holding ``element`` (itself included), if any."""
    if element.tag == "article":
        return element
    return next(element.iterancestors("article"), None)


def _of_first_story(elements: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The elements that belong to the same ``<article>`` as the first one.

    Pages that load the next stories below the current one (infinite scroll) give each its
    own ``<article>`` with the same body markup; the page's own story comes first.
    """
    story = _article_of(elements[0])
    if story is None:
        return elements
    return [el for el in elements if _same_story(story, el)]


def _same_story(story: lxml.html.HtmlElement | None, element: lxml.html.HtmlElement) -> bool:
    """False when ``element`` sits in (or is) another ``<article>`` than ``story``."""
    if story is None:
        return True
    other = _article_of(element)
    return other is None or other is story or _inside(story, {other})


def _with_split_parts(
    body: lxml.html.HtmlElement, containers: list[lxml.html.HtmlElement], stats: dict
) -> list[lxml.html.HtmlElement]:
    """Add the other parts of a story split by ads or widgets: elements with the same tag and
    class as a chosen container, and siblings that score well, in document order."""
    chosen = set(containers)
    signatures = {(c.tag, c.get("class")) for c in containers if c.get("class")}
    top_score = max((stats[c].score for c in containers if c in stats), default=0.0)
    extra: list[lxml.html.HtmlElement] = []
    if signatures and top_score > 0:
        for element in body.iter(*{tag for tag, _ in signatures}):
            if element in chosen or (element.tag, element.get("class")) not in signatures:
                continue
            if element in stats and stats[element].score > 0 and not _inside(element, chosen):
                extra.append(element)
    if len(containers) == 1 and top_score > 0:
        best = containers[0]
        for sibling in best.itersiblings():
            if not isinstance(sibling.tag, str) or sibling not in stats:
                continue
            sibling_stats = stats[sibling]
            if sibling_stats.score >= SIBLING_SHARE * top_score and sibling_stats.good > 0:
                extra.append(sibling)
    story = _article_of(containers[0])
    extra = [e for e in extra if _same_story(story, e)]
    if not extra:
        return containers
    merged = [e for e in extra if not any(_inside(e, {c}) or _inside(c, {e}) for c in chosen)]
    everything = set(containers) | set(merged)
    return [el for el in body.iter() if el in everything]


def _inside(element: lxml.html.HtmlElement, containers: set) -> bool:
    return any(ancestor in containers for ancestor in element.iterancestors())


def _has_content_hint(element: lxml.html.HtmlElement) -> bool:
    if element.get("itemprop") == "articleBody":
        return True
    hint = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(hint.strip()) and bool(CONTENT_HINT_RE.search(hint))


# --- writing the container out as lines ---------------------------------------------------


@dataclass
class _Line:
    text: str
    links: int
    tag: str
    caption: bool = False


class _LineWriter:
    """Accumulates inline text and cuts it into lines at block boundaries and ``<br>``."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.block_tags: list[str] = ["div"]

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link_chars += len(text.strip())

    def cut(self) -> None:
        text = "".join(self.parts)
        if _INVISIBLE_RE.search(text):
            text = _INVISIBLE_RE.sub("", text)
        text = " ".join(text.split())
        if text:
            caption = any(tag in CAPTION_TAGS for tag in self.block_tags)
            self.lines.append(
                _Line(text, min(self.link_chars, len(text)), self.block_tags[-1], caption)
            )
        self.parts = []
        self.link_chars = 0


def _lines_of(container: lxml.html.HtmlElement) -> list[_Line]:
    writer = _LineWriter()
    link_depth = 0
    for event, element in etree.iterwalk(container, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                writer.cut()
                writer.block_tags.append(tag)
            elif tag == "br":
                writer.cut()
            elif tag == "a":
                link_depth += 1
            writer.add(element.text, link_depth > 0)
        else:
            if tag in BLOCK_TAGS:
                writer.cut()
                writer.block_tags.pop()
            elif tag == "a":
                link_depth -= 1
            if element is not container:
                writer.add(element.tail, link_depth > 0)
    writer.cut()
    return writer.lines


def _finish(lines: list[_Line], title: str | None) -> str:
    kept = _drop_related_sections(_drop_repeats([ln for ln in lines if _keep_line(ln, title)]))
    # Before the first paragraph: the lead picture's caption and the byline/date block.
    first = next(
        (i for i, ln in enumerate(kept) if len(ln.text) >= MIN_PARAGRAPH_CHARS and not ln.caption),
        0,
    )
    while first and _is_leading_furniture(kept[0]):
        kept.pop(0)
        first -= 1
    # Headings with nothing after them ("Related stories" over a removed list) go too.
    while kept and (kept[-1].tag in HEADING_TAGS or _is_trailing_furniture(kept[-1])):
        kept.pop()
    return "\n".join(line.text for line in kept)


def _drop_repeats(lines: list[_Line]) -> list[_Line]:
    """A paragraph printed twice (summary box and body, mobile and desktop copy) once."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = line.text.casefold()
        if len(key) >= MIN_REPEAT_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _drop_related_sections(lines: list[_Line]) -> list[_Line]:
    """Drop "Related stories"-like headings and the short lines (teasers) under them."""
    kept: list[_Line] = []
    skipping = False
    for line in lines:
        if _is_related_heading(line):
            skipping = True
            continue
        if skipping and _is_teaser(line):
            continue
        skipping = False
        kept.append(line)
    return kept


def _is_related_heading(line: _Line) -> bool:
    if len(line.text) >= 80:
        return False
    if RELATED_HEADING_RE.match(line.text):
        return True
    return line.tag in HEADING_TAGS and bool(RELATED_HEADING_WORDS_RE.search(line.text))


def _is_trailing_furniture(line: _Line) -> bool:
    """After the last paragraph: labels ("Tagged in:", "Author"), names, an author's bio,
    calls to follow or subscribe, copyright notes."""
    text = line.text
    if len(text.split()) <= MAX_TRAILING_LABEL_WORDS and not text.endswith(SENTENCE_ENDS):
        return True
    if len(text) < MAX_TRAILING_PROMO_CHARS and TRAILING_PROMO_RE.search(text):
        return True
    return len(text) < 400 and bool(AUTHOR_BIO_RE.match(text))


def _is_teaser(line: _Line) -> bool:
    """A short non-heading line, or a linked one: what lists under "Related" are made of."""
    short = len(line.text) < MAX_UNDER_RELATED_CHARS and line.tag not in HEADING_TAGS
    return short or line.links > len(line.text) * 0.3


def _is_leading_furniture(line: _Line) -> bool:
    """Before the first paragraph: captions, the byline/date block, rubric labels."""
    if line.caption:
        return True
    if len(line.text) < MIN_PARAGRAPH_CHARS and _LEADING_META_RE.search(line.text):
        return True
    return len(line.text.split()) <= MAX_LABEL_WORDS and line.tag not in HEADING_TAGS


def _keep_line(line: _Line, title: str | None) -> bool:
    text = line.text
    if line.links > len(text) * LINK_HEAVY and len(text) < 400:
        return False
    if len(text) < 120 and BOILERPLATE_LINE_RE.match(text.strip(_DECORATION)):
        return False
    if line.tag not in _LABEL_KEEPING_TAGS and _is_stray_label(text):
        return False
    if len(text) <= MAX_CREDIT_CHARS and CREDIT_LINE_RE.search(text) and _looks_like_credit(text):
        return False
    if title and _same_text(text, title):
        return False
    if len(text) <= MAX_DISCLAIMER_CHARS and _may_be_disclaimer(text) and DISCLAIMER_RE.search(
        text
    ):
        return False
    return any(ch.isalnum() for ch in text)


def _is_stray_label(text: str) -> bool:
    """One or two words without sentence punctuation outside headings and lists: a box's
    label ("Pros", "Newsletter"), a table cell, a photo credit ("Jane Doe/Agency")."""
    words = text.split()
    if len(words) <= MAX_STRAY_LABEL_WORDS:
        return not text.endswith(SENTENCE_ENDS)
    return len(words) <= MAX_CREDIT_WORDS and bool(_SLASH_CREDIT_RE.match(text))


def _may_be_disclaimer(text: str) -> bool:
    """Cheap test before the disclaimer pattern: one of its key words is there."""
    lowered = text.lower()
    return any(word in lowered for word in _DISCLAIMER_WORDS)


def _looks_like_credit(text: str) -> bool:
    """A short line naming a picture agency, not a sentence that mentions one."""
    stripped = text.strip("()[] .")
    return len(stripped.split()) <= 8 and not stripped.endswith(("?", "!"))


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
