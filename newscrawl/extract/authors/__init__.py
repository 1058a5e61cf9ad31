"""Authors: site rules, JSON-LD ``author``, meta tags, microdata, then the visible byline.

Whatever the source, names are cleaned the same way: no "By", no roles, no dates, no
e-mail addresses, split on "and"/"&"/commas, duplicates removed (case-insensitive).
"""

from __future__ import annotations

from newscrawl.extract.authors.names import (
    clean_author_names,
    handle_name,
    looks_like_name,
    team_byline,
)
from newscrawl.extract.authors.organisations import (
    is_organisation,
    organisation_names,
    without_outlet_words,
)
from newscrawl.extract.authors.structured import from_itemprop, from_json_ld, from_meta, from_rules
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
    for source in (from_rules, from_json_ld, from_meta, from_itemprop, *visible_sources):
        raw = source(page, rules)
        names = [without_outlet_words(n, organisations) for n in clean_author_names(raw)]
        names = [n for n in names if not is_organisation(n, organisations)]
        if source in visible_sources:
            # Visible text is noisier: one-word leftovers ("The", "Last") are not names, but
            # an element holding one word only is a handle ("gnaddrig").
            names = [n for n in names if len(n.split()) >= 2]
            if not names:
                handles = [handle_name(text) for text in raw]
                names = [h for h in handles if h and not is_organisation(h, organisations)]
            if not names:
                names = [team for team in map(team_byline, raw) if team]
        if names:
            if source in (from_json_ld, from_meta):
                return _reconciled_with_byline(names, page, organisations)
            return names
    return []


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
    if shown and shown_keys & structured_keys and shown_keys != structured_keys:
        return shown
    return structured
