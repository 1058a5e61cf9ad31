"""Authors: site rules, JSON-LD ``author``, meta tags, microdata, then the visible byline.

Whatever the source, names are cleaned the same way: no "By", no roles, no dates, no
e-mail addresses, split on "and"/"&"/commas, duplicates removed (case-insensitive).
"""

from __future__ import annotations

import re

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


def extract_authors(page: Page, rules: SiteRules | None = None) -> list[str]:
    """The article's authors as a clean list of names (possibly empty).

    Sources are tried in order; names that are the site's or publisher's own name are not
    authors, and a source yielding only such names gives way to the next one.
    """
    organisations = organisation_names(page)
    visible_sources = (
        from_byline,
        from_title_neighbours,
        from_loose_byline,
        from_labelled_text,
        from_author_links,
    )
    outlet_byline: str | None = None
    signed_by_outlet = False
    for source in (from_rules, from_json_ld, from_meta, from_itemprop, *visible_sources):
        if source is from_meta:
            raw, cleaned, names = _first_person_meta(page, organisations)
        else:
            raw = source(page, rules)
            cleaned = [without_outlet_words(n, organisations) for n in clean_author_names(raw)]
            names = [n for n in cleaned if not is_organisation(n, organisations)]
        if not names and outlet_byline is None:
            outlet_byline = _outlet_byline(source, raw, cleaned, organisations)
            signed_by_outlet = outlet_byline is not None and source is from_byline
        if source in visible_sources:
            # Visible text is noisier: one-word leftovers ("The", "Last") are not names, but
            # an element holding one word only is a handle ("gnaddrig").
            names = [n for n in names if len(n.split()) >= 2]
            if not names:
                handles = [h for h in map(handle_name, raw) if h]
                names = [h for h in handles if not is_organisation(h, organisations)]
                if handles and not names and outlet_byline is None and source is from_byline:
                    outlet_byline = handles[0]  # a blog named after its author's handle
                    signed_by_outlet = True
            if not names:
                names = [team for team in map(team_byline, raw) if team]
        if names:
            if source in (from_json_ld, from_meta):
                return _reconciled_with_byline(names, page, organisations)
            return names
        if source is from_byline and signed_by_outlet and outlet_byline:
            # The byline element names the site itself: looser sources would only find
            # other names (teasers, comments, credits).
            return [outlet_byline]
    # Nobody but the outlet itself signs the article: its byline is the author.
    return [outlet_byline] if outlet_byline else []


# A byline ending in a joining word: the next name is in another element.
_DANGLING_JOIN_RE = re.compile(r"(?:\s(?:and|und|et|y|e)|[,&])\s*$", re.IGNORECASE)


def _outlet_byline(
    source: object, raw: list[str], cleaned: list[str], organisations: set[str]
) -> str | None:
    """The outlet, team or agency signing in place of a person ("By Example Staff", "The
    Associated Press"), as printed, from the sources that state an author explicitly.

    A meta tag holding only the site's own name is a template default, not a byline.
    """
    if source not in (from_json_ld, from_meta, from_byline):
        return None
    text = organisation_byline(raw)
    if text is None:
        return None
    if cleaned:  # names were read, and all are the site's own
        return None if source is from_meta else text
    return text if is_agency_byline(text, organisations) else None


def _first_person_meta(
    page: Page, organisations: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """Raw values, cleaned names and non-organisation names of the first author meta tag
    naming someone other than the site ("author" may hold the site's name while the
    analytics tags name the writer)."""
    first: tuple[list[str], list[str], list[str]] = ([], [], [])
    for raw in meta_candidates(page):
        cleaned = [without_outlet_words(n, organisations) for n in clean_author_names(raw)]
        names = [n for n in cleaned if not is_organisation(n, organisations)]
        if names:
            return raw, cleaned, names
        if not first[0]:
            first = (raw, cleaned, names)
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
    # Extra names must read as names: template leftovers ("monthFull day") do not.
    shown = [n for n in shown if squash(n) in structured_keys or looks_like_name(n)]
    shown_keys = {squash(n) for n in shown}
    if not shown or not shown_keys & structured_keys or shown_keys == structured_keys:
        return structured
    if shown_keys < structured_keys and _DANGLING_JOIN_RE.search(raw[0]):
        # "Jane Doe and": the byline element holds only the first of several authors, each
        # in an element of its own; the structured list has them all.
        return structured
    return shown
