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

1. One scan collects the elements whose attributes mention a comment word (from the
   parsed page's class and id lists when the caller passes the page). Each gets a
   *role* from the words around that word: ``comments``/``comment-list`` are areas,
   ``comment``/``comment-item`` are items, ``comment-replies``/``children`` hold replies,
   ``comment-form``/``respond`` are forms; ``comment-content`` (a part of one comment),
   ``add-comment`` or ``recent-comments`` (controls and widgets) are none of these.
2. Items nested in items are either the same comment (WordPress ``li#comment-1`` around
   ``article#div-comment-1``) or replies (inside a replies list, carrying another id, or
   named by the same comment class inside a comment, with a name or time of its own or
   beside the outer one's own text). Replies that sit beside their parent are threaded by
   a replies list right after it (Drupal's ``div.indented``, a replies list only there) or
   by ``depth-N`` classes. A ``<dl>`` list holds one comment per ``<dt>`` and the ``<dd>``
   elements after it (classic Blogger). Ids from no known scheme are kept only when unique
   on the page.
3. Only items inside a comment area, items with a ``comment-123`` id and schema.org comments
   count, so a teaser with ``class="comment"`` (an opinion piece) or a "Latest comments"
   widget listing other pages' comments is not this page's discussion, and neither are quote
   boxes, testimonials or live-blog entries that happen to be called "comment"/"reactie".
4. Home-made systems that name nothing "comment" are found as dated entries (a ``<time>`` in
   each ``li``/look-alike sibling) after a "Comments"/"Leserkommentare" heading; review
   widgets as rated entries after a "Customer Reviews" heading.
5. Each comment's fields come from one walk over its own subtree, replies pruned: the text
   from its content part (or its own paragraphs), the author from ``fn``/``author``/``cite``/
   profile links, the time from ``time[datetime]``, microdata or its meta line.
6. When the markup shows no comment, schema.org ``Comment`` nodes in the page's JSON-LD
   (the article's ``comment`` property, replies nested or linked by ``parentItem``) are
   read instead: a script-drawn section often still lists its comments there.

Choices worth knowing:

- WordPress pingbacks and trackbacks (``li.pingback``/``li.trackback``) are automated link
  notices, not reader comments, and are skipped. Entries whose text is empty or only says
  there are no comments yet are skipped too.
- ``posted_at`` is always timezone-aware: the offset the comment's time states when there is
  one, else ``default_tz`` (UTC unless the caller passes the page's own zone, as
  ``extract_article`` does). Relative dates ("3 weeks ago") are not resolved, because
  extraction is pure and has no fetch time.
- ``parent_id`` is the ``external_id`` of the comment replied to, so it is ``None`` when the
  parent has no id of its own in the markup even if the threading is visible.
- Live-blog entries are not comments and are not looked for. Product reviews are looked for
  only as a shop's review widget: rated entries (``aria-label="5 star review"``,
  ``data-score``, schema.org ``reviewRating``) under a "Customer Reviews"/"12 Reviews"
  heading. They are readers' words like comments and must leave the body; an editorial
  review, or a "User Reviews" subheading with no rated entries, is left alone.

Modules, in the order the analysis uses them: :mod:`.vocabulary` (class/id words),
:mod:`.markup` (tags, XPaths), :mod:`.patterns` (text patterns), :mod:`.ids`,
:mod:`.scan` (one pass over the page: candidates, headings, the article's markers),
:mod:`.roles` (the role one element's attributes give it), :mod:`.role_map` (roles of the
page, corrected), :mod:`.records` (comment headings and dated entries under them),
:mod:`.grouping` and :mod:`.threads` (one item per comment, threaded),
:mod:`.acceptance`, :mod:`.fields` and :mod:`.authors` (body, author, time),
:mod:`.areas`, :mod:`.analysis` which ties them together for one page, and
:mod:`.structured` (JSON-LD comments). Only the names below are public.
"""

from __future__ import annotations

import logging
from datetime import timezone, tzinfo

import lxml.html
from cssselect import HTMLTranslator
from cssselect.parser import SelectorError
from lxml import etree

from newscrawl.extract.comments.analysis import Analysis
from newscrawl.extract.comments.scan import ParsedPage
from newscrawl.extract.comments.structured import json_ld_comments
from newscrawl.extract.comments.tree import is_element
from newscrawl.items import Comment

log = logging.getLogger(__name__)

__all__ = ["comments_and_areas", "extract_comments", "find_comment_areas"]

# Failures odd markup could cause deep inside; logged and answered with "nothing found".
_RECOVERABLE = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    RecursionError,
    etree.LxmlError,
)


def find_comment_areas(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Return the elements that hold comment sections and comment forms, in document order.

    None of them holds the article's headline (``h1``) or ``articleBody``, and none is nested
    in another, so the caller can drop each one. Never raises on odd markup.
    """
    try:
        analysis = Analysis(root)
        return [] if analysis.is_empty() else analysis.areas()
    except _RECOVERABLE:
        log.warning("comment areas: analysis failed", exc_info=True)
        return []


def extract_comments(
    root: lxml.html.HtmlElement,
    base_url: str,
    *,
    item_selector: str | None = None,
    default_tz: tzinfo = timezone.utc,
) -> list[Comment]:
    """Return the page's reader comments in document order, threaded through ``parent_id``.

    ``item_selector`` is a CSS selector from a site profile (``ol.comment-list > li.comment``)
    matching one element per comment; when it matches nothing, generic detection runs.
    ``base_url`` is the page's URL, used for log messages. ``default_tz`` is given to times
    that state no zone (the page's own offset when the caller knows it). The tree is not
    modified. Never raises on odd markup.
    """
    return comments_and_areas(root, base_url, item_selector=item_selector, default_tz=default_tz)[0]


def comments_and_areas(
    root: lxml.html.HtmlElement,
    base_url: str,
    *,
    item_selector: str | None = None,
    default_tz: tzinfo = timezone.utc,
    page: ParsedPage | None = None,
) -> tuple[list[Comment], list[lxml.html.HtmlElement]]:
    """:func:`extract_comments` and :func:`find_comment_areas` from one analysis of the tree.

    Cheaper than calling both (the page is scanned once). Call it on the untouched tree;
    the areas can then be dropped. ``page`` is the parsed
    :class:`~newscrawl.extract.page.Page` whose ``root`` this is, if the caller has one: its
    lists of class, id and microdata attributes spare the analysis its own walk over the
    tree. Never raises on odd markup.
    """
    try:
        analysis = Analysis(root, default_tz=default_tz, page=page)
        items = _select_items(root, item_selector, base_url) if item_selector else []
        if items:
            comments = analysis.comments_from_selected(items)
        elif analysis.is_empty():
            # The common case: nothing on the page speaks of comments.
            return _json_ld_comments(page, default_tz, base_url), []
        else:
            comments = analysis.comments() or _json_ld_comments(page, default_tz, base_url)
    except _RECOVERABLE:
        log.warning("comments: extraction failed on %s", base_url, exc_info=True)
        return [], []
    try:
        return comments, analysis.areas()
    except _RECOVERABLE:
        log.warning("comment areas: analysis failed on %s", base_url, exc_info=True)
        return comments, []


def _json_ld_comments(page: ParsedPage | None, default_tz: tzinfo, base_url: str) -> list[Comment]:
    """Comments the page's JSON-LD states, when the markup shows none; never raises."""
    nodes = getattr(page, "json_ld", None)
    if not nodes:
        return []
    try:
        return json_ld_comments(nodes, default_tz)
    except _RECOVERABLE:
        log.warning("comments: reading JSON-LD comments failed on %s", base_url, exc_info=True)
        return []


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
    return [el for el in found if isinstance(el, etree.ElementBase) and is_element(el)]
