"""The words comment systems use in class names and ids, and how a token is cut into words.

Words are compared lower-case after class names are split on "-", "_", "." and camelCase
humps, and after glued forms ("commentlist", "commentmetadata") are cut after a comment root.
Everything here is immutable: frozensets, tuples and read-only mappings.
"""

from __future__ import annotations

import re
from types import MappingProxyType

# Structural roles of an element in a comment section.
ITEM, AREA, CHILDREN, FORM = "item", "area", "children", "form"
STRUCTURAL = (ITEM, AREA, CHILDREN, FORM)

# Singular roots name one comment, plural roots a collection of them.
SINGULAR_ROOTS = frozenset(
    {
        "comment",
        "kommentar",
        "commentaire",
        "comentario",
        "commento",
        "reactie",
        "komentarz",
        "leserbrief",
        "komentar",
    }
)
PLURAL_ROOTS = frozenset(
    {
        "comments",
        "kommentare",
        "commentaires",
        "comentarios",
        "commenti",
        "reacties",
        "komentarze",
        "leserbriefe",
        "komentari",
        "leserkommentare",
        "discussion",
        "disqus",
        "diskussion",
        "kommentarer",
        "komentare",
    }
)
# Glued compounds are cut after a root, longest first ("commentlist" -> comment + list).
GLUED_RE = re.compile(
    "^(" + "|".join(sorted(SINGULAR_ROOTS | PLURAL_ROOTS, key=len, reverse=True)) + ")([a-z]+)$"
)

# A word before the root that turns the class into a control or a widget, not content.
ACTION_WORDS = frozenset(
    {
        "add",
        "leave",
        "post",
        "write",
        "new",
        "submit",
        "show",
        "hide",
        "toggle",
        "load",
        "more",
        "open",
        "has",
        "no",
        "count",
        "num",
        "total",
        "cancel",
        "edit",
        "delete",
        "report",
        "flag",
        "like",
        "share",
        "view",
        "all",
        "latest",
        "recent",
        "top",
        "most",
        "popular",
        "read",
        "go",
        "goto",
        "to",
        "link",
        "links",
        "icon",
        "fa",
        "ico",
        "btn",
        "button",
        "trigger",
        "jump",
        "scroll",
        "reply",
        "allow",
        "enable",
        "disable",
        "disabled",
        "closed",
        "close",
        "with",
        "without",
        "get",
        "see",
        "social",
        "widget",
        "sidebar",
        "footer",
        "header",
        "nav",
        "meta",
        "mobile",
        "desktop",
        "sticky",
        "floating",
        "rss",
        "feed",
    }
)
AREA_SUFFIXES = frozenset(
    {
        "list",
        "lists",
        "area",
        "section",
        "sect",
        "holder",
        "module",
        "modul",
        "thread",
        "threads",
        "widget",
        "region",
        "zone",
        "stream",
        "tree",
        "root",
        "app",
        "panel",
        "entries",
        "items",
        "wrapper",
        "wrap",
        "container",
        "con",
        "box",
        "inner",
        "outer",
        "block",
        "main",
        "page",
        "all",
        "hub",
        "bereich",
        "liste",
        "board",
    }
)
# After a singular "comment" ("comment-list"), every area word but the wrappers': "comment-box" or
# "comment-inner" is one comment, not the section.
SINGULAR_AREA_SUFFIXES = AREA_SUFFIXES - {
    "all", "block", "box", "con", "container", "inner", "main", "outer", "page", "wrap", "wrapper",
}  # fmt: skip
ITEM_SUFFIXES = frozenset(
    {
        "item",
        "entry",
        "single",
        "box",
        "node",
        "default",
        "li",
        "row",
        "element",
        "card",
        "unit",
        "object",
        "article",
        "record",
        "eintrag",
    }
)
PLURAL_CONTENT_WORDS = frozenset({"content", "body", "inner", "main", "wrap", "wrapper"})
CHILDREN_WORDS = frozenset(
    {
        "children",
        "replies",
        "answers",
        "antworten",
        "subcomments",
        "responses",
        "child",
        "sub",
        "nested",
        "reponses",
        "respuestas",
        "risposte",
    }
)
FORM_BEFORE_WORDS = frozenset({"form", "respond", "write", "leave", "add", "new", "submit"})
FORM_AFTER_WORDS = frozenset(
    {
        "form",
        "respond",
        "write",
        "input",
        "editor",
        "compose",
        "composer",
        "field",
        "fields",
        "textarea",
        "submit",
    }
)

