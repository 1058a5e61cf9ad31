"""Page-level dates: ``extract_dates`` finds a page's published and updated times.

Sources, best first: site rules, JSON-LD, meta tags, microdata, ``<time>`` elements, the
"Published/Updated" lines shown with the headline, the URL, and short texts around the
headline. Published and updated are kept apart; no date after the fetch time is returned.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from itertools import islice
from typing import Any

from lxml import etree

from newscrawl.extract.dates.parsing import MIN_YEAR, MONTHS, TZ_ABBREVIATIONS, parse_datetime
from newscrawl.extract.text import TextNode, body_texts_matching, in_comments, spaced_text

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "publish_date",
    "publish-date",
    "publishdate",
    "pubdate",
    "pub_date",
    "publication_date",
    "article.published",
    "article_date_original",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "date",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "og:pubdate",
    "displaydate",
    "release_date",
    "dateposted",
    "article:post_date",
)
# JSON-LD types of a page that is not typed as an article, whose dates are the page's own
# (an embedded video's or a product's are not).
PAGE_TYPES = (
    "WebPage",
    "ItemPage",
    "AboutPage",
    "FAQPage",
    "QAPage",
    "MedicalWebPage",
    "HowTo",
    "Recipe",
)
# Meta names that say "date" without saying which one.
GENERIC_DATE_META = ("date", "dc.date", "dcterms.date")
SPECIFIC_PUBLISHED_META = tuple(name for name in PUBLISHED_META if name not in GENERIC_DATE_META)
UPDATED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "datemodified",
    "modified_time",
    "last-modified",
    "lastmod",
    "dc.date.modified",
    "dcterms.modified",
    "article.updated",
    "updated_time",
    "article:updated_time",
)

_PHRASE_TAIL = r"\s*(?:on|at|am|um|le|el|il|em|op|:|-|–)?\s*:?\s*"
UPDATED_PHRASES = (
    "last updated",
    "last modified",
    "updated",
    "modified",
    "edited",
    "corrected",
    "zuletzt aktualisiert",
    "aktualisiert",
    "geändert",
    "mis à jour",
    "mise à jour",
    "modifié",
    "actualizado",
    "actualización",
    "modificado",
    "aggiornato",
    "atualizado",
    "bijgewerkt",
)
PUBLISHED_PHRASES = (
    "first published",
    "published",
    "posted",
    "veröffentlicht",
    "publiziert",
    "erschienen",
    "publié",
    "mis en ligne",
    "publicado",
    "publicada",
    "pubblicato",
    "gepubliceerd",
    "geplaatst",
    "erstellt",
    "date",
)
# "Edited by …", "Reviewed by …" name people, not an update time.
_UPDATED_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(p) for p in UPDATED_PHRASES)
    + r")(?!\w)(?!\s*by\b)"
    + _PHRASE_TAIL,
    re.IGNORECASE,
)
_PUBLISHED_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in PUBLISHED_PHRASES) + r")(?!\w)" + _PHRASE_TAIL,
    re.IGNORECASE,
)
_EXPLICIT_ZONE_RE = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)\s*$")
_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"),
    re.compile(r"[/_-]((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"),
)
# "/2023/dec/21/" and "/21-12-2023" (day first: no site puts a US-style date in a path).
_URL_MONTH_NAME_RE = re.compile(
    r"/((?:19|20)\d{2})/([a-z]{3,9})/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])", re.IGNORECASE
)
_URL_DMY_RE = re.compile(
    r"/(0?[1-9]|[12]\d|3[01])-(0?[1-9]|1[0-2])-((?:19|20)\d{2})(?:/|$|[-_.?#])"
)
# Elements whose class or id names a date, a byline or the article's meta line.
_DATE_CLASS_WORDS = (
    "date",
    "time",
    "posted",
    "publish",
    "updated",
    "byline",
    "meta",
    "info",
    "datum",
    "zeit",
    "fecha",
    "data",
    "stamp",
    "dateline",
    "author",
    "header",
    "subline",
    "kicker",
)


def _by_first_letter(variants: list[str]) -> str:
    """An alternation of literal ``variants`` grouped by first letter (``d(?:ate|atum)|D…``).

    It finds the same strings as the flat ``date|datum|Date…``, faster: ``re`` tries the
    branches one by one at each position, and a branch's first letter fails it at once.
    """
    groups: dict[str, list[str]] = {}
    for variant in variants:
        groups.setdefault(variant[0], []).append(re.escape(variant[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Matched in Python over the page's element list: one pass, far cheaper than an XPath
# testing some forty ``contains()`` on every element.
_DATE_CLASS_RE = re.compile(
    _by_first_letter([variant for word in _DATE_CLASS_WORDS for variant in (word, word.title())])
)
_DATE_ID_RE = re.compile("date|time")
_NOT_DATE_CONTAINERS = frozenset({"script", "style", "html", "body"})
MAX_DATE_CONTAINERS = 200
MAX_DATE_TEXT = 200
# How many elements before/after the <h1> form its "header", and how many dates are read.
HEADER_BEFORE = 12
_TEXT_AFTER_TITLE_XPATH = etree.XPath(
    "following::text()[position() <= 150][not(parent::script) and not(parent::style)]"
)
# Short text nodes of the body: where a "Published on …" line outside any date markup sits.
_PUBLISHED_STEM_RE = re.compile(
    "ublish|osted|eröffentlicht|ubliziert|rschienen|ublié|is en ligne|ublicad|ubblicato"
    "|epubliceerd|eplaatst"
)
MAX_PUBLISHED_LINE_CHARS = 160
MAX_PUBLISHED_LINES = 3000
_PUBLISHED_LINE_RE = re.compile(
    r"^\s*(?:first\s+published|published|posted|veröffentlicht|publiziert|erschienen|publié|"
    r"mis\s+en\s+ligne|publicad[oa]|pubblicato|gepubliceerd|geplaatst)(?!\w)(?:\s*(?:on|at|am|um|le|el|il|em|op))?\s*:?\s*",
    re.IGNORECASE,
)
# The kicker line just above a headline ("24. April 2020 | Press releases").
_TEXT_BEFORE_TITLE_XPATH = etree.XPath(
    "preceding::text()[position() <= 4][not(parent::script) and not(parent::style)"
    " and not(parent::title)]"
)
LEADING_DATE_CHARS = 24
HEADER_AFTER = 80
MAX_HEADER_DATES = 6
# Classes of the date-like elements around the headline (lower case or capitalised).
_HEADER_DATE_CLASS_RE = re.compile(
    "|".join(
        variant
        for word in ("date", "time", "posted", "publish", "byline", "meta", "info")
        for variant in (word, word.title())
    )
)
_BEFORE_XPATH = etree.XPath(f"preceding::*[position() <= {HEADER_BEFORE}]")
_AFTER_XPATH = etree.XPath(f"following::*[position() <= {HEADER_AFTER}]")


def extract_dates(
    page: Any, rules: Any = None, *, now: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    """``(published_at, updated_at)`` of a page: site rules, then JSON-LD, meta tags,
    microdata, ``<time>`` elements, visible "Published/Updated" lines, and the URL.

    Dates after ``now`` (the fetch time) are ignored; an "updated" date before the published
    one is dropped.
    """
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)  # comparing naive with aware dates would raise
    finder = _DateFinder(page, rules, now)
    published = finder.published()
    updated = finder.updated()
    if updated is not None and published is not None and updated < published:
        updated = None
    return published, updated


class _DateFinder:
    """Collects date candidates of one page in priority order (one instance per page)."""

    def __init__(self, page: Any, rules: Any, now: datetime) -> None:
        self.page = page
        self.rules = rules
        self.now = now
        self.zone = self._page_zone()
        self._visible: list[str] | None = None
        # Memo of :meth:`_header_date_elements` (asked by ``displayed`` and ``_shown_in_utc``).
        self._header_dates: list[Any] | None = None
        # Memo of the elements around the headline (header dates and bare date lines).
        self._around: tuple[list[Any], list[Any]] | None = None
        # 06/03/2015 is June 3 in the US and March 6 nearly everywhere else.
        self.day_first = _day_first_for(page.lang())

    def _page_zone(self) -> tzinfo:
        """The offset the page states in its structured dates; naive dates get it too."""
        for text in self._structured_texts(PUBLISHED_META + UPDATED_META):
            if _EXPLICIT_ZONE_RE.search(text.strip()):
                parsed = parse_datetime(text)
                if parsed is not None and parsed.tzinfo is not None:
                    return parsed.tzinfo
        return timezone.utc

    def _structured_texts(self, meta_names: tuple[str, ...]) -> list[str]:
        texts: list[str] = []
        for node in self.page.article_nodes():
            for key in ("datePublished", "dateModified"):
                if isinstance(node.get(key), str):
                    texts.append(node[key])
        for name in meta_names:
            texts.extend(self.page.meta.get(name, ()))
        return texts

    def parse(self, text: str | None) -> datetime | None:
        """``text`` read in the page's zone and number order; ``None`` when after the fetch time."""
        if not text:
            return None
        parsed = parse_datetime(text, default_tz=self.zone, day_first=self.day_first)
        if parsed is None or parsed > self.now:
            return None
        return parsed

    def first(self, texts: list[str]) -> datetime | None:
        """The first of ``texts`` that parses."""
        for text in texts:
            parsed = self.parse(text)
            if parsed is not None:
                return parsed
        return None

    def published(self) -> datetime | None:
        """The published time: site rules, structured data checked against the date shown with
        the headline, then the visible fallbacks."""
        ruled = self.from_rules("published")
        if ruled is not None:
            return ruled
        structured = (
            self.from_json_ld("datePublished", "dateCreated", "uploadDate")
            or self.first(self._meta(SPECIFIC_PUBLISHED_META))
            or self.from_itemprop("datepublished", "datecreated")
            or self.from_page_json_ld("datePublished")
        )
        generic = None if structured else self.first(self._meta(GENERIC_DATE_META))
        displayed = self.displayed()
        if structured is None:
            # A bare "date" meta tag is often the cache or last-change day: the date shown
            # with the headline, or a ``<time>`` or "Published …" line elsewhere, is the
            # better word.
            if displayed is not None:
                return displayed
            if generic is None:
                return self._published_fallbacks()
            return self._published_in_article() or generic
        # A bare date line is no evidence against structured data: under a headline it may
        # be an event's or a deadline's day as well.
        if displayed is not None and displayed.date() == structured.date():
            return structured
        shown_in_utc = self._shown_in_utc(structured)
        if shown_in_utc is not None:
            return shown_in_utc
        shown_local = self._shown_in_local_time(structured)
        if shown_local is not None:
            return shown_local
        if displayed is None:
            return structured
        if displayed.date() >= structured.date() - timedelta(days=1):
            # The page shows another day under its headline (a local day of a UTC stamp, or
            # the day of a re-publication): that is the day the page states.
            return displayed
        return structured

    def _shown_in_utc(self, structured: datetime) -> datetime | None:
        """``structured`` in UTC when the headline area shows exactly that UTC clock time.

        Many sites print their stamps in UTC while the structured data carries a local
        offset: near midnight the two fall on different days, and the page states the UTC one.
        """
        in_utc = structured.astimezone(timezone.utc)
        if in_utc.date() == structured.date() or (in_utc.hour, in_utc.minute) == (0, 0):
            return None  # same day either way, or no clock time to recognise
        wanted = in_utc.replace(second=0, microsecond=0)
        for text in self._headline_area_texts():
            # Read as UTC unless the text names its zone: a named local zone is no UTC stamp.
            shown = parse_datetime(text, default_tz=timezone.utc, day_first=self.day_first)
            if (
                shown is not None
                and shown.utcoffset() == timedelta(0)
                and (shown.replace(second=0) == wanted)
            ):
                return in_utc
        return None

    def _shown_in_local_time(self, structured: datetime) -> datetime | None:
        """``structured`` (a UTC stamp) in the page's local offset, when the headline area
        shows its clock time shifted by a whole offset onto another day.

        Many sites put UTC (``Z``, ``GMT``) stamps in their structured data and print the
        local time under the headline ("3/5/2022 22:41" for ``2022-05-04T02:41Z``): the page
        states the local day, and the shift is its offset.
        """
        if structured.utcoffset() != timedelta(0):
            return None
        wanted = structured.replace(second=0, microsecond=0, tzinfo=None)
        if (wanted.hour, wanted.minute) == (0, 0):
            return None  # a date without a clock time: nothing to recognise
        for text in self._local_stamp_texts():
            if not _CLOCK_RE.search(text):
                continue
            shown = parse_datetime(text, default_tz=timezone.utc, day_first=self.day_first)
            if shown is None or shown.date() == structured.date():
                continue
            shift = shown.replace(second=0, tzinfo=None) - wanted
            if shown.utcoffset() != timedelta(0):
                # The text names its zone: it is the same moment, or another one.
                if shown == structured.replace(second=0, microsecond=0):
                    return shown
                continue
            if shift and MIN_ZONE_SHIFT <= shift <= MAX_ZONE_SHIFT and not shift % ZONE_STEP:
                return structured.astimezone(timezone(shift))
        return None

    def _local_stamp_texts(self) -> list[str]:
        """Texts that may print the published stamp in local time: date-marked elements by
        the headline and date-only lines right under it, never an update line."""
        texts = []
        for element in self._header_date_elements():
            if not (element.tag == "time" or _STAMP_CLASS_RE.search(element.get("class") or "")):
                continue
            if self._introduced_as_update(element) or self._holds_update_time(element):
                continue
            text = _element_text(element)
            if 6 <= len(text) <= 300 and not _UPDATED_RE.search(text):
                texts.append(text[:MAX_DATE_TEXT])
        texts.extend(text for _, text in self._date_lines_under_h1())
        return texts

    def _headline_area_texts(self) -> list[str]:
        """Short texts of the date-like elements and of the elements right after the headline."""
        elements = [*self._header_date_elements(), *self.page.headline_neighbours()]
        texts = (_element_text(element) for element in elements)
        return [text[:MAX_DATE_TEXT] for text in texts if 6 <= len(text) <= 300]

    def displayed(self) -> datetime | None:
        """The date shown with the headline (first ``<time>`` or date line near the ``<h1>``),
        unless it is introduced as an update."""
        return self._displayed_in(self._header_date_elements())

    def _bare_date_line(self) -> datetime | None:
        """The first of :meth:`_date_lines_under_h1` that reads as a date."""
        for _, text in self._date_lines_under_h1():
            parsed = self.parse(text)
            if parsed is not None:
                return parsed
        return None

    def _date_lines_under_h1(self) -> list[tuple[Any, str]]:
        """Short elements right under the headline whose whole text is a date ("December 11,
        2023", "04.02.2022 | 15:33 Uhr"): a date line in markup that names no date.

        Only the first ``BARE_LINE_WINDOW`` elements after the ``<h1>``, and none after the
        first body paragraph: further down, a bare date heads a timeline entry or an event.
        """
        lines: list[tuple[Any, str]] = []
        for element in self._header_window():
            if element.tag not in _BARE_LINE_TAGS or len(element) > MAX_BARE_LINE_CHILDREN:
                continue
            # One character past the limit tells a longer text; no need to read it all.
            text = spaced_text(element, MAX_BARE_LINE + 1)
            parent = element.getparent()
            if (
                len(text) <= MAX_BARE_LINE
                and _is_date_only(text)
                and (parent is None or parent.tag not in _LIST_TAGS)
                and not self._holds_update_time(element)
                and not in_comments(element)
            ):
                lines.append((element, text))
        return lines

    def _header_window(self) -> list[Any]:
        """The elements of the first ``BARE_LINE_WINDOW`` blocks after the headline (the
        inline elements inside them too), up to the first body paragraph (a ``<p>`` that is
        not a date line)."""
        h1 = _wordiest_h1(self.page)
        if h1 is None:
            return []
        window = []
        blocks = 0
        for element in self._around_h1(h1)[1][: 3 * BARE_LINE_WINDOW]:
            if element.tag not in _INLINE_TAGS:
                blocks += 1
                if blocks > BARE_LINE_WINDOW:
                    break
            if element.tag == "p" and not _is_date_only(spaced_text(element, MAX_BARE_LINE + 1)):
                break
            window.append(element)
        return window

    def _displayed_in(self, elements: list[Any]) -> datetime | None:
        """The first date of ``elements`` that is not introduced as an update."""
        for element in elements:
            if self._introduced_as_update(element) or self._holds_update_time(element):
                continue
            text = _element_text(element)[:MAX_DATE_TEXT]
            if _UPDATED_RE.search(text) and not _PUBLISHED_RE.search(text):
                continue
            match = _PUBLISHED_RE.search(text)
            if match:
                text = text[match.end() :]
                other = _UPDATED_RE.search(text)
                if other:
                    text = text[: other.start()]
            parsed = self.parse(text)
            if parsed is None and element.tag == "time":
                parsed = self.parse(element.get("datetime"))
            if parsed is not None:
                return parsed
        return None

    @staticmethod
    def _introduced_as_update(element: Any) -> bool:
        """True for ``<time class="updated">`` and for "Updated on <time>…</time>"."""
        marker = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
        # WordPress themes mark the date they print "entry-date", whichever of the two it
        # is ("entry-date updated" in some); the hidden hAtom stamp is a bare "updated".
        if ("updated" in marker or "modified" in marker) and "entry-date" not in marker:
            return True
        parent = element.getparent()
        if parent is None:
            return False
        before = (parent.text or "") + "".join(
            (sibling.tail or "") for sibling in element.itersiblings(preceding=True)
        )
        before = before.strip()[-40:]
        return (
            bool(before) and bool(_UPDATED_RE.search(before)) and not _PUBLISHED_RE.search(before)
        )

    def _holds_update_time(self, element: Any) -> bool:
        """Whether a date container's only ``<time>`` is an update stamp: its text is that
        update's, however neutral the container's class."""
        if element.tag == "time":
            return False
        times = list(islice(element.iter("time"), 2))
        return len(times) == 1 and self._introduced_as_update(times[0])

    def _header_date_elements(self) -> list[Any]:
        """Date-like elements just before or after the headline, ``<time>`` first (worked out
        once per page)."""
        if self._header_dates is None:
            self._header_dates = self._find_header_date_elements()
        return self._header_dates

    def _around_h1(self, h1: Any) -> tuple[list[Any], list[Any]]:
        """:func:`_elements_around` the headline (before, after), worked out once per page."""
        if self._around is None:
            self._around = _elements_around(self.page, h1)
        return self._around

    def _find_header_date_elements(self) -> list[Any]:
        h1 = _wordiest_h1(self.page)
        if h1 is None:
            return []
        elements = [
            element
            for element in itertools.chain(*self._around_h1(h1))
            if element.tag == "time" or _is_header_date_class(element)
        ]
        # A reader's comment is not "shown with the headline", however close it sits on a
        # short page: its time must not become the article's.
        elements = [el for el in elements if len(el.text_content()) <= 300 and not in_comments(el)]
        times = [el for el in elements if el.tag == "time"]
        others = [el for el in elements if el.tag != "time"]
        return (times + others)[:MAX_HEADER_DATES]

    def _published_in_article(self) -> datetime | None:
        """A ``<time>`` marked as published or a "Published …" line in the headline's
        ``<article>`` (or right under the headline), or a bare date line there: what beats a
        generic date meta. Unmarked times (a masthead's "today") and lines in sidebars don't."""
        area = self._in_article_area
        return (
            self.from_time_elements(published=True, where=area)
            or self.from_visible(_PUBLISHED_RE, where=area)
            or self.from_published_lines(where=area)
            or self._bare_date_line()
        )

    def _in_article_area(self, element: Any) -> bool:
        """Whether ``element`` sits in the headline's ``<article>``, or (without one) in the
        few elements right under the headline."""
        h1 = _wordiest_h1(self.page)
        if h1 is None:
            return False
        article = next((el for el in h1.iterancestors("article")), None)
        if article is not None:
            return any(el is article for el in element.iterancestors("article"))
        return any(el is element for el in self._header_window())

    def _published_fallbacks(self) -> datetime | None:
        return (
            self.from_time_elements(published=True)
            or self.from_visible(_PUBLISHED_RE)
            or self.from_published_lines()
            or self._bare_date_line()
            or self.from_time_elements(published=False)
            # A full date in the URL is the publisher's own stamp; unlabelled dates in the
            # page's text may belong to sidebars, quoted sources or comments.
            or self.from_url()
            or self.from_visible(None)
            or self.from_text_after_title()
        )

    def from_published_lines(self, where: Callable[[Any], bool] | None = None) -> datetime | None:
        """A short line that opens with "Published", "Veröffentlicht am"… (anywhere, or in
        the elements ``where`` accepts)."""
        nodes = body_texts_matching(self.page, _PUBLISHED_STEM_RE, MAX_PUBLISHED_LINE_CHARS)
        texts = [
            node.text
            for node in nodes
            if not _in_script(node) and (where is None or where(node.element))
        ]
        for text in texts[:MAX_PUBLISHED_LINES]:
            match = _PUBLISHED_LINE_RE.match(text)
            if match:
                parsed = self.parse(text[match.end() :][:MAX_DATE_TEXT])
                if parsed is not None:
                    return parsed
        return None

    def from_text_after_title(self) -> datetime | None:
        """Last resort: a short text right before the headline (a kicker line) or after it
        that reads as a date, or a paragraph after it that opens with a date."""
        h1 = _wordiest_h1(self.page)
        if h1 is None:
            return None
        try:
            after = [str(text).strip() for text in _TEXT_AFTER_TITLE_XPATH(h1)]
            before = [str(text).strip() for text in _TEXT_BEFORE_TITLE_XPATH(h1)]
        except etree.XPathError:
            return None
        for text in after:
            if 6 <= len(text) <= 120 and any(ch.isdigit() for ch in text):
                parsed = self.parse(text)
                if parsed is not None:
                    return parsed
        for text in before:
            if 6 <= len(text) <= 60 and any(ch.isdigit() for ch in text):
                parsed = self.parse(text)
                if parsed is not None:
                    return parsed
        for text in after:
            # "01.02.2022 The labour market…": a press release opening with its date.
            if len(text) > 120 and text[:1].isdigit():
                parsed = self.parse(text[:LEADING_DATE_CHARS])
                if parsed is not None:
                    return parsed
        return None

    def updated(self) -> datetime | None:
        """The last-updated time: site rules, structured data, then an "Updated …" line."""
        rules_value = self.from_rules("updated")
        if rules_value is not None:
            return rules_value
        return (
            self.from_json_ld("dateModified")
            or self.first(self._meta(UPDATED_META))
            or self.from_itemprop("datemodified")
            or self.from_page_json_ld("dateModified")
            or self.from_visible(_UPDATED_RE)
        )

    def from_rules(self, name: str) -> datetime | None:
        if self.rules is None:
            return None
        phrases = getattr(self.rules, f"{name}_phrases", ())
        for selector in self.rules.selectors(name):
            for value in selector.values(self.page.root):
                if phrases and _has_phrase(value, phrases):
                    found = self._after_phrase(value, phrases)
                elif phrases and selector.attribute is None:
                    # Visible text without the phrase ("Posted June 3") is not this date.
                    found = None
                else:
                    found = self.parse(value[:MAX_DATE_TEXT])
                if found is not None:
                    return found
        return None

    def _after_phrase(self, text: str, phrases: tuple[str, ...]) -> datetime | None:
        lowered = text.lower()
        for phrase in phrases:
            index = lowered.find(phrase.lower())
            if index >= 0:
                found = self.parse(text[index + len(phrase) :][:MAX_DATE_TEXT])
                if found is not None:
                    return found
        return None

    def from_json_ld(self, *keys: str) -> datetime | None:
        return self._first_date_in(self.page.article_nodes(), keys)

    def from_page_json_ld(self, key: str) -> datetime | None:
        """``key`` of a JSON-LD node describing the page itself (``WebPage``, ``HowTo``…)
        rather than an article: many sites type their pages so, with the same dates."""
        return self._first_date_in(self.page.json_ld_of_type(*PAGE_TYPES), (key,))

    def _first_date_in(
        self, nodes: Iterable[dict[str, Any]], keys: tuple[str, ...]
    ) -> datetime | None:
        """The first of ``keys`` in the first of ``nodes`` that holds a readable date."""
        for node in nodes:
            for key in keys:
                value = node.get(key)
                if isinstance(value, str):
                    parsed = self.parse(value)
                    if parsed is not None:
                        return parsed
        return None

    def _meta(self, names: tuple[str, ...]) -> list[str]:
        return [value for name in names for value in self.page.meta.get(name, ())]

    def from_itemprop(self, *names: str) -> datetime | None:
        for name in names:
            for element in self.page.itemprops.get(name, ()):
                value = element.get("content") or element.get("datetime") or element.text_content()
                parsed = self.parse(value[:MAX_DATE_TEXT])
                if parsed is not None:
                    return parsed
        return None

    def from_time_elements(
        self, *, published: bool, where: Callable[[Any], bool] | None = None
    ) -> datetime | None:
        """The first ``<time>`` (marked as published or not) outside comments, and where
        ``where`` accepts it when given."""
        for element in self.page.times:
            marker = " ".join(
                (
                    element.get("class") or "",
                    element.get("itemprop") or "",
                    "pubdate" if element.get("pubdate") is not None else "",
                )
            ).lower()
            is_published = "publish" in marker or "pubdate" in marker or "posted" in marker
            if published != is_published or "updated" in marker or "modified" in marker:
                continue
            if in_comments(element) or (where is not None and not where(element)):
                continue  # a reader's comment time is not the article's
            value = element.get("datetime") or element.text_content()
            parsed = self.parse(value[:MAX_DATE_TEXT])
            if parsed is not None:
                return parsed
        return None

    def visible_texts(self) -> list[str]:
        if self._visible is None:
            texts: list[str] = []
            elements = self._date_containers()
            for element in [*elements, *self.page.headline_neighbours()]:
                text = _element_text(element)
                if 6 <= len(text) <= 300:
                    texts.append(text)
            self._visible = texts
        return self._visible

    def _date_containers(self) -> list[Any]:
        """Elements whose class names a date, byline or meta line, or whose id a date or time
        (document order, at most ``MAX_DATE_CONTAINERS``)."""
        by_class = [
            element
            for element in self.page.elements_with_class(_DATE_CLASS_RE)
            if element.tag not in _NOT_DATE_CONTAINERS
        ]
        by_id = set(self.page.elements_with_id(_DATE_ID_RE))
        if not by_id:
            return by_class[:MAX_DATE_CONTAINERS]
        marked = by_id.union(by_class)
        in_order = (el for el in self.page.elements or self.page.root.iter() if el in marked)
        return list(islice(in_order, MAX_DATE_CONTAINERS))

    def from_visible(
        self, phrase_re: re.Pattern[str] | None, where: Callable[[Any], bool] | None = None
    ) -> datetime | None:
        """The first date of the date containers' texts, after ``phrase_re`` when given (only
        in the containers ``where`` accepts, when given)."""
        if where is not None:
            elements = [*self._date_containers(), *self.page.headline_neighbours()]
            texts = [_element_text(element) for element in elements if where(element)]
            texts = [text for text in texts if 6 <= len(text) <= 300]
        else:
            texts = self.visible_texts()
        for text in texts:
            if phrase_re is None:
                parsed = self.parse(text)
                if parsed is not None:
                    return parsed
                continue
            for match in phrase_re.finditer(text):
                rest = text[match.end() :][:MAX_DATE_TEXT]
                # Stop at the next phrase so "Published X Updated Y" keeps them apart.
                other = (_UPDATED_RE if phrase_re is _PUBLISHED_RE else _PUBLISHED_RE).search(rest)
                if other:
                    rest = rest[: other.start()]
                parsed = self.parse(rest)
                if parsed is not None:
                    return parsed
        return None

    def from_url(self) -> datetime | None:
        """A full year-month-day in the page's URL (numeric, month name, or day first)."""
        for year, month, day in _url_date_parts(self.page.url):
            try:
                parsed = datetime(year, month, day, tzinfo=self.zone)
            except ValueError:
                continue
            if parsed <= self.now and parsed.year >= MIN_YEAR:
                return parsed
        return None


