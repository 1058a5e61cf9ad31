"""Reader comments: find a page's comment areas and extract structured, threaded comments.

Three public functions work on one parsed, untouched ``lxml.html`` tree:

- :func:`extract_comments` returns :class:`~newscrawl.items.Comment` objects in document
  order. A site profile's CSS ``item_selector`` is tried first; otherwise comments are found
  generically from the markup vocabulary that comment systems share: class and id words
  (``comment``, ``comment-list``, ``children``, ``comment-author``, ``comment-content`` … also
  in German, French, Spanish, Italian, Dutch and Polish), ids like ``comment-123``, and
  schema.org ``Comment`` microdata / RDFa.
- :func:`find_comment_areas` returns the elements that hold comment sections and comment forms
  (``#comments``, ``ol.comment-list``, ``#respond``, a "Leave a Comment" heading …) so that the
  body extractor can drop them. None holds the article's headline, ``articleBody`` or the
  hAtom post, none is mostly foreign text, and none is nested in another.
- :func:`comments_and_areas` gives both from one analysis (cheaper than calling the two).

How generic detection works:

1. One query collects the elements whose attributes mention a comment word. Each gets a
   *role* from the words around that word: ``comments``/``comment-list`` are areas,
   ``comment``/``comment-item`` are items, ``comment-replies``/``children`` hold replies,
   ``comment-form``/``respond`` are forms; ``comment-content`` (a part of one comment),
   ``add-comment`` or ``recent-comments`` (controls and widgets) are none of these.
2. Items nested in items are either the same comment (WordPress ``li#comment-1`` around
   ``article#div-comment-1``) or replies (inside a replies list, or carrying another id).
   Replies that sit beside their parent are threaded by a replies list right after it or by
   ``depth-N`` classes.
3. Only items inside a comment area, items with a ``comment-123`` id and schema.org comments
   count, so a teaser with ``class="comment"`` (an opinion piece) or a "Latest comments"
   widget listing other pages' comments is not this page's discussion.
4. Home-made systems that name nothing "comment" are found as dated entries (a ``<time>`` in
   each ``li``/look-alike sibling) after a "Comments"/"Leserkommentare" heading.
5. Each comment's fields come from one walk over its own subtree, replies pruned: the text
   from its content part (or its own paragraphs), the author from ``fn``/``author``/``cite``/
   profile links, the time from ``time[datetime]``, microdata or its meta line.

Choices worth knowing:

- WordPress pingbacks and trackbacks (``li.pingback``/``li.trackback``) are automated link
  notices, not reader comments, and are skipped. Entries whose text is empty or only says
  there are no comments yet are skipped too.
- ``posted_at`` is always timezone-aware: the page's stated offset when there is one, else UTC
  is assumed (``parse_datetime(..., default_tz=timezone.utc)``). Relative dates ("3 weeks
  ago") are not resolved, because extraction is pure and has no fetch time.
- ``parent_id`` is the ``external_id`` of the comment replied to, so it is ``None`` when the
  parent has no id of its own in the markup even if the threading is visible.
- Product reviews and live-blog entries are not comments and are not looked for.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

import lxml.html
from cssselect import HTMLTranslator
from cssselect.parser import SelectorError
from lxml import etree

from newscrawl.extract.dates import parse_datetime
from newscrawl.items import Comment

log = logging.getLogger(__name__)

__all__ = ["comments_and_areas", "extract_comments", "find_comment_areas"]

# --------------------------------------------------------------------------------------------
# Vocabulary. Words are compared lower-case after class names are split on "-", "_" and
# camelCase humps, and after glued forms ("commentlist", "commentmetadata") are cut after a
# comment root.

# Singular roots name one comment, plural roots a collection of them.
_SINGULAR_ROOTS = frozenset(
    {"comment", "kommentar", "commentaire", "comentario", "commento", "reactie", "komentarz",
     "leserbrief", "komentar"}
)
_PLURAL_ROOTS = frozenset(
    {"comments", "kommentare", "commentaires", "comentarios", "commenti", "reacties",
     "komentarze", "leserbriefe", "komentari", "leserkommentare", "discussion", "disqus",
     "diskussion"}
)
# Glued compounds are cut after a root, longest first ("commentlist" -> comment + list).
_GLUED_RE = re.compile(
    "^("
    + "|".join(sorted(_SINGULAR_ROOTS | _PLURAL_ROOTS, key=len, reverse=True))
    + ")([a-z]+)$"
)

# A word before the root that turns the class into a control or a widget, not content.
_ACTION_WORDS = frozenset(
    {"add", "leave", "post", "write", "new", "submit", "show", "hide", "toggle", "load", "more",
     "open", "has", "no", "count", "num", "total", "cancel", "edit", "delete", "report", "flag",
     "like", "share", "view", "all", "latest", "recent", "top", "most", "popular", "read", "go",
     "goto", "to", "link", "links", "icon", "fa", "ico", "btn", "button", "trigger", "jump",
     "scroll", "reply", "allow", "enable", "disable", "disabled", "closed", "close", "with",
     "without", "get", "see", "social", "widget", "sidebar", "footer", "header", "nav",
     "meta", "mobile", "desktop", "sticky", "floating", "rss", "feed"}
)
_AREA_SUFFIXES = frozenset(
    {"list", "lists", "area", "section", "sect", "holder", "module", "modul", "thread",
     "threads", "widget", "region", "zone", "stream", "tree", "root", "app", "panel", "entries",
     "items", "wrapper", "wrap", "container", "con", "box", "inner", "outer", "block", "main",
     "page", "all", "hub", "bereich", "liste", "board"}
)
_SINGULAR_AREA_SUFFIXES = frozenset(
    {"list", "lists", "area", "section", "sect", "holder", "module", "modul", "thread",
     "threads", "widget", "region", "zone", "stream", "tree", "root", "app", "panel", "entries",
     "items", "bereich", "liste", "board", "hub"}
)
_ITEM_SUFFIXES = frozenset(
    {"item", "entry", "single", "box", "node", "default", "li", "row", "element", "card",
     "unit", "object", "article", "record", "eintrag"}
)
_PLURAL_CONTENT_WORDS = frozenset({"content", "body", "inner", "main", "wrap", "wrapper"})
_CHILDREN_WORDS = frozenset(
    {"children", "replies", "answers", "antworten", "subcomments", "responses", "child",
     "sub", "nested", "reponses", "respuestas", "risposte"}
)
_FORM_BEFORE_WORDS = frozenset({"form", "respond", "write", "leave", "add", "new", "submit"})
_FORM_AFTER_WORDS = frozenset(
    {"form", "respond", "write", "input", "editor", "compose", "composer", "field", "fields",
     "textarea", "submit"}
)

# Roles of the parts inside one comment, by word.
_BODY, _AUTHOR, _DATE, _NOISE, _LABEL = "body", "author", "date", "noise", "label"
_PART_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("content", "text", "body", "message", "msg", "txt", "inhalt", "copy", "excerpt",
         "texte", "texto", "testo", "tekst", "bodytext", "richtext"), _BODY),
    **dict.fromkeys(
        ("author", "autor", "auteur", "autore", "user", "username", "name", "nick", "nickname",
         "poster", "commenter", "benutzer", "nutzer", "fn", "vcard", "byline", "usuario",
         "utente", "member", "displayname", "writer"), _AUTHOR),
    **dict.fromkeys(
        ("date", "time", "datetime", "timestamp", "meta", "metas", "metadata", "info", "datum",
         "zeit", "posted", "published", "ago", "dateline", "fecha", "data", "details", "age"),
        _DATE),
    **dict.fromkeys(
        ("reply", "actions", "action", "link", "links", "vote", "votes", "voting",
         "like", "likes", "rating", "share", "sharing", "edit", "report", "flag", "permalink",
         "header", "footer", "tools", "toolbar", "options", "menu", "button", "btn", "icon",
         "nav", "navigation", "pagination", "paging", "pager", "count", "counter", "number",
         "title", "heading", "notes", "awaiting", "moderation", "status", "says",
         "controls", "control", "translate", "login", "subscribe", "signature",
         "img", "image", "thumb", "thumbnail", "admin", "moderate", "karma", "score", "points",
         "antworten", "melden"), _NOISE),
    # A badge or label beside the name ("Author", "Guest"), and the avatar: never the name.
    **dict.fromkeys(
        ("label", "badge", "badges", "avatar", "gravatar", "photo", "rank"), _LABEL),
}
# Among the parts, the most specific role wins when one element has several tokens.
_PART_PRIORITY = (_LABEL, _AUTHOR, _DATE, _NOISE, _BODY)
# Drupal's "field--label-hidden"/"field-label-above" say how a field label is shown: no role.
_LABEL_DISPLAY_WORDS = frozenset({"hidden", "above", "inline", "visually", "before"})
# "comment-body" in WordPress holds the meta too, so a ...-content/...-text part is preferred.
_WEAK_BODY_WORDS = frozenset({"body"})

# Tags that never carry a comment's text.
_JUNK_TAGS = frozenset(
    {"script", "style", "noscript", "template", "form", "button", "input", "select", "option",
     "textarea", "svg", "img", "picture", "video", "audio", "iframe", "object", "embed",
     "canvas", "map", "link", "meta", "head", "title", "label", "fieldset", "nav"}
)
# Tags that cannot be a comment area or a comment (too small or not content).
_INLINE_TAGS = frozenset(
    {"a", "span", "i", "b", "em", "strong", "small", "img", "button", "input", "label",
     "textarea", "select", "option", "svg", "script", "style", "link", "meta", "abbr", "time",
     "html", "body", "head", "main", "br", "hr", "sup", "sub", "font", "u", "s", "code"}
)
# Blocks that hold a comment's words when no element is marked as its text.
_CONTENT_BLOCK_TAGS = frozenset({"p", "blockquote", "pre", "ul", "ol"})
# Microdata / RDFa property names (local names) that hold the text or the time of a comment.
_BODY_PROPS = ("text", "commentText", "reviewBody", "encoded", "articleBody", "description")
_DATE_PROPS = ("dateCreated", "datePublished", "commentTime", "created", "date", "dateModified")
_RDF_ALIASES = {"foaf:name": "author", "sioc:has_creator": "author"}
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "h1", "h2", "h3", "h4", "h5",
     "h6", "pre", "table", "tr", "section", "article", "header", "footer", "figure",
     "figcaption", "address", "hr", "aside", "details", "summary", "center"}
)

_WORD_SPLIT_RE = re.compile(r"[-_\s.:]+|(?<=[a-z0-9])(?=[A-Z])")
# Ids of one comment across engines: comment-123, li-comment-123, div-comment-123,
# article-comment-123, comment_123, kommentar_123.
_STRICT_ID_RE = re.compile(
    r"^(?:li-|div-|article-)?(?:comment|kommentar|komentarz|commentaire|comentario)[-_]?(\d+)$",
    re.IGNORECASE,
)
# An id ending in a number: the digits are the site's id. wpDiscuz writes "wc-comm-ID_PARENT"
# ("wc-comm-58571_58568" -> 58571, "wc-comm-58561_0" -> 58561).
_TRAILING_ID_RE = re.compile(r"(?:^|[^\d])(\d{1,20})(?:_\d{1,20})?$")
# Movable Type / Typepad ids: "comment-6a00d8341c…" (hexadecimal).
_HEX_ID_RE = re.compile(r"^(?:[a-z]+-)?comment[-_]([0-9a-f]{8,40})$", re.IGNORECASE)
# Blogger comment ids: "c" plus a long number.
_BLOGGER_ID_RE = re.compile(r"^c(\d{6,})$")
_DEPTH_RE = re.compile(r"(?:^|[-_])(?:depth|level|lvl)[-_]?(\d{1,2})$", re.IGNORECASE)
_PROFILE_HREF_RE = re.compile(
    r"/(?:users?|profil|profile|profiles|members?|mitglied|benutzer|author|autor|u|people"
    r"|community/user|forum/member)[/.?=]|blogger\.com/profile|/!ku\d",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# The verb after a commenter's name ("Jane says:", "Hans sagt:"), and "by"/"von" before it.
_AUTHOR_NOISE_RE = re.compile(
    r"\s*(?:says|said|wrote|writes|sagt|schreibt|schrieb|meint|kommentierte|dit|a écrit"
    r"|écrit|dice|dijo|escribió|ha scritto|scrive|disse|schreef|zegt|napisał|napisała"
    r"|commented)\s*:?\s*$"
    r"|^\s*(?:by|von|par|por|di|door|od|posted by|kommentar von|comment by)\s+"
    r"|\s*[:|]\s*$",
    re.IGNORECASE,
)
# Lines that are controls, not words of the comment.
_CONTROL_LINE_RE = re.compile(
    r"^(?:reply|antworten|beantworten|répondre|repondre|responder|rispondi|odpowiedz|reageer"
    r"|reageren|svara|svar|report|melden|edit|bearbeiten|like|share|quote|zitieren|permalink"
    r"|löschen|delete|cancel reply|log in to reply|login to reply|flag|daumen hoch"
    r"|daumen runter|upvote|downvote|translate|original|show all|mehr anzeigen|read more"
    r"|weiterlesen|\d+\s+likes?|\d+)$",
    re.IGNORECASE,
)
_LEAVE_HEADING_RE = re.compile(
    r"^\s*(?:leave a (?:comment|reply)|post a comment|add (?:a |your )?comment|write a comment"
    r"|join the discussion|join the conversation|submit a comment|your comment|comment form"
    r"|kommentar (?:schreiben|verfassen|hinzufügen|abgeben)|schreibe einen kommentar"
    r"|hinterlasse einen kommentar|einen kommentar schreiben|dein(?:e)? (?:kommentar|meinung)"
    r"|ihr kommentar|ihre meinung|was (?:sagst du|meinen sie) dazu\??"
    r"|laisser un commentaire|laissez un commentaire|ajouter un commentaire|votre commentaire"
    r"|deja un comentario|deja una respuesta|dejar un comentario|escribe un comentario"
    r"|lascia un commento|scrivi un commento|laat een reactie achter"
    r"|plaats een reactie|reageer|dodaj komentarz|napisz komentarz)\s*[.!:…]*\s*$",
    re.IGNORECASE,
)
# "3 Comments", "Kommentare (12)", "2 thoughts on “Title”". A singular word or an ambiguous
# one ("Kommentar" heads opinion pieces, "Discussion" a paper's section) needs a number.
_COUNT_HEADING_RE = re.compile(
    r"^\s*(?:"
    r"(?:\d+\s+)?(?:comments|kommentare|leserkommentare|leserbriefe|commentaires|comentarios"
    r"|commenti|reacties|komentarze|reader comments|readers' comments)"
    r"|(?:\d+|one|ein|eine|un|une|uno|una|jeden)\s+(?:comment|kommentar|commentaire|comentario"
    r"|commento|reactie|komentarz|responses?|replies|reply|reactions?|réponses?|respuestas?"
    r"|risposte|antworten|discussion|diskussion)"
    r"|\d+\s+(?:thoughts? on|antworten auf|gedanken zu|réponses? à|respuestas? a)\b.*"
    r")\s*(?:\(\d+\))?\s*[.!:…]*\s*$",
    re.IGNORECASE,
)
_NAME_SEPARATOR_RE = re.compile(r"\s+[|·•/–—]\s+|,\s+(?=\w+,?\s+\d)")
# Entries that only say there is nothing to show.
_PLACEHOLDER_RE = re.compile(
    r"^(?:there are )?no comments(?: yet)?\b|^be the first to comment|^comments are closed"
    r"|^(?:noch )?keine kommentare|^kommentare sind geschlossen|^es gibt noch keine kommentare"
    r"|^aucun commentaire|^(?:no hay|sin) comentarios|^nessun commento|^nog geen reacties"
    r"|^brak komentarzy|^(?:schreib(?:e|en sie)?|verfasse) den ersten kommentar"
    r"|^(?:be|sei|seien sie|soyez|sé|sea) (?:the first|der erste|die erste|le premier|la premi"
    r"ère|el primero|la primera)|^write the first comment|^start the (?:conversation|discussion)",
    re.IGNORECASE,
)
# "Betina sagt:" / "Ramón dijo:" as the first line of a comment: the name, not the text.
_SAYS_LINE_RE = re.compile(
    r"^(?P<name>[^\n]{1,60}?)\s+(?:says|said|wrote|sagt|schreibt|schrieb|meint|dijo|escribió"
    r"|dice|a écrit|écrit|ha scritto|scrive|disse|schreef|zegt|napisał|napisała)\s*:?$",
    re.IGNORECASE,
)
# Ancestors whose class words mark a widget listing comments of other pages ("Recent
# comments", "jcomments-latest", a teaser column), not this page's discussion.
# ("widget" and "sidebar" alone are too common: Blogger wraps the whole post in div.widget.)
_WIDGET_WORDS = frozenset(
    {"latest", "recent", "newest", "neueste", "letzte", "popular", "most", "teaser", "teasers",
     "recentcomments"}
)
_PLACEHOLDER_SCAN_CHARS = 300
_MAX_HEADING_CHARS = 120
_MIN_RECORD_CHARS = 20
# How many bare <div> levels up a comment's id may sit (JComments: comment-item-7 > rbox > box).
_WRAPPER_ID_DEPTH = 3
# "Posted by: Jane |", "Kommentar von Jane am …": a name in a footer or meta line.
_POSTED_BY_RE = re.compile(
    r"(?:posted|written|submitted|comment(?:ed)?|kommentar|geschrieben|verfasst|publié|publicado"
    r"|scritto|geplaatst)\s+(?:by|von|par|por|da|door)\s*:?\s+"
    r"(?P<name>[^|·•,\n]{1,60}?)(?=\s*(?:[|·•,]|\s(?:on|at|am|um|le|el|il|op)\s|$))",
    re.IGNORECASE,
)
# Share of a container's text its comments must make up for it to count as the comment area.
_COVER_SHARE = 0.7
# Text in an area that is neither comments nor forms, above which it may be the article.
_MAX_FOREIGN_CHARS = 5000
_MAX_AUTHOR_CHARS = 80
_MAX_AUTHOR_WORDS = 8

# Candidates: elements whose class, id, microdata or RDFa attributes hold one of these stems
# (first letters dropped to match both cases), and forms. Attribute values come back as plain
# strings, so only matching elements get a Python proxy: faster than a long XPath predicate.
_ATTRIBUTES_XPATH = etree.XPath("//@class|//@id|//@itemtype|//@typeof|//@itemprop|//@action")
_CANDIDATE_STEM_RE = re.compile(
    r"omment|OMMENT|oment|OMENT|eserbrief|espond|isqus|iscussion|eactie|hildren|eplies"
)
_HEADINGS_XPATH = etree.XPath("//h1|//h2|//h3|//h4|//h5|//h6|//legend")
_BODY_MARKERS_XPATH = etree.XPath(
    "descendant-or-self::*[@itemprop='articleBody' or @itemprop='headline'][1]"
    "|descendant::h1[1]"
)
_ANY_FORM_XPATH = etree.XPath("descendant-or-self::form|descendant::textarea")
_VISIBLE_TEXT_XPATH = etree.XPath(
    "descendant::text()[not(parent::script or parent::style or parent::noscript)]"
)
_ARTICLE_CLASSES = frozenset({"hentry", "h-entry", "type-post", "type-page"})


# --------------------------------------------------------------------------------------------
# Public API


def find_comment_areas(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Return the elements that hold comment sections and comment forms, in document order.

    None of them holds the article's headline (``h1``) or ``articleBody``, and none is nested
    in another, so the caller can drop each one. Never raises on odd markup.
    """
    try:
        return _Analysis(root).areas()
    except _RECOVERABLE:
        log.warning("comment areas: analysis failed", exc_info=True)
        return []


