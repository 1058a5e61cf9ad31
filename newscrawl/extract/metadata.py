"""Language, section, tags, lead image and canonical URL: rules, then structured data."""

from __future__ import annotations

import re
from typing import Any

from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules
from newscrawl.urls import is_http_url, site_of

_LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})?$")
MAX_TAGS = 30


def extract_language(page: Page, rules: SiteRules | None = None) -> str | None:
    """The page language as a BCP 47 tag ("en", "de-AT"), or ``None``."""
    if rules is not None and rules.language:
        return rules.language
    candidates = [page.lang()]
    for node in page.article_nodes():
        value = node.get("inLanguage")
        if isinstance(value, str):
            candidates.append(value)
    candidates += [page.meta_value("og:locale"), page.meta_value("content-language"),
                   page.meta_value("language"), page.meta_value("dc.language")]
    for value in candidates:
        tag = _normalise_language(value)
        if tag:
            return tag
    return None


def _normalise_language(value: str | None) -> str | None:
    if not value:
        return None
    value = value.split(",")[0].strip()
    if not _LANG_RE.match(value):
        return None
    primary, _, region = value.replace("_", "-").partition("-")
    return f"{primary.lower()}-{region.upper()}" if region else primary.lower()


def extract_section(page: Page, rules: SiteRules | None = None) -> str | None:
    """The section (category) the article is filed under, or ``None``."""
    if rules is not None:
        for selector in rules.selectors("section"):
            values = selector.values(page.root)
            if values:
                return values[0]
    for node in page.article_nodes():
        section = _first_string(node.get("articleSection"))
        if section:
            return section
    return page.meta_value("article:section", "section", "parsely-section", "sailthru.section",
                           "category", "og:article:section")


def extract_tags(page: Page, rules: SiteRules | None = None) -> list[str]:
    """The article's tags/keywords, de-duplicated, in page order."""
    raw: list[str] = []
    if rules is not None:
        for selector in rules.selectors("tags"):
            raw = selector.values(page.root)
            if raw:
                break
    if not raw:
        raw = list(page.meta.get("article:tag", ()))
    if not raw:
        for node in page.article_nodes():
            raw = _strings(node.get("keywords"))
            if raw:
                break
    if not raw:
        value = page.meta_value("news_keywords", "keywords", "parsely-tags")
        raw = [value] if value else []
    return _dedupe_tags(raw)


def _dedupe_tags(raw: list[str]) -> list[str]:
    tags: list[str] = []
    seen: set[str] = set()
    for value in raw:
        parts = value.split(",") if "," in value else [value]
        for part in parts:
            tag = " ".join(part.split())
            if tag and len(tag) <= 80 and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tags[:MAX_TAGS]


def extract_image(page: Page, rules: SiteRules | None = None) -> str | None:
    """The lead image's absolute URL, or ``None``."""
    if rules is not None:
        for selector in rules.selectors("image"):
            values = selector.values(page.root)
            if values:
                return page.absolute(values[0])
    candidates = [page.meta_value("og:image", "og:image:url", "og:image:secure_url")]
    for node in page.article_nodes():
        candidates.append(_image_url(node.get("image")))
    candidates.append(page.meta_value("twitter:image", "twitter:image:src"))
    for element in page.itemprops.get("image", ()):
        candidates.append(element.get("content") or element.get("src") or element.get("href"))
    candidates += page.links.get("image_src", [])
    for value in candidates:
        url = page.absolute(value)
        if url and is_http_url(url):
            return url
    return None


def _image_url(value: Any) -> str | None:
    """The URL of a JSON-LD ``image``: a string, an ImageObject, or the first of a list."""
    # A loop, not recursion: list nesting is the page's to choose.
    while isinstance(value, (list, dict)):
        if isinstance(value, list):
            if not value:
                return None
            value = value[0]
        else:
            value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def extract_canonical_url(page: Page) -> str:
    """``rel=canonical`` or ``og:url`` when it is on the fetched page's site, else the URL."""
    site = site_of(page.url)
    for value in page.links.get("canonical", []) + page.meta.get("og:url", []):
        url = page.absolute(value)
        if url and is_http_url(url) and site_of(url) == site:
            return url
    return page.url


def _first_string(value: Any) -> str | None:
    strings = _strings(value)
    return strings[0] if strings else None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []
