"""Byline cleaning and name validation: raw author strings to a clean list of names."""

from __future__ import annotations

import html
import re

from newscrawl.extract.authors.vocabulary import (
    AFFILIATION_WORDS,
    AS_TOLD_TO_RE,
    BY_RE,
    COMPANY_WORDS,
    CONTRIBUTORS_RE,
    CREDIT_START_RE,
    CREDIT_WORDS,
    DATE_LINE_WORDS,
    DATE_WORD_RE,
    EDGE_STOPWORDS,
    EMAIL_RE,
    FOR_OUTLET_RE,
    GENERATION_SUFFIXES,
    HANDLE_RE,
    INNER_BY_RE,
    LABEL_RE,
    MAX_AUTHORS,
    MAX_NAME_CHARS,
    MAX_NAME_WORDS,
    NAME_CHAR_RE,
    NAME_PARTICLES,
    NOT_A_NAME_WORDS,
    OUTLET_WORDS,
    ROLE_WORDS,
    SIGNING_WORDS,
    SPLIT_RE,
    SYSTEM_ACCOUNTS,
    TEAM_BYLINES,
    URL_RE,
)


def clean_author_names(raw: list[str]) -> list[str]:
    """Split, clean and de-duplicate raw author strings into a list of names."""
    names: list[str] = []
    seen: set[str] = set()
    for value in raw:
        if not isinstance(value, str):
            continue
        for name in _split_names(value):
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
            if len(names) >= MAX_AUTHORS:
                return names
    return names


def _dedupe_repeated(words: list[str]) -> list[str]:
    """ "Jane Doe Jane Doe" (a name printed twice, e.g. avatar text and link) → "Jane Doe"."""
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return words[:half]
    return words


def _split_names(value: str) -> list[str]:
    # JSON-LD often carries HTML entities ("O&#039;Hara").
    text = " ".join(EMAIL_RE.sub(" ", html.unescape(value)).split())
    # "By Jane Doe Contributions from John Roe": contributors and editors are not authors.
    contributors = CONTRIBUTORS_RE.search(text)
    if contributors and contributors.start() > 0:
        text = text[: contributors.start()]
    if CREDIT_START_RE.match(text):
        return []  # "(Image: Instagram/jdoe)": a picture credit, not a byline
    # "Ann Lee as told to Jane Doe": the one telling is the subject, the writer follows.
    told = AS_TOLD_TO_RE.search(text)
    if told:
        text = text[told.end() :]
    # "December 22, 2023 3:00 AM ET By Jane Doe": the date line before the byline proper.
    inner_by = INNER_BY_RE.search(text)
    if inner_by and any(ch.isdigit() for ch in text[: inner_by.start()]):
        text = text[inner_by.start() :]
    text = LABEL_RE.sub("", text)
    text = BY_RE.sub("", text)
    names = []
    for index, whole_part in enumerate(SPLIT_RE.split(text)):
        # "Jane Doe for The Example Times", "Jane Doe For Example.com": the outlet written for.
        part = FOR_OUTLET_RE.split(whole_part, maxsplit=1)[0]
        if index and _is_affiliation(part):
            break  # "Jane Doe, The Daily Example": the rest names the outlet
        name = _clean_name(part)
        if name:
            names.append(name)
    return names


def _is_affiliation(part: str) -> bool:
    """A byline part naming an outlet or institution ("The Example Journal", "Example
    Report", "National Institute of Examples") rather than a person."""
    words = part.split()
    if not words:
        return False
    if words[0] in ("The", "the") and len(words) >= 2:
        return True
    if any(word.strip(".,") in OUTLET_WORDS for word in words):
        return True
    # "… Institute of Examples": a lower-case joining word inside a long capitalised part
    return len(words) >= 3 and any(word in ("of", "for") for word in words[1:-1])


def _drop_trailing_affiliation(words: list[str]) -> list[str]:
    """ "Jane Doe EXAMPLE NETWORK" → "Jane Doe"; "Jane Doe jdoe" → "Jane Doe".

    Trailing all-capitals words (an outlet) or a trailing lower-case word (a handle) follow a
    name written in mixed case; the name itself keeps at least two words.
    """
    capitalised = [w for w in words if w[:1].isupper() and not w.isupper()]
    if len(capitalised) < 2:
        return words
    while len(words) > 2 and (
        (
            words[-1].isupper()
            and len(words[-1]) > 1
            and "." not in words[-1]
            and words[-1] not in GENERATION_SUFFIXES
        )
        or (words[-1].islower() and words[-1] not in EDGE_STOPWORDS)
    ):
        words = words[:-1]
    return words