def extract_comments(
    root: lxml.html.HtmlElement, base_url: str, *, item_selector: str | None = None
) -> list[Comment]:
    """Return the page's reader comments in document order, threaded through ``parent_id``.

    ``item_selector`` is a CSS selector from a site profile (``ol.comment-list > li.comment``)
    matching one element per comment; when it matches nothing, generic detection runs.
    ``base_url`` is the page's URL, used for log messages. The tree is not modified.
    Never raises on odd markup.
    """
    return comments_and_areas(root, base_url, item_selector=item_selector)[0]


def comments_and_areas(
    root: lxml.html.HtmlElement, base_url: str, *, item_selector: str | None = None
) -> tuple[list[Comment], list[lxml.html.HtmlElement]]:
    """:func:`extract_comments` and :func:`find_comment_areas` from one analysis of the tree.

    Cheaper than calling both (the page is scanned once). Call it on the untouched tree;
    the areas can then be dropped. Never raises on odd markup.
    """
    try:
        analysis = _Analysis(root)
        items = _select_items(root, item_selector, base_url) if item_selector else []
        comments = analysis.comments_from_selected(items) if items else analysis.comments()
    except _RECOVERABLE:
        log.warning("comments: extraction failed on %s", base_url, exc_info=True)
        return [], []
    try:
        return comments, analysis.areas()
    except _RECOVERABLE:
        log.warning("comment areas: analysis failed on %s", base_url, exc_info=True)
        return comments, []


def _select_items(
    root: lxml.html.HtmlElement, css: str, base_url: str
) -> list[lxml.html.HtmlElement]:
    """The elements a site profile's selector matches; a bad selector is logged and ignored."""
    try:
        expression = HTMLTranslator().css_to_xpath(css)
        found = root.xpath(expression)
    except (SelectorError, etree.XPathError) as exc:
        log.warning("comments: bad item selector %r for %s: %s", css, base_url, exc)
        return []
    return [el for el in found if isinstance(el, etree.ElementBase) and _is_element(el)]


# --------------------------------------------------------------------------------------------
# Roles of candidate elements

_ITEM, _AREA, _CHILDREN, _FORM = "item", "area", "children", "form"
# Failures odd markup could cause deep inside; logged and answered with "nothing found".
_RECOVERABLE = (
    ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError,
    etree.LxmlError,
)
_STRUCTURAL = (_ITEM, _AREA, _CHILDREN, _FORM)


def _words(token: str) -> list[str]:
    """Split one class/id token into lower-case words, cutting glued comment compounds."""
    words: list[str] = []
    for raw in _WORD_SPLIT_RE.split(token):
        if not raw:
            continue
        word = raw.lower()
        words.extend(_unglue(word))
    return words


def _unglue(word: str) -> list[str]:
    if word in _SINGULAR_ROOTS or word in _PLURAL_ROOTS:
        return [word]
    match = _GLUED_RE.match(word)
    if match:
        return [match.group(1), match.group(2)]
    return [word]


