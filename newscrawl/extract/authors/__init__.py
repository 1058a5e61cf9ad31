"""Authors: site rules, JSON-LD ``author``, meta tags, microdata, then the visible byline.

Whatever the source, names are cleaned the same way: no "By", no roles, no dates, no
e-mail addresses, split on "and"/"&"/commas, duplicates removed (case-insensitive).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newscrawl.extract.authors.names import (
    clean_author_names,
    handle_name,
    looks_like_name,
    team_byline,
)
from newscrawl.extract.authors.organisations import (
    is_agency_byline,
    is_organisation,
    organisation_byline,
    organisation_names,
    without_outlet_words,
)
from newscrawl.extract.authors.structured import (
    from_itemprop,
    from_json_ld,
    from_meta,
    from_rules,
    meta_candidates,
)
from newscrawl.extract.authors.visible import (
    from_author_links,
    from_byline,
    from_labelled_text,
    from_loose_byline,
    from_title_neighbours,
)
from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules
from newscrawl.extract.text import squash

__all__ = ["clean_author_names", "extract_authors"]


_VISIBLE_SOURCES = (
    from_byline,
    from_title_neighbours,
    from_loose_byline,
    from_labelled_text,
    from_author_links,
)
_SOURCES = (from_rules, from_json_ld, from_meta, from_itemprop, *_VISIBLE_SOURCES)


def extract_authors(page: Page, rules: SiteRules | None = None) -> list[str]:
    """The article's authors as a clean list of names (possibly empty).

    Sources are tried in order; names that are the site's or publisher's own name are not
    authors, and a source yielding only such names gives way to the next one. When no source
    names a person, the desk, team or agency that signs the article is its author.
    """
    organisations = organisation_names(page)
    outlet: str | None = None
    for source in _SOURCES:
        raw, names = _source_names(source, page, rules, organisations)
        if names:
            if source in (from_json_ld, from_meta):
                return _reconciled_with_byline(names, page, organisations)
            return names
        signer = _outlet_byline(source, raw, organisations)
        outlet = outlet or signer
        if source is from_byline and signer and is_agency_byline(signer, organisations):
            # The byline element is signed by a desk or an agency: looser sources would
            # only find other names (teasers, comments, picture credits, login forms).
            return [outlet]
    return [outlet] if outlet else []


def _source_names(
    source: Callable[[Page, SiteRules | None], list[str]],
    page: Page,
    rules: SiteRules | None,
    organisations: set[str],
) -> tuple[list[str], list[str]]:
    """The raw values ``source`` reads and the persons' names among them."""
    if source is from_meta:
        return _first_person_meta(page, organisations)
    raw = source(page, rules)
    names = _person_names(raw, organisations)
    if source in _VISIBLE_SOURCES:
        # Visible text is noisier: one-word leftovers ("The", "Last") are not names, but
        # an element holding one word only is a handle ("jdoe42").
        names = [n for n in names if len(n.split()) >= 2]
        if not names:
            handles = (h for h in map(handle_name, raw) if h)
            names = [h for h in handles if not is_organisation(h, organisations)]
        if not names:
            names = [team for team in map(team_byline, raw) if team]
    return raw, names


def _person_names(raw: list[str], organisations: set[str]) -> list[str]:
    """Cleaned names in ``raw``, less the site's and publisher's own."""
    cleaned = [without_outlet_words(n, organisations) for n in clean_author_names(raw)]
    return [n for n in cleaned if not is_organisation(n, organisations)]


# A byline ending in a joining word: the next name is in another element.
_DANGLING_JOIN_RE = re.compile(r"(?:\s(?:and|und|et|y|e)|[,&])\s*$", re.IGNORECASE)


def _outlet_byline(
    source: Callable[[Page, SiteRules | None], list[str]],
    raw: list[str],
    organisations: set[str],
) -> str | None:
    """Who signs in place of a person, as printed, from the sources that state an author
    explicitly: a desk, team or agency ("By Example Staff", "Metro Desk", "The Associated
    Press"); or, in a byline element only, the site itself ("By The Example", a blog named
    after its author's handle).

    The site's name alone in structured data is no signature: themes and CMS fill it in.
    """
    if source not in (from_json_ld, from_meta, from_byline):
        return None
    text = organisation_byline(raw)
    if text is None:
        return None
    if is_agency_byline(text, organisations):
        return text
    if source is not from_byline:
        return None
    named = clean_author_names(raw) or [h for h in map(handle_name, raw) if h]
    return text if any(is_organisation(n, organisations) for n in named) else None


def _first_person_meta(page: Page, organisations: set[str]) -> tuple[list[str], list[str]]:
    """Raw values and persons' names of the first author meta tag naming someone other
    than the site ("author" may hold the site's name while the analytics tags name the
    writer); the first tag's values when none does."""
    first: tuple[list[str], list[str]] = ([], [])
    for raw in meta_candidates(page):
        names = _person_names(raw, organisations)
        if names:
            return raw, names
        if not first[0]:
            first = (raw, names)
    return first


def _reconciled_with_byline(
    structured: list[str], page: Page, organisations: set[str]
) -> list[str]:
    """The byline's names when they overlap the structured ones but differ from them.

    Structured data often lists only the first of several authors, or adds contributors
    and editors that the byline shows apart; the byline is what the reader sees.
    """
    raw = from_byline(page, None)
    shown = [
        n
        for n in clean_author_names(raw)
        if len(n.split()) >= 2 and not is_organisation(n, organisations)
    ]
    structured_keys = {squash(n) for n in structured}
    # Extra names must read as names: template leftovers ("dayName monthName") do not.
    shown = [n for n in shown if squash(n) in structured_keys or looks_like_name(n)]
    shown_keys = {squash(n) for n in shown}
    if not shown or not shown_keys & structured_keys or shown_keys == structured_keys:
        return structured
    if shown_keys < structured_keys and _DANGLING_JOIN_RE.search(raw[0]):
        # "Jane Doe and": the byline element holds only the first of several authors, each
        # in an element of its own; the structured list has them all.
        return structured
    return shown