# A numeric date after the first word ("von jdoe42 18.10.2019 16:06 Uhr").
_HANDLE_THEN_DATE_RE = re.compile(r"^\S+\s+\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def handle_name(raw: str) -> str | None:
    """A user name printed alone in a byline element ("jdoe42", "JanaB"), or after "von"/"by"
    and before the date (blog themes print "von jdoe42 18.10.2019")."""
    stripped = raw.strip(" \t-–—:|•·")
    text = BY_RE.sub("", stripped).strip()
    if text != stripped.strip() and _HANDLE_THEN_DATE_RE.match(text):
        text = text.split(" ", 1)[0]
    if not HANDLE_RE.match(text) or any(ch.isdigit() for ch in text[:1]):
        return None
    lowered = text.lower()
    if lowered in ROLE_WORDS or lowered in CREDIT_WORDS or lowered in NOT_A_NAME_WORDS:
        return None
    if lowered in DATE_LINE_WORDS:
        return None  # "Veröffentlicht", "Montag": the start of a date line
    if any(account in lowered for account in SYSTEM_ACCOUNTS):
        return None  # "wpadmin", "webmaster": the blog software's account
    return text


def _clean_name(part: str) -> str | None:
    part = BY_RE.sub("", part.strip(" \t-–—:|•·")).strip()
    if not part or URL_RE.search(part) or part.startswith("@"):
        return None
    # Cut at a date or time that trails the name ("Jane Doe Updated 3:04 pm").
    match = DATE_WORD_RE.search(part)
    if match:
        part = part[: match.start()].strip(" ,-–—|")
    part = NAME_CHAR_RE.sub(" ", part)
    words = part.split()
    if words and words[0].lower() in CREDIT_WORDS:
        return None  # "Image: Example", "Photo Agency"
    if any(word.lower() in NOT_A_NAME_WORDS for word in words):
        return None
    while words and words[-1].lower() in EDGE_STOPWORDS:
        words.pop()
    while words and words[0] in EDGE_STOPWORDS:
        words.pop(0)
    words = _dedupe_repeated(words)
    # Credentials after a name ("Jane Doe MA") are not part of it.
    mixed_case = any(not word.isupper() for word in words)
    while (
        mixed_case
        and len(words) > 1
        and words[-1].isupper()
        and 2 <= len(words[-1]) <= 4
        and "." not in words[-1]
        and words[-1] not in GENERATION_SUFFIXES
    ):
        words.pop()
    signed = False
    while words and words[-1].lower().strip(".") in ROLE_WORDS:
        signed = signed or words[-1].lower().strip(".") in SIGNING_WORDS
        words.pop()
    if signed and len(words) == 1:
        return None  # "Metro Desk", "Sports Staff": a desk, not a person named "Metro"
    had_leading_role = bool(words) and words[0].lower().strip(".") in ROLE_WORDS
    while words and words[0].lower().strip(".") in ROLE_WORDS:
        words.pop(0)
    if had_leading_role and words and words[0] in AFFILIATION_WORDS:
        return None  # "CTO of Example Labs": a role and its organisation, no name
    words = _drop_trailing_affiliation(words)
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    if any(word.lower() in ROLE_WORDS for word in words) and len(words) > 3:
        return None
    name = " ".join(words)
    if len(name) > MAX_NAME_CHARS or not any(ch.isalpha() for ch in name):
        return None
    if any(ch.isdigit() for ch in name):
        return None
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
        return None  # "RDN", "AP": credentials and agency codes
    if name.islower():
        return None  # lower-case words are a handle (kept elsewhere) or a stray phrase
    if any(word.endswith(("'s", "’s")) for word in words):
        return None  # "Jane Doe's Journal": a site or column named after someone
    if any(word.lower().strip(".") in COMPANY_WORDS for word in words):
        return None  # "Example Media GmbH"
    return name


def looks_like_name(name: str) -> bool:
    """Every word capitalised (particles like "van" aside), and the last one too."""
    words = name.split()
    return (
        len(words) >= 2
        and words[-1][:1].isupper()
        and all(word[:1].isupper() or word in NAME_PARTICLES for word in words)
    )


def team_byline(text: str) -> str | None:
    """ "von Redaktion |" → "Redaktion": a byline naming only the editorial team."""
    stripped = BY_RE.sub("", text.strip()).strip(" ,.:;|-–—")
    return stripped if stripped.lower() in TEAM_BYLINES else None