def _candidates(root: etree._Element) -> list[etree._Element]:
    """Elements that may play a comment role, in document order, each once."""
    found: dict[etree._Element, None] = {}
    for value in _ATTRIBUTES_XPATH(root):
        if value.attrname == "action" or _CANDIDATE_STEM_RE.search(value):
            found[value.getparent()] = None
    return list(found)


def _token_role(token: str) -> str | None:
    """The structural role one class or id token gives its element, if any."""
    words = _words(token)
    for index, word in enumerate(words):
        plural = word in _PLURAL_ROOTS
        if not plural and word not in _SINGULAR_ROOTS:
            continue
        before = words[:index]
        after = words[index + 1:]
        return _role_around_root(plural, before, after)
    if any(word in _CHILDREN_WORDS for word in words) and "comment" not in words:
        # "children", "sub-replies": lists of replies even without a comment word.
        return _CHILDREN if words[-1] in _CHILDREN_WORDS or words[0] in _CHILDREN_WORDS else None
    if words and words[0] == "respond":
        return _FORM
    return None


def _role_around_root(plural: bool, before: list[str], after: list[str]) -> str | None:
    previous = before[-1] if before else None
    if previous in _CHILDREN_WORDS:
        return _CHILDREN  # "child-comments", "sub-comments"
    if previous in _FORM_BEFORE_WORDS:
        return _FORM  # "comment-form" spelled "form-comment", "leave-comment", "add-comment"
    if previous == "post":
        # "post-comments" is the post's comment area; "post-comment" a form or a button.
        if not plural:
            return _FORM
    elif previous in _ACTION_WORDS:
        return None  # "recent-comments", "fa-comment", "has-comments", "comment-count"
    if not after:
        return _AREA if plural else _ITEM
    first, last = after[0], after[-1]
    if first in _CHILDREN_WORDS or last in _CHILDREN_WORDS:
        return _CHILDREN  # "comment-replies", "comment-children"
    if first in _FORM_AFTER_WORDS:
        return _FORM  # "comment-form", "comment-respond", "comments-form"
    if plural and first in _PLURAL_CONTENT_WORDS:
        return _AREA  # "comments-content", "comments-inner": the inside of the section
    if first in _PART_WORDS or first in _ACTION_WORDS:
        return None  # a part of a comment, or a control: "comment-content", "comments-link"
    if plural:
        return _AREA if last in _AREA_SUFFIXES or last in _ITEM_SUFFIXES else None
    if last in _SINGULAR_AREA_SUFFIXES:
        return _AREA
    if last in _ITEM_SUFFIXES:
        return _ITEM
    # "comment-wrapper" is a whole section in Drupal and one comment elsewhere: undecided.
    return None


def _memo_token_role(token: str, memo: dict[str, str | None]) -> str | None:
    """:func:`_token_role` with a per-analysis memo: pages repeat the same classes a lot."""
    if token not in memo:
        memo[token] = _token_role(token)
    return memo[token]


def _part_role(token: str) -> str | None:
    """The role a class token gives an element inside one comment: body, author, date, noise."""
    role = None
    words = _words(token)
    for index, word in enumerate(words):
        found = _PART_WORDS.get(word)
        if found == _LABEL and words[index + 1: index + 2] and (
            words[index + 1] in _LABEL_DISPLAY_WORDS
        ):
            return None
        if found is not None:
            role = found  # the last known word decides: "comment-author-jane" is an author
    return role


# What one class token says inside a comment: part role, a strong body?, an author word?
_TokenFacts = tuple[str | None, bool, bool]


def _token_facts(token: str) -> _TokenFacts:
    role = _part_role(token)
    words = _words(token)
    strong_body = role == _BODY and bool(words) and words[-1] not in _WEAK_BODY_WORDS
    authorish = any(_PART_WORDS.get(word) == _AUTHOR for word in words)
    return role, strong_body, authorish


def _names_a_list(el: etree._Element) -> bool:
    """True when the class says "list of comments" outright (comment-list, comments-area)."""
    return any(
        word in _SINGULAR_AREA_SUFFIXES
        for token in _class_tokens(el)
        for word in _words(token)
    )


def _class_tokens(el: etree._Element) -> list[str]:
    value = el.get("class")
    return value.split() if value else []


def _is_element(el: object) -> bool:
    return isinstance(el, etree._Element) and isinstance(el.tag, str)


def _is_microdata_comment(el: etree._Element) -> bool:
    itemtype = el.get("itemtype") or ""
    typeof = el.get("typeof") or ""
    for value in (itemtype, typeof):
        for kind in value.split():
            tail = kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1]
            if tail in {"Comment", "UserComments"}:
                return True
    return el.get("itemprop") == "comment" and el.get("itemscope") is not None


def _element_role(el: etree._Element, memo: dict[str, str | None]) -> str | None:
    """Structural role of a candidate: item, area, children (replies list), form or None."""
    tag = el.tag
    if not isinstance(tag, str) or tag in _INLINE_TAGS:
        return None
    if _is_microdata_comment(el):
        return _ITEM
    if tag == "form":
        action = (el.get("action") or "").lower()
        if any(stem in action for stem in ("comment", "omment", "reply", "respond")):
            return _FORM
        return _FORM if el.find(".//textarea") is not None else None
    roles = {_memo_token_role(token, memo) for token in _class_tokens(el)}
    for role in _STRUCTURAL:
        if role in roles:
            return role
    el_id = el.get("id") or ""
    if el_id:
        if _STRICT_ID_RE.match(el_id):
            return _ITEM
        if not any(_part_role(token) for token in _class_tokens(el)):
            role = _memo_token_role(el_id, memo)
            if role in (_AREA, _FORM, _CHILDREN):
                return role
    return None


# --------------------------------------------------------------------------------------------
# The analysis of one tree


@dataclass
class _Item:
    """One comment: its main element, elements merged into it (same comment), its parent."""

    element: etree._Element
    members: list[etree._Element] = field(default_factory=list)
    parent: _Item | None = None
    external_id: str | None = None

    def all_elements(self) -> list[etree._Element]:
        return [self.element, *self.members]


