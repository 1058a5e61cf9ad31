"""Dates of news pages.

* :func:`parse_datetime` reads one date string (ISO 8601, RFC 2822, textual dates in several
  languages, numeric and relative forms) into an aware datetime (``parsing``).
* :func:`extract_dates` finds a page's published and updated times (``finder``).
"""

from newscrawl.extract.dates.finder import extract_dates
from newscrawl.extract.dates.parsing import parse_datetime

__all__ = ["extract_dates", "parse_datetime"]