# A clock time in a text ("22:41", "10.12 Uhr", "10h12"): a local-time stamp to compare.
_CLOCK_RE = re.compile(r"(?<!\d)\d{1,2}[:h.]\d{2}(?!\d)(?![.]\d)")
# Zone offsets run from -12:00 to +14:00; a shift is read as one only in whole or half hours
# (the rare quarter-hour zones aside), so that another clock time is not taken for it.
MIN_ZONE_SHIFT = timedelta(hours=-12)
MAX_ZONE_SHIFT = timedelta(hours=14)
ZONE_STEP = timedelta(minutes=30)
# Classes that mark an element as a date stamp (not merely a byline or meta line).
_STAMP_CLASS_RE = re.compile("date|time|posted|publish|Date|Time|Posted|Publish")


# Short elements after the headline that may hold a bare date line.
# (A list item is a teaser's or a link's date, not the page's.)
_BARE_LINE_TAGS = frozenset({"p", "span", "div", "h4", "h5", "h6", "strong", "small", "em"})
_LIST_TAGS = frozenset({"li", "ul", "ol", "dd", "a"})
# Counted with the block they sit in: "<h6><a><strong>Name</strong></a> <span>date</span>"
# is one line under the headline.
_INLINE_TAGS = frozenset(
    {"a", "span", "strong", "em", "b", "i", "small", "br", "img", "time", "abbr", "sup", "sub"}
)
MAX_BARE_LINE = 40
MAX_BARE_LINE_CHILDREN = 4
BARE_LINE_WINDOW = 5
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_WORD_RE = re.compile(r"[^\W\d_]+")
# Words a date line may hold besides month names: weekdays (by language), clock words, zones.
_DATE_LINE_VOCABULARY = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs"
    " fri sat sun",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles jueves viernes sábado domingo",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "segunda terça quarta quinta sexta feira",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "am pm a p m uhr h at um à de del le el den the of",
)
_DATE_LINE_WORDS = frozenset(word for line in _DATE_LINE_VOCABULARY for word in line.split())