class _Analysis:
    """Roles of the candidate elements of one tree; items and areas derived from them."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.roles: dict[etree._Element, str] = {}
        self.anchor_ids: dict[etree._Element, str] = {}
        self._prunable: set[etree._Element] | None = None
        self._promoted = False
        self._token_roles: dict[str, str | None] = {}
        self._headings: list[etree._Element] | None = None
        self._items: list[_Item] | None = None
        self._part_facts: dict[str, _TokenFacts] = {}
        for el in _candidates(root):
            role = _element_role(el, self._token_roles)
            if role is not None:
                self.roles[el] = role
            elif el.tag == "a" and not len(el) and not (el.text or "").strip():
                # Drupal puts <a id="comment-123"></a> right before the comment it names.
                match = _STRICT_ID_RE.match(el.get("id") or "")
                if match:
                    self.anchor_ids[el] = match.group(1)
        self._demote_containers()
        self._promote_repeated_areas()
        self._promote_item_wrappers()

    # -- items -----------------------------------------------------------------------------

    def _comment_headings(self) -> list[etree._Element]:
        """Headings that name a comment section or form ("3 Comments", "Leave a Reply")."""
        if self._headings is None:
            self._headings = []
            for heading in _HEADINGS_XPATH(self.root):
                text = _normalise(heading.text_content())
                if text and len(text) <= _MAX_HEADING_CHARS and (
                    _COUNT_HEADING_RE.match(text) or _LEAVE_HEADING_RE.match(text)
                ):
                    self._headings.append(heading)
        return self._headings

    def _item_elements(self) -> list[etree._Element]:
        """Item elements in document order (promotions add roles out of order)."""
        items = [el for el, role in self.roles.items() if role == _ITEM]
        return _document_order(items) if self._promoted else items

    def _nearest(self, el: etree._Element, roles: tuple[str, ...]) -> etree._Element | None:
        parent = el.getparent()
        while parent is not None:
            if self.roles.get(parent) in roles:
                return parent
            parent = parent.getparent()
        return None

    def _promote_repeated_areas(self) -> None:
        """Siblings sharing an "area" class and holding no items are the items themselves.

        ``<div class="commentsCon">`` repeated once per comment names each comment with a
        plural word; as a set of look-alike siblings it is a list of comments.
        """
        groups: dict[tuple[int, str], list[etree._Element]] = {}
        for el, role in self.roles.items():
            parent = el.getparent()
            if role == _AREA and parent is not None and el.get("class"):
                groups.setdefault((id(parent), el.get("class") or ""), []).append(el)
        for members in groups.values():
            if len(members) < 2 or _names_a_list(members[0]):
                continue
            if any(self._holds_item(el) for el in members):
                continue
            for el in members:
                self.roles[el] = _ITEM
                self._promoted = True

    def _holds_item(self, el: etree._Element) -> bool:
        return any(
            self.roles.get(inner) == _ITEM for inner in el.iterdescendants() if inner.get("class")
            or inner.get("id")
        )

    def _promote_item_wrappers(self) -> None:
        """A bare list entry around one comment is that comment (it holds author and avatar).

        ``<ol class="comment-list"><li><div class="comment-author">…</div>
        <div id="comment-7">…</div></li>`` — the ``li`` is the whole comment.
        """
        items = [el for el, role in self.roles.items() if role == _ITEM]
        holders = self._items_per_wrapper(items)
        for el in items:
            wrapper = el.getparent()
            if wrapper is None or wrapper.tag not in ("li", "article", "dd"):
                continue
            if wrapper in self.roles or holders.get(wrapper) != 1:
                continue
            outer = wrapper.getparent()
            if outer is not None and (
                self.roles.get(outer) in (_AREA, _CHILDREN) or outer.tag in ("ol", "ul", "dl")
            ):
                self.roles[wrapper] = _ITEM
                self._promoted = True

    def _items_per_wrapper(self, items: list[etree._Element]) -> dict[etree._Element, int]:
        counts: dict[etree._Element, int] = {}
        for el in items:
            wrapper = el.getparent()
            if wrapper is not None:
                counts[wrapper] = counts.get(wrapper, 0) + 1
                # An item nested deeper also counts against its grandparent's wrappers.
                grand = wrapper.getparent()
                while grand is not None and grand.tag not in ("li", "article", "dd", "body"):
                    grand = grand.getparent()
                if grand is not None and grand.tag != "body":
                    counts[grand] = counts.get(grand, 0) + 1
        return counts

    def _demote_containers(self) -> None:
        """An "item" that holds several items and little text of its own is a list of them."""
        items = self._item_elements()
        direct: dict[etree._Element, list[etree._Element]] = {}
        for el in items:
            holder = self._nearest(el, (_ITEM,))
            if holder is not None:
                direct.setdefault(holder, []).append(el)
        for holder, inner in direct.items():
            if len(inner) < 2 or _own_id(holder) is not None:
                continue  # a comment with its own id that holds replies stays a comment
            own = _text_length(holder) - sum(_text_length(el) for el in inner)
            if own < 40:
                self.roles[holder] = _AREA

    def _is_reply_of(self, inner: etree._Element, outer: etree._Element) -> bool:
        """True when ``inner`` (an item inside item ``outer``) replies to it."""
        parent = inner.getparent()
        while parent is not None and parent is not outer:
            if self.roles.get(parent) in (_CHILDREN, _AREA) or parent.tag in ("ul", "ol"):
                return True
            parent = parent.getparent()
        inner_id, outer_id = _own_id(inner), _own_id(outer)
        return inner_id is not None and outer_id is not None and inner_id != outer_id

    def _build_items(self, elements: Iterable[etree._Element]) -> list[_Item]:
        """Group item elements into comments (merging same-comment nestings), then thread."""
        by_element: dict[etree._Element, _Item] = {}
        ordered: list[_Item] = []
        in_order = list(dict.fromkeys(elements))  # callers pass document order (XPath order)
        element_set = set(in_order)
        for el in in_order:
            holder = _nearest_in(el, element_set)
            if holder is not None and holder in by_element and not self._is_reply_of(el, holder):
                item = by_element[holder]
                item.members.append(el)
                by_element[el] = item
                continue
            item = _Item(el)
            self._merge_definition_pair(item, by_element, ordered)
            if item.element is not el:
                by_element[el] = item
                continue
            by_element[el] = item
            ordered.append(item)
            if holder is not None:
                item.parent = by_element.get(holder)
        for item in ordered:
            item.external_id = self._external_id(item)
        self._thread_flat_replies(ordered, by_element)
        return ordered

    def _merge_definition_pair(
        self, item: _Item, by_element: dict[etree._Element, _Item], ordered: list[_Item]
    ) -> None:
        """<dt class=comment> (author, date) followed by <dd class=comment> (text): one comment."""
        el = item.element
        if el.tag != "dd":
            return
        previous = el.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is not None and previous.tag == "dt" and previous in by_element:
            owner = by_element[previous]
            owner.members.append(el)
            item.element = owner.element

    def _thread_flat_replies(
        self, ordered: list[_Item], by_element: dict[etree._Element, _Item]
    ) -> None:
        """Thread replies that sit beside their parent rather than inside it."""
        last_at_depth: dict[int, _Item] = {}
        for item in ordered:
            depth = _depth_class(item.element)
            if item.parent is None:
                item.parent = self._parent_before_replies_list(item, by_element)
            if item.parent is None and depth is not None and depth > 1:
                item.parent = last_at_depth.get(depth - 1)
            if depth is not None:
                last_at_depth[depth] = item
                for deeper in [d for d in last_at_depth if d > depth]:
                    del last_at_depth[deeper]

    def _parent_before_replies_list(
        self, item: _Item, by_element: dict[etree._Element, _Item]
    ) -> _Item | None:
        """A replies list placed right after the comment it answers (kochbar-style markup)."""
        container = self._nearest(item.element, (_CHILDREN, _AREA))
        if container is None or self.roles.get(container) != _CHILDREN:
            return None
        previous = container.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is None:
            return None
        owner = by_element.get(previous)
        return owner if owner is not None and owner is not item else None

    def _external_id(self, item: _Item) -> str | None:
        for el in item.all_elements():
            found = _own_id(el)
            if found:
                return found
        for el in item.all_elements():
            found = self._anchor_before(el)
            if found:
                return found
        # A per-comment wrapper such as <div id="comment-wrapper-63671"><div class=comment>.
        wrapper = item.element.getparent()
        for _ in range(_WRAPPER_ID_DEPTH):
            if wrapper is None or wrapper.tag != "div" or self.roles.get(wrapper) is not None:
                break
            if sum(1 for el in wrapper.iter() if self.roles.get(el) == _ITEM) > len(
                item.all_elements()
            ):
                break  # the wrapper holds other comments too
            found = _own_id(wrapper)
            if found:
                return found
            wrapper = wrapper.getparent()
        for el in item.all_elements():
            for inner in _own_descendants(el, self._prune_for(item)):
                value = inner.get("id") or ""
                match = _STRICT_ID_RE.match(value) or _BLOGGER_ID_RE.match(value)
                if match:
                    return match.group(1)
                if inner.tag == "a" and value.isdigit():
                    return value  # <a id="167407"> anchors in self-made systems
        return None

    def _anchor_before(self, el: etree._Element) -> str | None:
        previous = el.getprevious()
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()
        if previous is None:
            return None
        return self.anchor_ids.get(previous)

    def _prune_for(self, item: _Item) -> set[etree._Element]:
        """Elements whose subtrees do not belong to ``item``: other items and reply lists."""
        if self._prunable is None:
            self._prunable = {
                el for el, role in self.roles.items() if role in (_ITEM, _CHILDREN, _FORM)
            }
        return self._prunable.difference(item.all_elements())

    # -- acceptance --------------------------------------------------------------------------

    def _accepted(self, items: list[_Item]) -> list[_Item]:
        accepted_elements: set[etree._Element] = set()
        result = []
        for item in items:
            if not self._is_credible(item, accepted_elements):
                continue
            result.append(item)
            accepted_elements.update(item.all_elements())
        return result

    def _is_credible(self, item: _Item, accepted: set[etree._Element]) -> bool:
        el = item.element
        tokens = {token.lower() for token in _class_tokens(el)}
        if tokens & {"pingback", "trackback"}:
            return False
        if _inside_tags(el, {"form", "textarea", "script", "template", "noscript", "head"}):
            return False
        if _BODY_MARKERS_XPATH(el):
            return False
        if item.parent is not None and item.parent.element in accepted:
            return True
        if any(_is_microdata_comment(member) for member in item.all_elements()):
            return True
        if any(_STRICT_ID_RE.match(member.get("id") or "") for member in item.all_elements()):
            return True
        if _BLOGGER_ID_RE.match(el.get("id") or "") and "comment" in tokens:
            return True
        return self._nearest(el, (_AREA, _CHILDREN)) is not None and not _inside_widget(el)

    # -- comments --------------------------------------------------------------------------

    def comments(self) -> list[Comment]:
        return self._to_comments(self._comment_items())

    def _comment_items(self) -> list[_Item]:
        """The page's comments as items, worked out once per analysis."""
        if self._items is None:
            self._items = self._find_items()
        return self._items

    def _find_items(self) -> list[_Item]:
        """Items found from the markup vocabulary, else records under a "Comments" heading."""
        items = self._accepted(self._build_items(self._item_elements()))
        if items:
            return items
        records = _document_order(self._records_under_headings())
        if not records:
            return []
        for el in records:
            self.roles[el] = _ITEM
        self._prunable = None
        return [
            item for item in self._build_items(records) if not _BODY_MARKERS_XPATH(item.element)
        ]

    def _records_under_headings(self) -> list[etree._Element]:
        """Dated, repeated entries after a "Comments"/"Leserkommentare" heading.

        Home-made comment systems name nothing "comment", but they head the section with
        the word and give each entry a ``<time>``; an entry is the ``li``/``article`` (or the
        element with look-alike siblings) around each time.
        """
        records: list[etree._Element] = []
        for heading in self._comment_headings():
            if not _COUNT_HEADING_RE.match(_normalise(heading.text_content())):
                continue  # "Leave a Reply" heads a form, not a list of comments
            section = heading.getparent()
            for _ in range(3):
                if section is None or section.tag in ("body", "html"):
                    break
                found = _dated_records(section, _tree_position(heading))
                if found:
                    if _is_safe_area(section):
                        records.extend(found)
                    break
                section = section.getparent()
        return records

    def comments_from_selected(self, elements: list[etree._Element]) -> list[Comment]:
        """Comments from a site profile's item elements.

        Generic items nested inside the selected ones stay (``ol.comment-list > li.comment``
        does not reach the replies in ``ul.children``); every other generic item is dropped.
        """
        self._prunable = None
        selected = set(elements)
        nested = [
            el for el, role in self.roles.items()
            if role == _ITEM and el not in selected and _nearest_in(el, selected) is not None
        ]
        for el, role in list(self.roles.items()):
            if role == _ITEM and el not in selected:
                del self.roles[el]
        for el in [*elements, *nested]:
            self.roles[el] = _ITEM
        self._items = self._build_items(_document_order([*elements, *nested]))
        return self._to_comments(self._items)

    def _to_comments(self, items: list[_Item]) -> list[Comment]:
        comments = []
        kept: set[int] = set()
        for item in items:
            fields = _ItemFields(item, self._prune_for(item), self._part_facts)
            author = fields.author()
            body = fields.body()
            author, body = _split_says_line(author, body)
            if not body or _is_placeholder(item, body):
                continue
            kept.add(id(item))
            parent = item.parent
            while parent is not None and id(parent) not in kept:
                parent = parent.parent  # a skipped (empty) parent: thread to its own parent
            comments.append(
                Comment(
                    body=body,
                    author=author,
                    posted_at=fields.posted_at(),
                    external_id=item.external_id,
                    parent_id=parent.external_id if parent is not None else None,
                )
            )
        return comments

    # -- areas -----------------------------------------------------------------------------

    def areas(self) -> list[etree._Element]:
        candidates: list[etree._Element] = [
            el for el, role in self.roles.items() if role in (_AREA, _FORM)
        ]
        candidates.extend(self._heading_areas())
        items = self._comment_items()
        candidates.extend(self._item_covers(items))
        item_elements = {el for item in items for el in item.all_elements()}
        safe = [
            el for el in set(candidates)
            if _is_safe_area(el) and not _mostly_foreign(el, item_elements)
        ]
        return _document_order(_outermost(_document_order(safe)))

    def _heading_areas(self) -> list[etree._Element]:
        """ "Leave a Comment" and "3 Comments" headings, with a comment form right after."""
        found: list[etree._Element] = []
        for heading in self._comment_headings():
            found.append(heading)
            follower = heading.getnext()
            while follower is not None and not isinstance(follower.tag, str):
                follower = follower.getnext()
            if follower is not None and _ANY_FORM_XPATH(follower):
                found.append(follower)
        return found

    def _item_covers(self, items: list[_Item]) -> list[etree._Element]:
        """Elements covering accepted comments: their list when it is only comments."""
        covers: list[etree._Element] = []
        by_container: dict[etree._Element, list[_Item]] = {}
        for item in items:
            if item.parent is not None:
                continue
            container = item.element.getparent()
            if container is None:
                covers.extend(item.all_elements())
            else:
                by_container.setdefault(container, []).append(item)
        for container, group in by_container.items():
            if container.tag in ("ol", "ul", "dl") or _mostly_made_of(container, group):
                covers.append(container)
            else:
                covers.extend(el for item in group for el in item.all_elements())
        return covers


