"""The site's and publisher's own names, which are never an article's author."""

from __future__ import annotations

import html
import re
from typing import Any

from newscrawl.extract.authors.names import looks_like_name
from newscrawl.extract.authors.vocabulary import (
    AGENCY_NAMES,
    BY_RE,
    EMAIL_RE,
    LABEL_RE,
    MAX_NAME_CHARS,
    ROLE_WORDS,
    SIGNING_WORDS,
    TEAM_BYLINES,
    URL_RE,
)
from newscrawl.extract.page import Page
from newscrawl.extract.text import squash


def organisation_names(page: Page) -> set[str]:
    """Squashed names of the site and its publisher (``og:site_name``, JSON-LD, host labels)."""
    names = [*page.meta.get("og:site_name", ()), *page.meta.get("application-name", ())]
    for node in page.json_ld:
        if is_organization_node(node) or "website" in str(node.get("@type")).lower():
            names.append(node.get("name") if isinstance(node.get("name"), str) else "")
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    names.extend(_host_labels(page))
    return {squash(name) for name in names if name and len(squash(name)) >= 3}


def _host_labels(page: Page) -> list[str]:
    """The labels of the page's host name that may name the site ("example" of
    "www.example.co.uk")."""
    host = page.url.split("//", 1)[-1].split("/", 1)[0].split(":")[0].lower()
    return [
        label
        for label in host.split(".")
        if label not in ("www", "com", "co", "org", "net", "uk", "news")
    ]


def is_organisation(name: str, organisations: set[str]) -> bool:
    """Whether ``name`` is one of ``organisations`` (or contains, or is part of, one)."""
    squashed = squash(name)
    if squashed.startswith("the"):
        squashed = squashed[3:]
    return any(
        squashed == org
        or (len(squashed) >= 4 and org in squashed)
        or (len(squashed) >= 4 and squashed in org and not _is_owners_site(name, org))
        for org in organisations
    )


def without_outlet_words(name: str, organisations: set[str]) -> str:
    """``name`` less trailing words naming the site ("Jane Doe ExampleVoice", left of "By Jane
    Doe ExampleVoice Staff", or "Jane Doe Example Telegram" → "Jane Doe"), when what remains
    reads as a name.

    Only trailing words: a leading one is the start of a magazine's or a team's name
    ("Example Staff Jan", "schöner wohnen example").
    """
    words = name.split()
    for keep in range(2, len(words)):
        # The longest trailing run of words that is (part of) the site's name.
        tail = squash(" ".join(words[keep:]))
        if len(tail) >= 4 and any(tail in org for org in organisations):
            shorter = " ".join(words[:keep])
            is_team = any(word.lower() in TEAM_BYLINES for word in words[:keep])
            return shorter if looks_like_name(shorter) and not is_team else name
    return name


def _is_owners_site(name: str, org: str) -> bool:
    """A personal site named after its author ("Jane Doe's Blog"): the name is an author."""
    return len(name.split()) >= 2 and org.startswith(squash(name) + "s")


def is_organization_node(node: dict[str, Any]) -> bool:
    """Typed as an organisation and not also as a person (Yoast types a blog's owner as
    ``["Person", "Organization"]``)."""
    kind = node.get("@type")
    kinds = [k.lower() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
    return any("organization" in k for k in kinds) and "person" not in kinds


# Where an organisation's byline ends: a date, a separator, a "Published"/"Updated" label.
_ORG_BYLINE_END_RE = re.compile(
    r"\s+[-–—|•·]\s*|\s*[|•·]|\s+(?:published|updated|veröffentlicht|aktualisiert)\b|\s\d",
    re.IGNORECASE,
)
MAX_ORG_BYLINE_WORDS = 6


def organisation_byline(raw: list[str]) -> str | None:
    """The first of ``raw`` as a team or outlet byline ("By Example Staff", "Redaktion Example
    News | Example"): the words as printed, less the "By" and what follows the byline."""
    for value in raw:
        text = " ".join(html.unescape(value).split())
        text = BY_RE.sub("", LABEL_RE.sub("", text))
        text = _ORG_BYLINE_END_RE.split(text, maxsplit=1)[0].strip(" ,.:;-–—|•·")
        words = text.split()
        if (
            words
            and len(words) <= MAX_ORG_BYLINE_WORDS
            and len(text) <= MAX_NAME_CHARS
            and not URL_RE.search(text)
            and not EMAIL_RE.search(text)
            and any(ch.isalpha() for ch in text)
        ):
            return text
    return None


# Words joining a desk's or agency's words ("Staff and wire reports", "From staff reports").
_AGENCY_WORD_SPLIT_RE = re.compile(r"[\s/]+")
_AGENCY_FILLERS = frozenset({"the", "and", "&", "und", "from"})
# "Staff reports", "Wire reports": the US convention for copy compiled by the newsroom.
_REPORTS_WORDS = frozenset({"report", "reports"})


def is_agency_byline(text: str, organisations: set[str]) -> bool:
    """A byline signed by a desk, team or news agency: a signing word ("Metro Desk", "News
    Staff", "Example Newsroom") or an agency's name ("Associated Press", "AFP"), the other
    words being roles or the site's name ("Team Example", "AFP/The Example").

    Section words alone ("Business", "Opinion") are a rubric, not a signature.
    """
    words = [word.strip(".,:;()").lower() for word in _AGENCY_WORD_SPLIT_RE.split(text)]
    words = [word for word in words if word]
    joined = " ".join(words)
    agencies = [word for word in words if word in AGENCY_NAMES]
    if "associated press" in joined:
        agencies += ["associated", "press"]
    signers = [word for word in words if word in SIGNING_WORDS]
    if "editorial board" in joined:  # "The Editorial Board", "Example Editorial Board"
        signers += ["editorial", "board"]
    if not agencies and not signers:
        return False
    rest = [
        word
        for word in words
        if word not in ROLE_WORDS
        and word not in SIGNING_WORDS
        and word not in agencies
        and word not in _AGENCY_FILLERS
        and not (signers and word in _REPORTS_WORDS)
    ]
    return not rest or is_organisation(" ".join(rest), organisations)
