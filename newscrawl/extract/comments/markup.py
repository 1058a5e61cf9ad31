"""Tag sets, microdata property names and precompiled XPath expressions for comment markup."""

from __future__ import annotations

import re
from types import MappingProxyType

from lxml import etree

# Tags that never carry a comment's text.
JUNK_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "form",
        "button",
        "input",
        "select",
        "option",
        "textarea",
        "svg",
        "img",
        "picture",
        "video",
        "audio",
        "iframe",
        "object",
        "embed",
        "canvas",
        "map",
        "link",
        "meta",
        "head",
        "title",
        "label",
        "fieldset",
        "nav",
    }
)
# Tags that cannot be a comment area or a comment (too small or not content).
INLINE_TAGS = frozenset(
    {
        "a",
        "span",
        "i",
        "b",
        "em",
        "strong",
        "small",
        "img",
        "button",
        "input",
        "label",
        "textarea",
        "select",
        "option",
        "svg",
        "script",
        "style",
        "link",
        "meta",
        "abbr",
        "time",
        "html",
        "body",
        "head",
        "main",
        "br",
        "hr",
        "sup",
        "sub",
        "font",
        "u",
        "s",
        "code",
    }
)
# Blocks that hold a comment's words when no element is marked as its text.
CONTENT_BLOCK_TAGS = frozenset({"p", "blockquote", "pre", "ul", "ol"})
# Microdata / RDFa property names (local names) that hold the text or the time of a comment.
BODY_PROPS = ("text", "commentText", "reviewBody", "encoded", "articleBody", "description")
DATE_PROPS = ("dateCreated", "datePublished", "commentTime", "created", "date", "dateModified")
RDF_ALIASES = MappingProxyType({"foaf:name": "author", "sioc:has_creator": "author"})
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "address",
        "hr",
        "aside",
        "details",
        "summary",
        "center",
    }
)


# Candidates: elements whose class, id or microdata attributes hold one of these stems (first
# letters dropped to match both cases), and forms. Pages repeat the same class strings a lot,
# so each distinct string is searched once (see :mod:`.scan`).
CANDIDATE_STEM_RE = re.compile(
    r"omment|OMMENT|oment|OMENT|eserbrief|espond|isqus|iscussion|eactie|hildren|eplies|ndented"
)
# Headings and fieldset legends: where "3 Comments" or "Leave a Reply" is written.
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "legend")
ANY_FORM_XPATH = etree.XPath("descendant-or-self::form|descendant::textarea")
ARTICLE_CLASSES = frozenset({"hentry", "h-entry", "type-post", "type-page"})