# --------------------------------------------------------------------------------------------
# Fields of one comment


class _ItemFields:
    """Body, author and time of one comment, from one walk over its own elements."""

    def __init__(
        self, item: _Item, prune: set[etree._Element], memo: dict[str, _TokenFacts]
    ) -> None:
        self.item = item
        self.prune = prune
        self.memo = memo
        self.own = set(item.all_elements())
        self.bodies: list[etree._Element] = []
        self.weak_bodies: list[etree._Element] = []
        self.authors: list[etree._Element] = []
        self.dates: list[etree._Element] = []
        self.noise: list[etree._Element] = []
        self.blocks: list[etree._Element] = []
        self.props: dict[str, etree._Element] = {}
        self.times: list[etree._Element] = []
        self.cites: list[etree._Element] = []
        self.fns: list[etree._Element] = []
        self.profile_links: list[etree._Element] = []
        self.author_like: list[etree._Element] = []
        self.frames: list[etree._Element] = []
        self.named_by: etree._Element | None = None
        for member in item.all_elements():
            self._walk(member)

    def _walk(self, member: etree._Element) -> None:
        """Classify ``member``'s own descendants; note whether each sits inside a meta part."""
        stack: list[tuple[etree._Element, bool]] = [(member, False)]
        while stack:
            el, in_meta = stack.pop()
            role = self._classify(el) if el not in self.own else None
            inside = in_meta or role in (_AUTHOR, _DATE, _NOISE, _LABEL)
            if not inside and el.tag in _CONTENT_BLOCK_TAGS:
                self.blocks.append(el)
            children = []
            for child in el:
                if not isinstance(child.tag, str) or child in self.prune:
                    continue
                if child.tag in _JUNK_TAGS:
                    if child.tag == "meta":
                        self._note_properties(child)  # <meta itemprop=dateCreated content=…>
                    continue
                children.append(child)
            stack.extend((child, inside) for child in reversed(children))

    def _classify(self, el: etree._Element) -> str | None:
        self._note_properties(el)
        tag = el.tag
        if tag == "time":
            self.times.append(el)
        elif tag == "cite":
            self.cites.append(el)
        elif tag == "a" and _PROFILE_HREF_RE.search(el.get("href") or ""):
            self.profile_links.append(el)
        if tag in ("header", "footer"):
            self.frames.append(el)
        roles: set[str] = set()
        strong_body = False
        has_author_word = False
        for token in _class_tokens(el):
            facts = self.memo.get(token)
            if facts is None:
                facts = self.memo[token] = _token_facts(token)
            role, strong, authorish = facts
            has_author_word |= authorish
            if role is not None:
                roles.add(role)
                strong_body |= strong
            if token == "fn":
                self.fns.append(el)
        for role in _PART_PRIORITY:
            if role not in roles:
                continue
            if role == _BODY:
                (self.bodies if strong_body else self.weak_bodies).append(el)
            elif role == _AUTHOR:
                self.authors.append(el)
            elif role == _DATE:
                self.dates.append(el)
            else:
                self.noise.append(el)
            if role != _LABEL and has_author_word:
                self.author_like.append(el)  # "comment-author-link", "comment-meta vcard"
            return _NOISE if role == _LABEL else role
        return None

    def _note_properties(self, el: etree._Element) -> None:
        """Microdata ``itemprop`` and RDFa ``property`` names, by local name."""
        for attr in ("itemprop", "property"):
            value = el.get(attr)
            if not value:
                continue
            for prop in value.split():
                name = _RDF_ALIASES.get(prop.lower(), prop.rsplit(":", 1)[-1])
                self.props.setdefault(name, el)

    # -- body ----------------------------------------------------------------------------

    def body(self) -> str:
        """The comment's text; call after :meth:`author` so the name's element is left out."""
        skip = set(self.prune)
        skip.update(self.noise, self.authors, self.dates, self.times, self.fns)
        if self.named_by is not None and not self._inside_body(self.named_by):
            skip.add(self.named_by)
        for containers, extra_skip in self._body_containers():
            lines: list[str] = []
            for container in containers:
                lines.extend(_text_lines(container, (skip | extra_skip) - {container}))
            text = "\n".join(line for line in lines if not _CONTROL_LINE_RE.match(line))
            if text:
                return text
        return ""

    def _inside_body(self, el: etree._Element) -> bool:
        containers = set(self.bodies) | set(self.weak_bodies)
        return any(ancestor in containers for ancestor in el.iterancestors())

    def _body_containers(
        self,
    ) -> Iterator[tuple[list[etree._Element], set[etree._Element]]]:
        """Where the text is, most specific first; the comment's whole elements last."""
        nothing: set[etree._Element] = set()
        for prop in _BODY_PROPS:
            if prop in self.props:
                yield [self.props[prop]], nothing
        if self.bodies:
            yield _outermost(self.bodies), nothing
        if self.weak_bodies:
            yield _outermost(self.weak_bodies), nothing
        if self.blocks:
            yield _outermost(self.blocks), nothing
        # Last resort: everything but the header, footer and the quoted author line.
        yield self.item.all_elements(), {
            el for member in self.item.all_elements()
            for el in member.iter("header", "footer", "cite", "h1", "h2", "h3", "h4", "h5", "h6")
        }

    # -- author --------------------------------------------------------------------------

    def author(self) -> str | None:
        """The commenter's name; remembers the element it came from so the body skips it."""
        for el in self._author_candidates():
            text = _normalise(el.text_content())
            name = _clean_author(text) or _clean_author(_before_separator(text))
            if name:
                self.named_by = el
                return name
        return self._posted_by()

    def _author_candidates(self) -> Iterator[etree._Element]:
        author = self.props.get("author", self.props.get("creator"))
        if author is not None:
            name = author.xpath(".//*[@itemprop='name' or @property='foaf:name']")
            yield name[0] if name else author
        yield from self.fns
        # Innermost author parts first: "comment-author > comment-author-link > a".
        authors = set(self.author_like)
        innermost = [
            el for el in self.author_like
            if not any(inner in authors for inner in el.iterdescendants())
        ]
        yield from innermost
        yield from (el for el in self.author_like if el not in innermost)
        yield from self.cites
        yield from self.profile_links
        # A bare name heading or bold name in the comment's header ("<h3>Liberte</h3>").
        for part in self.noise + self.dates + self.frames:
            yield from part.iter("h2", "h3", "h4", "h5", "h6", "strong", "b")

    def _posted_by(self) -> str | None:
        """The name in a "Posted by: Jane | March 3" line of the comment's meta or footer."""
        for part in self.dates + self.noise + self.frames:
            match = _POSTED_BY_RE.search(_normalise(part.text_content()))
            if match:
                name = _clean_author(match.group("name"))
                if name:
                    return name
        return None

    # -- time ----------------------------------------------------------------------------

    def posted_at(self) -> datetime | None:
        for text in self._date_texts():
            if not text:
                continue
            value = parse_datetime(text, default_tz=timezone.utc)
            if value is not None:
                return value
        return None

    def _date_texts(self) -> Iterator[str]:
        for prop in _DATE_PROPS:
            el = self.props.get(prop)
            if el is not None:
                yield el.get("content") or el.get("datetime") or _normalise(el.text_content())
        for el in self.times:
            yield el.get("datetime") or ""
            yield _normalise(el.text_content())
        for el in self.dates:
            for abbr in el.iter("abbr"):
                yield abbr.get("title") or ""
            yield _normalise(el.text_content())
            yield el.get("title") or ""
        for el in self.noise:
            if el.tag == "a":
                yield el.get("title") or ""
                yield _normalise(el.text_content())
        # "Posted by: Nina | March 3, 2015 at 10:12 AM" footers and headers.
        for el in self.noise + self.frames:
            if el.tag != "a":
                yield _normalise(el.text_content())