# Roles of the parts inside one comment, by word.
BODY, AUTHOR, DATE, NOISE, LABEL = "body", "author", "date", "noise", "label"

PART_WORDS: MappingProxyType[str, str] = MappingProxyType(
    {
        **dict.fromkeys(
            (
                "content",
                "text",
                "body",
                "message",
                "msg",
                "txt",
                "inhalt",
                "copy",
                "excerpt",
                "texte",
                "texto",
                "testo",
                "tekst",
                "bodytext",
                "richtext",
            ),
            BODY,
        ),
        **dict.fromkeys(
            (
                "author",
                "autor",
                "auteur",
                "autore",
                "user",
                "username",
                "name",
                "nick",
                "nickname",
                "poster",
                "commenter",
                "benutzer",
                "nutzer",
                "fn",
                "vcard",
                "byline",
                "usuario",
                "utente",
                "member",
                "displayname",
                "writer",
            ),
            AUTHOR,
        ),
        **dict.fromkeys(
            (
                "date",
                "time",
                "datetime",
                "timestamp",
                "meta",
                "metas",
                "metadata",
                "info",
                "datum",
                "zeit",
                "posted",
                "published",
                "ago",
                "dateline",
                "fecha",
                "data",
                "details",
                "age",
            ),
            DATE,
        ),
        **dict.fromkeys(
            (
                "reply",
                "actions",
                "action",
                "link",
                "links",
                "vote",
                "votes",
                "voting",
                "like",
                "likes",
                "rating",
                "share",
                "sharing",
                "edit",
                "report",
                "flag",
                "permalink",
                "header",
                "footer",
                "tools",
                "toolbar",
                "options",
                "menu",
                "button",
                "btn",
                "icon",
                "nav",
                "navigation",
                "pagination",
                "paging",
                "pager",
                "count",
                "counter",
                "number",
                "title",
                "heading",
                "notes",
                "awaiting",
                "moderation",
                "status",
                "says",
                "controls",
                "control",
                "translate",
                "login",
                "subscribe",
                "signature",
                "img",
                "image",
                "thumb",
                "thumbnail",
                "admin",
                "moderate",
                "karma",
                "score",
                "points",
                "antworten",
                "melden",
            ),
            NOISE,
        ),
        # A badge or label beside the name ("Author", "Guest"), and the avatar: never the name.
        **dict.fromkeys(("label", "badge", "badges", "avatar", "gravatar", "photo", "rank"), LABEL),
    }
)
# Among the parts, the most specific role wins when one element has several tokens.
PART_PRIORITY = (LABEL, AUTHOR, DATE, NOISE, BODY)
# Drupal's "field--label-hidden"/"field-label-above" say how a field label is shown: no role.
LABEL_DISPLAY_WORDS = frozenset({"hidden", "above", "inline", "visually", "before"})
# "comment-body" in WordPress holds the meta too, so a ...-content/...-text part is preferred.
WEAK_BODY_WORDS = frozenset({"body"})

WORD_SPLIT_RE = re.compile(r"[-_\s.:]+|(?<=[a-z0-9])(?=[A-Z])")

# Ancestors whose class words mark a widget listing comments of other pages ("Recent
# comments", "jcomments-latest", a teaser column), not this page's discussion.
# ("widget" and "sidebar" alone are too common: Blogger wraps the whole post in div.widget.)
WIDGET_WORDS = frozenset(
    {
        "latest",
        "recent",
        "newest",
        "neueste",
        "letzte",
        "popular",
        "most",
        "teaser",
        "teasers",
        "recentcomments",
    }
)


def class_words(token: str) -> list[str]:
    """Split one class/id token into lower-case words, cutting glued comment compounds."""
    words: list[str] = []
    for raw in WORD_SPLIT_RE.split(token):
        if not raw:
            continue
        word = raw.lower()
        words.extend(unglue(word))
    return words


def unglue(word: str) -> list[str]:
    """Cut a glued compound after its comment root ("commentlist" -> comment, list)."""
    if word in SINGULAR_ROOTS or word in PLURAL_ROOTS:
        return [word]
    match = GLUED_RE.match(word)
    if match:
        return [match.group(1), match.group(2)]
    return [word]
