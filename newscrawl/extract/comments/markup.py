"""Tag sets, microdata property names and precompiled XPath expressions for comment markup."""

from __future__ import annotations

import re
from types import MappingProxyType

from lxml import etree

# Tags that never carry a comment's text.
JUNK_TAGS = frozenset(
    {"script", "style", "noscript", "template", "form", "button", "input", "select", "option",
     "textarea", "svg", "img", "picture", "video", "audio", "iframe", "object", "embed",
     "canvas", "map", "link", "meta", "head", "title", "label", "fieldset", "nav"}
)
# Tags that cannot be a comment area or a comment (too small or not content).
INLINE_TAGS = frozenset(
    {"a", "span", "i", "b", "em", "strong", "small", "img", "button", "input", "label",
     "textarea", "select", "option", "svg", "script", "style", "link", "meta", "abbr", "time",
     "html", "body", "head", "main", "br", "hr", "sup", "sub", "font", "u", "s", "code"}
)
# Blocks that hold a comment's words when no element is marked as its text.
CONTENT_BLOCK_TAGS = frozenset({"p", "blockquote", "pre", "ul", "ol"})
# Microdata / RDFa property names (local names) that hold the text or the time of a comment.
BODY_PROPS = ("text", "commentText", "reviewBody", "encoded", "articleBody", "description")
DATE_PROPS = ("dateCreated", "datePublished", "commentTime", "created", "date", "dateModified")
RDF_ALIASES = MappingProxyType({"foaf:name": "author", "sioc:has_creator": "author"})
BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "h1", "h2", "h3", "h4", "h5",
     "h6", "pre", "table", "tr", "section", "article", "header", "footer", "figure",
     "figcaption", "address", "hr", "aside", "details", "summary", "center"}
)


# Candidates: elements whose class, id, microdata or RDFa attributes hold one of these stems
# (first letters dropped to match both cases), and forms. One union query returns the values
# and a Python regex tests them. Measured on the shared pages, this beats the alternatives:
# contains() predicates in XPath (about 10x slower: libxml2 copies the value for each call),
# a Python walk over every element, or serialising the page for a pre-check. It is still most
# of the analysis's cost, so a page without candidates or comment headings stops right after.
ATTRIBUTES_XPATH = etree.XPath("//@class|//@id|//@itemtype|//@typeof|//@itemprop|//@action")
CANDIDATE_STEM_RE = re.compile(
    r"omment|OMMENT|oment|OMENT|eserbrief|espond|isqus|iscussion|eactie|hildren|eplies"
)
BODY_MARKERS_XPATH = etree.XPath(
    "descendant-or-self::*[@itemprop='articleBody' or @itemprop='headline'][1]"
    "|descendant::h1[1]"
)
ANY_FORM_XPATH = etree.XPath("descendant-or-self::form|descendant::textarea")
# Plain strings (no smart strings): callers only measure or join the text, and skipping the
# back-reference to each text's parent element halves the cost.
VISIBLE_TEXT_XPATH = etree.XPath(
    "descendant::text()[not(parent::script or parent::style or parent::noscript)]",
    smart_strings=False,
)
ARTICLE_CLASSES = frozenset({"hentry", "h-entry", "type-post", "type-page"})
