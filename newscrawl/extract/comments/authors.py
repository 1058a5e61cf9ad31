"""A commenter's name: cleaning a name line ("Jane says:", "By Jane | March 3")."""

from __future__ import annotations

from newscrawl.extract.comments.patterns import (
    AUTHOR_NOISE_RE,
    MAX_AUTHOR_CHARS,
    MAX_AUTHOR_WORDS,
    NAME_SEPARATOR_RE,
    SAYS_LINE_RE,
)
from newscrawl.extract.dates import parse_datetime


def split_says_line(author: str | None, body: str) -> tuple[str | None, str]:
    """Move a leading "Jane says:" line out of the body (into the author when there is none)."""
    first, _, rest = body.partition("\n")
    match = SAYS_LINE_RE.match(first)
    if not match:
        return author, body
    name = clean_author(match.group("name"))
    if author is None and name:
        return name, rest
    if author is not None and name and name.casefold() == author.casefold():
        return author, rest
    return author, body


def before_separator(text: str) -> str:
    """ "Jane Doe | 21. April 2020" -> "Jane Doe": a name heading that also holds the date."""
    return NAME_SEPARATOR_RE.split(text, 1)[0]


def clean_author(text: str) -> str | None:
    """A name without "By"/"says:" and separators; None when it is no name (too long, a date)."""
    text = text.strip(" ,;·•-–—")
    previous = None
    while text and text != previous:
        previous = text
        text = AUTHOR_NOISE_RE.sub("", text).strip()
    if not text or len(text) > MAX_AUTHOR_CHARS or len(text.split()) > MAX_AUTHOR_WORDS:
        return None
    if parse_datetime(text) is not None and any(ch.isdigit() for ch in text):
        return None
    return text
