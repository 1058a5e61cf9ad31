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
from types import MappingProxyType

# Years outside this window are almost always misreads (phone numbers, ids, prices).
MIN_YEAR = 1990
MAX_YEAR = 2100
# Long strings are whole paragraphs; dates are found in them by searching, but only the start.
MAX_INPUT_CHARS = 400

_MONTH_WORDS: MappingProxyType[int, tuple[str, ...]] = MappingProxyType(
    {
        1: (
            "january",
            "jan",
            "januar",
            "jänner",
            "janvier",
            "janv",
            "enero",
            "ene",
            "gennaio",
            "gen",
            "janeiro",
            "januari",
            "jan.",
        ),
        2: (
            "february",
            "feb",
            "februar",
            "feber",
            "février",
            "fevrier",
            "févr",
            "fevr",
            "febrero",
            "febbraio",
            "fevereiro",
            "fev",
            "fév",
            "februari",
        ),
        3: (
            "march",
            "mar",
            "märz",
            "mär",
            "maerz",
            "mars",
            "marts",
            "marzo",
            "março",
            "marco",
            "maart",
            "mrt",
        ),
        4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
        5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj"),
        6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"),
        7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
        8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "augusti"),
        9: (
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "setiembre",
            "set",
            "settembre",
            "setembro",
        ),
        10: (
            "october",
            "oct",
            "oktober",
            "okt",
            "octobre",
            "octubre",
            "ottobre",
            "ott",
            "outubro",
            "out",
        ),
        11: ("november", "nov", "novembre", "noviembre", "novembro"),
        12: (
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
            "dicembre",
            "dezembro",
            "dec.",
        ),
    }
)
MONTHS: MappingProxyType[str, int] = MappingProxyType(
    {word.rstrip("."): number for number, words in _MONTH_WORDS.items() for word in words}
)

# Zone abbreviations seen in bylines. Ambiguous ones (IST, CST in Asia) take the most common
# reading on English-language news pages.
TZ_ABBREVIATIONS: MappingProxyType[str, int] = MappingProxyType(
    {
        "utc": 0,
        "gmt": 0,
        "z": 0,
        "wet": 0,
        "bst": 60,
        "west": 60,
        "cet": 60,
        "mez": 60,
        "cest": 120,
        "mesz": 120,
        "eet": 120,
        "eest": 180,
        "msk": 180,
        "ist": 330,
        "est": -300,
        "edt": -240,
        "cst": -360,
        "cdt": -300,
        "mst": -420,
        "mdt": -360,
        "pst": -480,
        "pdt": -420,
        "akst": -540,
        "akdt": -480,
        "hst": -600,
        "et": -300,
        "jst": 540,
        "kst": 540,
        "hkt": 480,
        "sgt": 480,
        "awst": 480,
        "aest": 600,
        "aedt": 660,
        "acst": 570,
        "nzst": 720,
        "nzdt": 780,
        "wib": 420,
        "pht": 480,
        "sast": 120,
        "brt": -180,
    }
)

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
# Day first with a space after each dot: "4. 2. 2022" (Czech, Slovak, often German). Only
# dots: other spaced separators ("3 | 1 | 2022") set scores and page numbers as well.
_SPACED_DMY_RE = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?"
    r"(?P<year>\d{4})(?!\d)(?:" + _TIME + r")?",
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
_UNIT_SECONDS: MappingProxyType[str, int] = MappingProxyType(
    {
        "s": 1,
        "m": 60,
        "h": 3600,
        "d": 86400,
        "w": 7 * 86400,
        "mo": 30 * 86400,
        "y": 365 * 86400,
    }
)
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


def _parse(text: str, tz: tzinfo, now: datetime | None, day_first: bool | None) -> datetime | None:
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
        match = _SPACED_DMY_RE.search(text)
        return _build(match.groupdict(), tz) if match else None
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