def _is_date_only(text: str) -> bool:
    """Whether ``text`` holds a year and, besides numbers, only month, weekday and clock
    words: "Friday, 11 December 2023, 10:12 am" is a date line, "Event: 21.02.2020" is not."""
    if not _YEAR_RE.search(text):
        return False
    return all(
        word in MONTHS or word in _DATE_LINE_WORDS or word in TZ_ABBREVIATIONS
        for word in (match.lower() for match in _WORD_RE.findall(text))
    )


def _wordiest_h1(page: Any) -> Any | None:
    """The headline ``<h1>``: of the first three, the one with the most words (a site logo
    or a section name is often an earlier ``<h1>``)."""
    if not page.h1s:
        return None
    return max(page.h1s[:3], key=lambda el: len(el.text_content().split()))


def _in_script(node: TextNode) -> bool:
    """Whether the text node is the content of a ``<script>`` or ``<style>``."""
    parent = node.element.getparent() if node.is_tail else node.element
    return parent is not None and parent.tag in ("script", "style")


def _elements_around(page: Any, h1: Any) -> tuple[list[Any], list[Any]]:
    """The ``HEADER_BEFORE`` elements before ``h1`` (its ancestors aside) and the
    ``HEADER_AFTER`` after it (its descendants aside), each list in document order.

    The same as the XPath axes ``preceding::*`` and ``following::*``, read off the page's
    element list: libxml2 walks the whole document for a reverse axis.
    """
    elements = page.elements
    try:
        start = elements.index(h1)
    except ValueError:  # a page built without its element list
        return list(_BEFORE_XPATH(h1)), list(_AFTER_XPATH(h1))
    end = start + sum(1 for _ in h1.iter())
    ancestors = set(h1.iterancestors())
    before: list[Any] = []
    for element in reversed(elements[max(0, start - HEADER_BEFORE - len(ancestors)) : start]):
        if element not in ancestors:
            before.append(element)
            if len(before) == HEADER_BEFORE:
                break
    before.reverse()
    return before, elements[end : end + HEADER_AFTER]