# --------------------------------------------------------------------------------------------
# Tree helpers


def _own_id(el: etree._Element) -> str | None:
    """The comment number in an element's own id or data attributes, if any."""
    for attr in ("data-comment-id", "data-commentid", "data-comment", "data-id"):
        value = el.get(attr)
        if value and value.strip().isdigit():
            return value.strip()
    value = el.get("id") or ""
    if not value:
        return None
    match = (
        _STRICT_ID_RE.match(value) or _BLOGGER_ID_RE.match(value) or _HEX_ID_RE.match(value)
    )
    if match:
        return match.group(1)
    lowered = value.lower()
    if value.isdigit() or any(
        stem in lowered for stem in ("comm", "koment", "komment", "reply", "message", "msg")
    ):
        match = _TRAILING_ID_RE.search(value)
        if match:
            return match.group(1)
    return None


def _mostly_foreign(area: etree._Element, item_elements: set[etree._Element]) -> bool:
    """True when an area holds a lot of text that is neither comments nor forms.

    A class name borrowed from a category ("category-comentarios" on a post wrapper) or a
    broken tag that swallows the rest of the page makes an "area" hold the article itself.
    """
    total = _text_length(area)
    if total <= _MAX_FOREIGN_CHARS:
        return False
    inner = [
        el for el in area.iterdescendants()
        if el in item_elements or el.tag == "form"
    ]
    chosen = set(inner)
    outermost = [el for el in inner if _nearest_in(el, chosen) is None]
    claimed = sum(_text_length(el) for el in outermost)
    return total - claimed > max(_MAX_FOREIGN_CHARS, claimed)


