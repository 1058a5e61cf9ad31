"""Tag sets, class-name words and thresholds shared by the body modules."""

from __future__ import annotations

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


MIN_PARAGRAPH_CHARS = 60


# Below this much paragraph text, a container named as the story is read instead.
MIN_STORY_GOOD = 200


LINK_HEAVY = 0.5