def _is_header_date_class(element: Any) -> bool:
    classes = element.get("class")
    return (
        bool(classes)
        and element.tag not in ("script", "style")
        and bool(_HEADER_DATE_CLASS_RE.search(classes))
    )


def _url_date_parts(url: str) -> list[tuple[int, int, int]]:
    """Candidate ``(year, month, day)`` triples found in ``url``, most reliable form first."""
    found: list[tuple[int, int, int]] = []
    for regex in _URL_DATE_RES:
        match = regex.search(url)
        if match:
            year, month, day = (int(g) for g in match.groups())
            found.append((year, month, day))
    match = _URL_MONTH_NAME_RE.search(url)
    if match and match.group(2).lower() in MONTHS:
        found.append((int(match.group(1)), MONTHS[match.group(2).lower()], int(match.group(3))))
    match = _URL_DMY_RE.search(url)
    if match:
        found.append((int(match.group(3)), int(match.group(2)), int(match.group(1))))
    return found


def _day_first_for(lang: str | None) -> bool | None:
    """Whether 06/03/2015 reads day first on a page in ``lang``.

    US English (and pages that do not say, or say only "en") leave it to the separator:
    06/03/2015 is month first, 07.11.2023 day first (dotted dates are day first nearly
    everywhere). British, Indian, Australian… English and other languages are day first.
    """
    lang = (lang or "").strip().lower().replace("_", "-")
    if not lang or lang in ("en", "en-us"):
        return None
    return True


def _element_text(element: Any) -> str:
    """The element's text with a space between text nodes ("10 min read" + "June 3")."""
    return spaced_text(element, 600)


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(phrase.lower() in lowered for phrase in phrases)
