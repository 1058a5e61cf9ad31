"""Date parsing for news pages: ``parse_datetime`` turns one date string into an aware datetime.

It understands ISO 8601 (also with a space and without a colon in the offset), RFC 2822,
textual dates in English, German, French, Spanish, Italian, Portuguese and Dutch
("June 3, 2015 at 10:12 am", "3. Juni 2015, 10.12 Uhr", "le 3 juin 2015 à 10h12",
"3 de junio de 2015"), numeric forms ("03.06.2015", "2015/06/03", "06/03/2015") and, when
``now`` is given, relative forms ("3 hours ago", "yesterday"). It never raises: anything it
cannot read confidently is ``None``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree

# Years outside this window are almost always misreads (phone numbers, ids, prices).
MIN_YEAR = 1990
MAX_YEAR = 2100
# Long strings are whole paragraphs; dates are found in them by searching, but only the start.
MAX_INPUT_CHARS = 400

_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio",
        "gen", "janeiro", "januari", "jan."),
    2: ("february", "feb", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero",
        "febbraio", "fevereiro", "fev", "februari"),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mrt"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "set", "settembre", "setembro"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott",
         "outubro", "out"),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre",
          "dic", "dicembre", "dezembro", "dec."),
}
MONTHS: dict[str, int] = {
    word.rstrip("."): number for number, words in _MONTH_WORDS.items() for word in words
}

# Zone abbreviations seen in bylines. Ambiguous ones (IST, CST in Asia) take the most common
# reading on English-language news pages.
TZ_ABBREVIATIONS: dict[str, int] = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "west": 60, "cet": 60, "mez": 60,
    "cest": 120, "mesz": 120, "eet": 120, "eest": 180, "msk": 180, "ist": 330,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600, "et": -300,
    "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "awst": 480, "aest": 600, "aedt": 660,
    "acst": 570, "nzst": 720, "nzdt": 780, "wib": 420, "pht": 480, "sast": 120, "brt": -180,
}

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TZ_ALT = "|".join(sorted(TZ_ABBREVIATIONS, key=len, reverse=True))

# Clock time after a date: "10:12", "10:12:33", "10.12 Uhr", "10h12", "10:12 a.m.", "10 am".
_TIME = (
    r"(?:\s*(?:,|at|um|à|a\s+las|alle|às|om|-|–|—|\||/)?\s*)"
    r"(?P<hour>\d{1,2})(?:(?:[:.h](?P<minute>\d{2}))(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"|(?=\s*[ap]\.?\s?m\b))"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?(?:\s*(?:uhr|h\b|hrs\b|horas\b|ore\b))?"
    r"(?:\s*\(?(?P<tz>" + _TZ_ALT + r"|[+-]\d{2}:?\d{2}|(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?)"
    r"(?![a-z])\)?)?"
)

_ISO_RE = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"
    r"(?:[T\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?",
    re.IGNORECASE,
)
_COMPACT_ISO_RE = re.compile(
    r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})?(?P<tz>Z|[+-]\d{4})?)?$",
    re.IGNORECASE,
)
# "June 3, 2015", "Jun. 3rd 2015", "June 3 2015 10:12 am"
_MONTH_DAY_YEAR_RE = re.compile(
    r"(?<![a-zà-ÿ])(?P<monthname>" + _MONTH_ALT + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"\s*,?\s*(?P<year>\d{4})(?!\d)(?:" + _TIME + r")?",
    re.IGNORECASE,
)
# "3 June 2015", "3. Juni 2015", "3 de junio de 2015", "1er juin 2015", "03-Jun-2015"
_DAY_MONTH_YEAR_RE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?\s*(?:de\s+|-|/)?"
    r"(?P<monthname>" + _MONTH_ALT + r")\.?(?:\s*,?\s*(?:de\s+|del\s+|-|/)?)"
    r"(?P<year>\d{4})(?!\d)(?:" + _TIME + r")?",
    re.IGNORECASE,
)
# "2015 June 3" (rare, but used by some Asian sites in English)
_YEAR_MONTH_DAY_RE = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s+(?P<monthname>" + _MONTH_ALT + r")\.?\s+(?P<day>\d{1,2})(?!\d)"
    r"(?:" + _TIME + r")?",
    re.IGNORECASE,
)
# "2015/06/03", "2015.06.03"
_NUMERIC_YMD_RE = re.compile(
    r"(?<!\d)(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)(?:" + _TIME + r")?",
    re.IGNORECASE,
)
# "03.06.2015", "06/03/2015", "3-6-15"
_NUMERIC_DMY_RE = re.compile(
    r"(?<![\d.])(?P<first>\d{1,2})(?P<sep>[./-])(?P<second_>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4}|\d{2})(?![\d])(?:" + _TIME + r")?",
    re.IGNORECASE,
)
_RELATIVE_RE = re.compile(
    r"(?P<count>\d+|an?|one)\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?"
    r"|months?|years?)\s+ago"
    r"|vor\s+(?P<de_count>\d+|einer?|einem)\s+(?P<de_unit>sekunden?|minuten?|stunden?|tag(?:en)?"
    r"|wochen?|monat(?:en)?|jahr(?:en)?)"
    r"|il\s+y\s+a\s+(?P<fr_count>\d+|une?)\s+(?P<fr_unit>secondes?|minutes?|heures?|jours?"
    r"|semaines?|mois|ans?)"
    r"|hace\s+(?P<es_count>\d+|una?)\s+(?P<es_unit>segundos?|minutos?|horas?|d[ií]as?|semanas?"
    r"|mes(?:es)?|años?)",
    re.IGNORECASE,
)
_UNIT_SECONDS: dict[str, int] = {
    "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "mo": 30 * 86400, "y": 365 * 86400,
}
_YESTERDAY_RE = re.compile(r"\b(yesterday|gestern|hier|ayer)\b", re.IGNORECASE)
_TODAY_RE = re.compile(r"\b(today|just now|heute|aujourd'hui|hoy)\b", re.IGNORECASE)
_OFFSET_RE = re.compile(r"^(?:gmt|utc)?\s*([+-])\s*(\d{1,2}):?(\d{2})?$", re.IGNORECASE)
_RFC2822_HINT_RE = re.compile(
    r"^\s*(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}", re.IGNORECASE
)
_SPACES_RE = re.compile(r"\s+")


def parse_datetime(
    text: str,
    *,
    default_tz: tzinfo | None = None,
    now: datetime | None = None,
    day_first: bool | None = None,
) -> datetime | None:
    """Parse one date (with optional time and zone) out of ``text``; ``None`` when there is none.

    The result is always timezone-aware: a stated offset or zone abbreviation is kept as the
    page states it; otherwise ``default_tz`` (UTC when not given) is attached. A date without a
    time is midnight. ``now`` enables relative forms ("2 hours ago", "yesterday").
    ``day_first`` settles ambiguous numeric dates like 06/03/2015 (default: month first with
    slashes, as in US English; day first with dots or dashes, as in Europe).
    Never raises.
    """
    try:
        return _parse(text, default_tz or timezone.utc, now, day_first)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def _parse(
    text: str, tz: tzinfo, now: datetime | None, day_first: bool | None
) -> datetime | None:
    if not isinstance(text, str):
        return None
    text = _SPACES_RE.sub(" ", text[:MAX_INPUT_CHARS].replace("\u00a0", " ")).strip()
    if not text:
        return None
    for parser in (_parse_iso, _parse_compact_iso, _parse_rfc2822):
        result = parser(text, tz)
        if result is not None:
            return result
    result = _parse_textual(text, tz)
    if result is not None:
        return result
    result = _parse_numeric(text, tz, day_first)
    if result is not None:
        return result
    if now is not None:
        return _parse_relative(text, now)
    return None


def _parse_iso(text: str, tz: tzinfo) -> datetime | None:
    match = _ISO_RE.search(text)
    if not match:
        return None
    return _build(match.groupdict(), tz)


def _parse_compact_iso(text: str, tz: tzinfo) -> datetime | None:
    match = _COMPACT_ISO_RE.match(text)
    if not match:
        return None
    return _build(match.groupdict(), tz)


def _parse_rfc2822(text: str, tz: tzinfo) -> datetime | None:
    if not _RFC2822_HINT_RE.match(text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _parse_textual(text: str, tz: tzinfo) -> datetime | None:
    # The earliest match wins: "Published June 3, 2015. Updated June 4, 2015" is June 3.
    best: tuple[int, datetime] | None = None
    for regex in (_MONTH_DAY_YEAR_RE, _DAY_MONTH_YEAR_RE, _YEAR_MONTH_DAY_RE):
        match = regex.search(text)
        if not match:
            continue
        fields = match.groupdict()
        fields["month"] = str(MONTHS[fields.pop("monthname").lower().rstrip(".")])
        result = _build(fields, tz)
        if result is not None and (best is None or match.start() < best[0]):
            best = (match.start(), result)
    return best[1] if best else None


def _parse_numeric(text: str, tz: tzinfo, day_first: bool | None) -> datetime | None:
    match = _NUMERIC_YMD_RE.search(text)
    if match:
        return _build(match.groupdict(), tz)
    match = _NUMERIC_DMY_RE.search(text)
    if not match:
        return None
    fields = match.groupdict()
    first, second = int(fields.pop("first")), int(fields.pop("second_"))
    if day_first is None:
        day_first = fields.pop("sep") != "/"
    else:
        fields.pop("sep")
    if first > 12 >= second:
        day_first = True
    elif second > 12 >= first:
        day_first = False
    day, month = (first, second) if day_first else (second, first)
    year = int(fields["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    fields.update(day=str(day), month=str(month), year=str(year))
    return _build(fields, tz)


def _parse_relative(text: str, now: datetime) -> datetime | None:
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    match = _RELATIVE_RE.search(text)
    if match:
        groups = match.groupdict()
        for prefix in ("", "de_", "fr_", "es_"):
            if groups.get(prefix + "count"):
                count = _relative_count(groups[prefix + "count"])
                unit = _relative_unit(groups[prefix + "unit"].lower())
                return now - timedelta(seconds=count * _UNIT_SECONDS[unit])
    if _YESTERDAY_RE.search(text):
        return (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    if _TODAY_RE.search(text):
        return now
    return None


def _relative_count(word: str) -> int:
    return int(word) if word.isdigit() else 1


def _relative_unit(word: str) -> str:
    if word.startswith(("mo", "mes")) and not word.startswith("min"):
        return "mo"
    if word.startswith(("min",)):
        return "m"
    if word.startswith(("y", "j", "a")) and not word.startswith("jou"):
        # years / Jahre / años / ans; "jours" is days
        return "y"
    if word.startswith(("d", "t", "jou")):
        return "d"
    if word.startswith(("w", "se", "sem")) and not word.startswith(("sec", "seg", "sek")):
        return "w"
    if word.startswith(("h", "st")):
        return "h"
    return "s"


def _build(fields: dict[str, str | None], tz: tzinfo) -> datetime | None:
    year, month, day = int(fields["year"] or 0), int(fields["month"] or 0), int(fields["day"] or 0)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    hour = int(fields.get("hour") or 0)
    minute = int(fields.get("minute") or 0)
    second = int(fields.get("second") or 0)
    ampm = (fields.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    zone = _zone(fields.get("tz")) or tz
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    cleaned = text.strip().lower()
    if cleaned in TZ_ABBREVIATIONS:
        return timezone(timedelta(minutes=TZ_ABBREVIATIONS[cleaned]))
    match = _OFFSET_RE.match(cleaned)
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# --- page-level extraction -------------------------------------------------------------

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published",
    "datepublished", "published_time", "publish_date", "publish-date", "publishdate",
    "pubdate", "pub_date", "publication_date", "article.published", "article_date_original",
    "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.date", "dc.date.created", "dcterms.created", "date", "original-publish-date",
    "cxenseparse:recs:publishtime", "og:pubdate", "displaydate", "release_date",
    "dateposted", "article:post_date",
)
UPDATED_META = (
    "article:modified_time", "og:article:modified_time", "article:modified", "og:updated_time",
    "datemodified", "modified_time", "last-modified", "lastmod", "dc.date.modified",
    "dcterms.modified", "article.updated", "updated_time", "article:updated_time",
)

_PHRASE_TAIL = r"\s*(?:on|at|am|um|le|el|il|em|op|:|-|–)?\s*:?\s*"
UPDATED_PHRASES = (
    "last updated", "last modified", "updated", "modified", "edited", "corrected",
    "zuletzt aktualisiert",
    "aktualisiert", "geändert", "mis à jour", "mise à jour", "modifié", "actualizado",
    "actualización", "modificado", "aggiornato", "atualizado", "bijgewerkt",
)
PUBLISHED_PHRASES = (
    "first published", "published", "posted", "veröffentlicht", "erschienen", "publié",
    "publicado", "pubblicato", "gepubliceerd", "erstellt", "date",
)
# "Edited by …", "Reviewed by …" name people, not an update time.
_UPDATED_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in UPDATED_PHRASES) + r")(?!\w)(?!\s*by\b)"
    + _PHRASE_TAIL,
    re.IGNORECASE,
)
_PUBLISHED_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(p) for p in PUBLISHED_PHRASES) + r")(?!\w)"
    + _PHRASE_TAIL,
    re.IGNORECASE,
)
_EXPLICIT_ZONE_RE = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)\s*$")
_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])"),
    re.compile(r"[/_-]((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"),
)
# Elements whose class or id names a date, a byline or the article's meta line.
_DATE_CLASS_WORDS = (
    "date", "time", "posted", "publish", "updated", "byline", "meta", "info", "datum", "zeit",
    "fecha", "data", "stamp", "dateline", "author", "header", "subline", "kicker",
)


def _class_contains_any(words: tuple[str, ...]) -> str:
    """XPath test: the class contains one of ``words`` (lower case or capitalised).

    Plain ``contains`` on two spellings is much cheaper than ``translate`` on every element.
    """
    return " or ".join(
        f"contains(@class,'{variant}')" for word in words for variant in (word, word.title())
    )


_DATE_CONTAINERS_XPATH = etree.XPath(
    "//*[@class and not(self::script) and not(self::style) and not(self::html)"
    " and not(self::body) and (" + _class_contains_any(_DATE_CLASS_WORDS) + ")]"
    " | //*[contains(@id,'date') or contains(@id,'time')]"
)
MAX_DATE_TEXT = 200
# How many elements before/after the <h1> form its "header", and how many dates are read.
HEADER_BEFORE = 12
HEADER_AFTER = 80
MAX_HEADER_DATES = 6
_DATE_TEST = (
    "[self::time or (@class and not(self::script) and not(self::style) and ("
    + _class_contains_any(("date", "time", "posted", "publish", "byline", "meta"))
    + "))]"
)
_HEADER_DATES_XPATH = etree.XPath(
    f"preceding::*[position() <= {HEADER_BEFORE}]{_DATE_TEST}"
    f" | following::*[position() <= {HEADER_AFTER}]{_DATE_TEST}"
)


def extract_dates(
    page: Any, rules: Any = None, *, now: datetime | None = None
) -> tuple[datetime | None, datetime | None]:
    """``(published_at, updated_at)`` of a page: site rules, then JSON-LD, meta tags,
    microdata, ``<time>`` elements, visible "Published/Updated" lines, and the URL.

    Dates after ``now`` (the fetch time) are ignored; an "updated" date before the published
    one is dropped.
    """
    now = now or datetime.now(timezone.utc)
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
        if not text:
            return None
        parsed = parse_datetime(text, default_tz=self.zone)
        if parsed is None or parsed > self.now:
            return None
        return parsed

    def first(self, texts: list[str]) -> datetime | None:
        for text in texts:
            parsed = self.parse(text)
            if parsed is not None:
                return parsed
        return None

    def published(self) -> datetime | None:
        ruled = self.from_rules("published")
        if ruled is not None:
            return ruled
        structured = (
            self.from_json_ld("datePublished", "dateCreated", "uploadDate")
            or self.first(self._meta(PUBLISHED_META))
            or self.from_itemprop("datepublished", "datecreated")
        )
        displayed = self.displayed()
        if structured is None:
            return displayed or self._published_fallbacks()
        if displayed is None or displayed.date() == structured.date():
            return structured
        if displayed >= structured - timedelta(days=1):
            # The page shows another day under its headline (a local day of a UTC stamp, or
            # the day of a re-publication): that is the day the page states.
            return displayed
        return structured

    def displayed(self) -> datetime | None:
        """The date shown with the headline (first ``<time>`` or date line near the ``<h1>``),
        unless it is introduced as an update."""
        for element in self._header_date_elements():
            if self._introduced_as_update(element):
                continue
            text = _element_text(element)[:MAX_DATE_TEXT]
            if _UPDATED_RE.search(text) and not _PUBLISHED_RE.search(text):
                continue
            match = _PUBLISHED_RE.search(text)
            if match:
                text = text[match.end():]
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
        if "updated" in marker or "modified" in marker:
            return True
        parent = element.getparent()
        if parent is None:
            return False
        before = (parent.text or "") + "".join(
            (sibling.tail or "") for sibling in element.itersiblings(preceding=True)
        )
        before = before.strip()[-40:]
        return bool(before) and bool(_UPDATED_RE.search(before)) and not _PUBLISHED_RE.search(
            before
        )

    def _header_date_elements(self) -> list[Any]:
        """Date-like elements just before or after the headline, ``<time>`` first."""
        if not self.page.h1s:
            return []
        h1 = max(self.page.h1s[:3], key=lambda el: len(el.text_content().split()))
        try:
            elements = _HEADER_DATES_XPATH(h1)
        except etree.XPathError:
            return []
        elements = [el for el in elements if len(el.text_content()) <= 300]
        times = [el for el in elements if el.tag == "time"]
        others = [el for el in elements if el.tag != "time"]
        return (times + others)[:MAX_HEADER_DATES]

    def _published_fallbacks(self) -> datetime | None:
        return (
            self.from_time_elements(published=True)
            or self.from_visible(_PUBLISHED_RE)
            or self.from_time_elements(published=False)
            or self.from_visible(None)
            or self.from_url()
        )

    def updated(self) -> datetime | None:
        rules_value = self.from_rules("updated")
        if rules_value is not None:
            return rules_value
        return (
            self.from_json_ld("dateModified")
            or self.first(self._meta(UPDATED_META))
            or self.from_itemprop("datemodified")
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
                found = self.parse(text[index + len(phrase):][:MAX_DATE_TEXT])
                if found is not None:
                    return found
        return None

    def from_json_ld(self, *keys: str) -> datetime | None:
        for node in self.page.article_nodes():
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
                value = (element.get("content") or element.get("datetime")
                         or element.text_content())
                parsed = self.parse(value[:MAX_DATE_TEXT])
                if parsed is not None:
                    return parsed
        return None

    def from_time_elements(self, *, published: bool) -> datetime | None:
        for element in self.page.times:
            marker = " ".join((element.get("class") or "", element.get("itemprop") or "",
                               "pubdate" if element.get("pubdate") is not None else "")).lower()
            is_published = "publish" in marker or "pubdate" in marker or "posted" in marker
            if published != is_published or "updated" in marker or "modified" in marker:
                continue
            value = element.get("datetime") or element.text_content()
            parsed = self.parse(value[:MAX_DATE_TEXT])
            if parsed is not None:
                return parsed
        return None

    def visible_texts(self) -> list[str]:
        if self._visible is None:
            texts: list[str] = []
            try:
                elements = _DATE_CONTAINERS_XPATH(self.page.root)
            except etree.XPathError:  # a broken tree must not stop extraction
                elements = []
            for element in [*elements[:200], *self._title_neighbours()]:
                text = _element_text(element)
                if 6 <= len(text) <= 300:
                    texts.append(text)
            self._visible = texts
        return self._visible

    def _title_neighbours(self) -> list[Any]:
        """Short elements right after the headline: where bylines and dates usually sit."""
        if not self.page.h1s:
            return []
        h1 = self.page.h1s[0]
        neighbours = [el for el in h1.itersiblings() if isinstance(el.tag, str)][:4]
        parent = h1.getparent()
        if parent is not None:
            neighbours += [el for el in parent.itersiblings() if isinstance(el.tag, str)][:3]
        return neighbours

    def from_visible(self, phrase_re: re.Pattern[str] | None) -> datetime | None:
        for text in self.visible_texts():
            if phrase_re is None:
                parsed = self.parse(text)
                if parsed is not None:
                    return parsed
                continue
            for match in phrase_re.finditer(text):
                rest = text[match.end():][:MAX_DATE_TEXT]
                # Stop at the next phrase so "Published X Updated Y" keeps them apart.
                other = (_UPDATED_RE if phrase_re is _PUBLISHED_RE else _PUBLISHED_RE).search(rest)
                if other:
                    rest = rest[: other.start()]
                parsed = self.parse(rest)
                if parsed is not None:
                    return parsed
        return None

    def from_url(self) -> datetime | None:
        for regex in _URL_DATE_RES:
            match = regex.search(self.page.url)
            if match:
                try:
                    parsed = datetime(*(int(g) for g in match.groups()), tzinfo=self.zone)
                except ValueError:
                    continue
                if parsed <= self.now and parsed.year >= MIN_YEAR:
                    return parsed
        return None


def _element_text(element: Any) -> str:
    """The element's text with a space between text nodes ("10 min read" + "June 3")."""
    return " ".join(" ".join(element.itertext()).split())[:600]


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(phrase.lower() in lowered for phrase in phrases)