def _mostly_made_of(container: etree._Element, items: list[_Item]) -> bool:
    """True when the comments make up most of ``container``'s text (a heading at most)."""
    total = _text_length(container)
    own = sum(_text_length(el) for item in items for el in item.all_elements())
    return total > 0 and own >= _COVER_SHARE * total


def _dated_records(section: etree._Element, after: tuple[int, ...]) -> list[etree._Element]:
    """Entries of ``section`` that follow position ``after`` and each hold a ``<time>``."""
    records: list[etree._Element] = []
    for time_el in section.iter("time"):
        record = _record_around(time_el, section)
        if record is None or record in records or _tree_position(record) < after:
            continue
        if len(_normalise(record.text_content())) >= _MIN_RECORD_CHARS:
            records.append(record)
    return records


def _record_around(el: etree._Element, section: etree._Element) -> etree._Element | None:
    """The nearest ancestor below ``section`` that is a list entry or has look-alike siblings."""
    node = el.getparent()
    while node is not None and node is not section:
        if node.tag in ("li", "article") or _has_lookalike_sibling(node):
            return node
        node = node.getparent()
    return None


def _has_lookalike_sibling(el: etree._Element) -> bool:
    signature = (el.tag, el.get("class"))
    for sibling in (el.getprevious(), el.getnext()):
        if sibling is not None and (sibling.tag, sibling.get("class")) == signature:
            return True
    return False


def _depth_class(el: etree._Element) -> int | None:
    for token in _class_tokens(el):
        match = _DEPTH_RE.search(token)
        if match:
            return int(match.group(1))
    return None


def _nearest_in(
    el: etree._Element, elements: Collection[etree._Element]
) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None:
        if parent in elements:
            return parent
        parent = parent.getparent()
    return None


def _is_placeholder(item: _Item, body: str) -> bool:
    """An entry that only says there are no comments yet (the text or the whole entry)."""
    if _PLACEHOLDER_RE.match(body):
        return True
    start = _normalise("".join(_VISIBLE_TEXT_XPATH(item.element))[:_PLACEHOLDER_SCAN_CHARS])
    return bool(_PLACEHOLDER_RE.match(start))


def _split_says_line(author: str | None, body: str) -> tuple[str | None, str]:
    """Move a leading "Jane says:" line out of the body (into the author when there is none)."""
    first, _, rest = body.partition("\n")
    match = _SAYS_LINE_RE.match(first)
    if not match:
        return author, body
    name = _clean_author(match.group("name"))
    if author is None and name:
        return name, rest
    if author is not None and name and name.casefold() == author.casefold():
        return author, rest
    return author, body


def _inside_widget(el: etree._Element) -> bool:
    """True inside an ``aside`` or an element named like a widget or teaser list."""
    for ancestor in el.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag == "aside":
            return True
        for token in _class_tokens(ancestor):
            if any(word in _WIDGET_WORDS for word in _words(token)):
                return True
    return False


def _inside_tags(el: etree._Element, tags: set[str]) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _document_order(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """Sort a few elements in document order by their child-index paths (no tree walk)."""
    unique = list(dict.fromkeys(elements))
    if len(unique) < 2:
        return unique
    return sorted(unique, key=_tree_position)


def _tree_position(el: etree._Element) -> tuple[int, ...]:
    path: list[int] = []
    parent = el.getparent()
    while parent is not None:
        path.append(parent.index(el))
        el, parent = parent, parent.getparent()
    return tuple(reversed(path))


def _outermost(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """Keep the elements not nested inside another one of them, in their given order."""
    chosen = dict.fromkeys(elements)
    return [el for el in chosen if _nearest_in(el, chosen.keys()) is None]


def _own_descendants(
    el: etree._Element, prune: set[etree._Element]
) -> Iterator[etree._Element]:
    """``el`` and its descendant elements, not entering pruned subtrees or junk tags."""
    stack = [el]
    while stack:
        node = stack.pop()
        yield node
        children = [
            child for child in node
            if isinstance(child.tag, str) and child not in prune and child.tag not in _JUNK_TAGS
        ]
        stack.extend(reversed(children))


def _text_length(el: etree._Element) -> int:
    """About the length of the visible text (scripts and styles left out), for comparisons."""
    return sum(len(text.strip()) for text in _VISIBLE_TEXT_XPATH(el))


def _is_safe_area(el: etree._Element) -> bool:
    """An area must not hold the article: no h1, no articleBody, not the page's frame."""
    if el.tag in ("html", "body", "head", "main"):
        return False
    if any(token in _ARTICLE_CLASSES for token in _class_tokens(el)):
        return False  # hAtom's "hentry": the post itself, whatever its other class names say
    return not _BODY_MARKERS_XPATH(el)


def _normalise(text: str) -> str:
    return " ".join(_SPACES_RE.sub(" ", text).split())


def _text_lines(el: etree._Element, skip: set[etree._Element]) -> list[str]:
    """Plain text of ``el``, one line per block (paragraph, list item, line break)."""
    pieces: list[str] = []
    # Iterative walk: (element, entering?) pairs; a malformed page can nest very deeply.
    stack: list[tuple[etree._Element, bool]] = [(el, True)]
    while stack:
        node, entering = stack.pop()
        tag = node.tag
        if not entering:
            if isinstance(tag, str) and tag in _BLOCK_TAGS:
                pieces.append("\n")
            if node is not el and node.tail:
                pieces.append(node.tail)
            continue
        if not isinstance(tag, str) or node in skip or tag in _JUNK_TAGS:
            if node is not el and node.tail:
                pieces.append(node.tail)
            continue
        if tag in _BLOCK_TAGS or tag == "br":
            pieces.append("\n")
        if node.text:
            pieces.append(node.text)
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node))
    lines = (_normalise(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def _before_separator(text: str) -> str:
    """ "Jane Doe | 21. April 2020" -> "Jane Doe": a name heading that also holds the date."""
    return _NAME_SEPARATOR_RE.split(text, 1)[0]


def _clean_author(text: str) -> str | None:
    text = text.strip(" ,;·•-–—")
    previous = None
    while text and text != previous:
        previous = text
        text = _AUTHOR_NOISE_RE.sub("", text).strip()
    if not text or len(text) > _MAX_AUTHOR_CHARS or len(text.split()) > _MAX_AUTHOR_WORDS:
        return None
    if parse_datetime(text) is not None and any(ch.isdigit() for ch in text):
        return None
    return text
