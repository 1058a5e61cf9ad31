"""Pure article extraction: ``extract_article(html, url) -> Article``.

Each field falls through three layers: the site's rules (``newscrawl/sites/*.toml``), the
page's structured data (JSON-LD, meta tags, microdata), then generic heuristics. The page is
parsed once (:class:`~newscrawl.extract.page.Page`); comments are read before anything
mutates the tree, and the body, which prunes the tree, comes last.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from newscrawl.extract.authors import extract_authors
from newscrawl.extract.body import drop_element, extract_body
from newscrawl.extract.comments import comments_and_areas
from newscrawl.extract.dates import extract_dates, parse_datetime
from newscrawl.extract.metadata import (
    extract_canonical_url,
    extract_image,
    extract_language,
    extract_section,
    extract_tags,
)
from newscrawl.extract.page import NotHtmlError, Page
from newscrawl.extract.rules import SiteProfile, SiteRules, find_site_profile, load_site_profile
from newscrawl.extract.title import extract_title
from newscrawl.items import Article, Comment
from newscrawl.urls import site_of


class ExtractionError(ValueError):
    """The input cannot be treated as an HTML page at all (binary data, empty document)."""


def extract_article(
    html: str | bytes,
    url: str,
    rules: SiteRules | None = None,
    *,
    now: datetime | None = None,
    on_parsed: Callable[[Page], None] | None = None,
) -> Article:
    """Extract the article (with its comments) from one page's HTML.

    ``rules`` default to the bundled profile of ``url``'s host, if any. ``now`` is the fetch
    time (default: the current UTC time); no date after it is returned. ``on_parsed`` is
    called with the parsed :class:`Page` before extraction reads or prunes it, so that a
    caller (the crawler's page classification) can read the page without parsing it again;
    it must not change the tree. Raises :class:`ExtractionError` only for input that is not
    an HTML page (binary, empty).
    """
    if html is None or not isinstance(html, (str, bytes)):
        raise ExtractionError("expected the page as str or bytes")
    try:
        page = Page.parse(html, url)
    except NotHtmlError as exc:
        raise ExtractionError(str(exc)) from exc
    if on_parsed is not None:
        on_parsed(page)
    if rules is None:
        profile = find_site_profile(url)
        rules = profile.rules if profile else None
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)

    published, updated = extract_dates(page, rules, now=now)
    if rules is not None:
        rules = rules.for_date(published)
    # Comments and their areas come from one analysis of the untouched tree.
    selector = rules.comments if rules is not None else None
    # Comment times that state no zone are read in the zone of the page's own date.
    zone = (published.tzinfo if published is not None else None) or timezone.utc
    comments, comment_areas = comments_and_areas(
        page.root, page.base_url, item_selector=selector, default_tz=zone, page=page
    )
    _drop_future_comment_times(comments, now)
    title = extract_title(page, rules)
    article = Article(
        url=extract_canonical_url(page),
        fetched_url=url,
        site=site_of(url),
        title=title,
        authors=extract_authors(page, rules),
        published_at=published,
        updated_at=updated,
        language=extract_language(page, rules),
        section=extract_section(page, rules),
        tags=extract_tags(page, rules),
        image_url=extract_image(page, rules),
        comments=comments,
    )
    _remove_comment_areas(page, comment_areas)
    article.body = extract_body(page, rules, title=title)
    return article


def _drop_future_comment_times(comments: list[Comment], now: datetime) -> None:
    """Forget comment times after the fetch time: a misread date (a day-first date read month
    first, a wrong year) must not date a comment in the future."""
    for comment in comments:
        if comment.posted_at is not None and comment.posted_at > now:
            comment.posted_at = None


def _remove_comment_areas(page: Page, areas: list[Any]) -> None:
    """Cut comment sections and reply forms out of the tree so the body never sees them."""
    for area in areas:
        drop_element(area)
    # Generic comment sections (exact class names and ids) go in the body's pruning walk.


__all__ = [
    "ExtractionError",
    "Page",
    "SiteProfile",
    "SiteRules",
    "extract_article",
    "find_site_profile",
    "load_site_profile",
    "parse_datetime",
]
