"""Site rules as data: ``SiteRules`` (selectors per field), ``SiteProfile`` and profile lookup.

A profile is a TOML file in ``newscrawl/sites/``::

    [site]
    name = "valuewalk"
    hosts = ["www.valuewalk.com", "valuewalk.com"]
    start_urls = ["https://www.valuewalk.com/robots.txt"]

    [rules]
    title = ["h1.entry-title"]
    published = ["meta[property='article:published_time']::attr(content)"]
    updated = [".posted-on .updated"]
    updated_phrases = ["Updated on"]
    authors = [".byline .author a"]
    body = ["div.entry-content"]
    drop = [".share-buttons", ".related-posts"]
    comments = "ol.comment-list li.comment"

    [[rules.versions]]      # an older layout, used for pages published before `until`
    until = "2018-01-01"
    body = ["div.post-content"]

Selectors are CSS (translated once to XPath when the rules are built), optionally ending in
``::text`` (the element's own text) or ``::attr(name)`` (an attribute), as in parsel.
Which host each bundled profile serves is read once, at import, into an immutable index;
the profiles themselves are read on demand, so a caller that looks up many URLs should hold
a :class:`SiteRegistry`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from importlib import resources
from types import MappingProxyType
from typing import Any

from cssselect import HTMLTranslator
from cssselect.parser import SelectorError
from lxml import etree

from newscrawl.urls import host_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SITES_PACKAGE = "newscrawl.sites"
_PSEUDO_RE = re.compile(r"::(text|attr\(([\w:.-]+)\))\s*$")


class SiteRulesError(ValueError):
    """A site profile is malformed (unknown key, bad selector, bad date)."""


@dataclass(frozen=True)
class FieldSelector:
    """One compiled selector: a CSS expression plus what to read from the matched elements."""

    css: str
    xpath: etree.XPath
    attribute: str | None = None
    own_text: bool = False

    @classmethod
    def compile(cls, css: str) -> FieldSelector:
        """Translate ``css`` (with an optional ``::text``/``::attr(x)`` suffix) to XPath."""
        attribute, own_text, plain = None, False, css.strip()
        match = _PSEUDO_RE.search(plain)
        if match:
            plain = plain[: match.start()].strip()
            own_text = match.group(1) == "text"
            attribute = match.group(2)
        try:
            expression = HTMLTranslator().css_to_xpath(plain)
            compiled = etree.XPath(expression)
        except (SelectorError, etree.XPathSyntaxError) as exc:
            raise SiteRulesError(f"bad selector {css!r}: {exc}") from exc
        return cls(css=css, xpath=compiled, attribute=attribute, own_text=own_text)

    def elements(self, root: etree._Element) -> list[Any]:
        """The matched elements, in document order."""
        try:
            return [node for node in self.xpath(root) if isinstance(node, etree._Element)]
        except etree.XPathError:
            return []

    def values(self, root: etree._Element) -> list[str]:
        """The matched strings: the attribute, the own text or the whole text of each match."""
        values: list[str] = []
        for node in self.elements(root):
            if self.attribute:
                value = node.get(self.attribute) or ""
            elif self.own_text:
                value = node.text or ""
            else:
                value = " ".join(node.itertext())
            value = " ".join(value.split())
            if value:
                values.append(value)
        return values


def _compile_all(selectors: Iterable[str]) -> tuple[FieldSelector, ...]:
    return tuple(FieldSelector.compile(css) for css in selectors)


@dataclass(frozen=True)
class SiteRules:
    """Per-site selectors, one tuple of CSS selectors per field (tried in order).

    ``updated_phrases``/``published_phrases`` are the visible words that introduce a date
    ("Updated on"), used to tell the two apart in text. ``drop`` lists elements removed before
    body extraction. ``comments`` is the CSS selector of one comment item. ``versions`` holds
    older layouts (each a ``SiteRules`` with ``until`` set), chosen by the page's date.
    """

    title: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    published_phrases: tuple[str, ...] = ()
    updated_phrases: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    comments: str | None = None
    section: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: tuple[str, ...] = ()
    language: str | None = None
    until: date | None = None
    versions: tuple[SiteRules, ...] = ()
    compiled: dict[str, tuple[FieldSelector, ...]] = field(
        init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # Frozen dataclass: the compiled selectors are set once, here.
        compiled = {name: _compile_all(getattr(self, name)) for name in _SELECTOR_FIELDS}
        object.__setattr__(self, "compiled", compiled)

    def selectors(self, name: str) -> tuple[FieldSelector, ...]:
        """The compiled selectors of field ``name`` (``"title"``, ``"body"``…)."""
        return self.compiled.get(name, ())

    def for_date(self, when: date | datetime | None) -> SiteRules:
        """The layout in force for a page dated ``when``: the oldest version whose ``until`` is
        after that date, else these (current) rules. Unknown dates get the current layout."""
        if when is None or not self.versions:
            return self
        day = when.date() if isinstance(when, datetime) else when
        for version in sorted(self.versions, key=lambda v: v.until or date.max):
            if version.until is not None and day < version.until:
                return version
        return self

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, base: SiteRules | None = None) -> SiteRules:
        """Build rules from a TOML table; ``base`` supplies fields a version leaves out."""
        known = {f.name for f in fields(cls)} - {"compiled"}
        unknown = set(data) - known
        if unknown:
            raise SiteRulesError(f"unknown rule keys: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "versions":
                continue
            if key in ("comments", "language"):
                values[key] = str(value) if value else None
            elif key == "until":
                values[key] = _as_date(value)
            elif isinstance(value, str):
                values[key] = (value,)
            elif isinstance(value, (list, tuple)):
                values[key] = tuple(str(v) for v in value)
            else:
                raise SiteRulesError(f"rule {key!r} must be a string or a list of strings")
        rules = replace(base, **values, versions=()) if base else cls(**values)
        raw_versions = data.get("versions") or ()
        if not isinstance(raw_versions, (list, tuple)) or not all(
            isinstance(v, Mapping) for v in raw_versions
        ):
            raise SiteRulesError("[[rules.versions]] must be a list of tables")
        versions = tuple(cls.from_mapping(item, base=rules) for item in raw_versions)
        if versions and any(v.until is None for v in versions):
            raise SiteRulesError("every [[rules.versions]] entry needs an `until` date")
        return replace(rules, versions=versions) if versions else rules


_SELECTOR_FIELDS = (
    "title", "published", "updated", "authors", "body", "drop", "section", "tags", "image",
)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise SiteRulesError(f"bad date {value!r}") from exc


@dataclass(frozen=True)
class SiteProfile:
    """A site: its name, the hosts it serves, where discovery starts, and its rules."""

    name: str
    hosts: tuple[str, ...]
    start_urls: tuple[str, ...]
    rules: SiteRules

    def matches(self, url: str) -> bool:
        """True when ``url``'s host is one of this site's hosts (``www.`` ignored)."""
        host = _bare(host_of(url))
        return bool(host) and host in {_bare(h) for h in self.hosts}


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _read_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteRulesError(f"{source}: {exc}") from exc


def parse_site_profile(text: str, *, source: str = "<profile>") -> SiteProfile:
    """Parse one profile's TOML text."""
    return _profile_from_data(_read_toml(text, source), source)


def _profile_from_data(data: dict[str, Any], source: str) -> SiteProfile:
    site = data.get("site") or {}
    if not isinstance(site, dict) or not isinstance(data.get("rules") or {}, dict):
        raise SiteRulesError(f"{source}: [site] and [rules] must be tables")
    if not site.get("name"):
        raise SiteRulesError(f"{source}: [site] needs a name")
    return SiteProfile(
        name=str(site["name"]),
        hosts=tuple(str(h).lower() for h in site.get("hosts", ())),
        start_urls=tuple(str(u) for u in site.get("start_urls", ())),
        rules=SiteRules.from_mapping(data.get("rules") or {}),
    )


def available_site_profiles() -> list[str]:
    """Names of the bundled profiles (the TOML files in ``newscrawl/sites/``)."""
    folder = resources.files(SITES_PACKAGE)
    return sorted(
        entry.name[: -len(".toml")] for entry in folder.iterdir() if entry.name.endswith(".toml")
    )


def load_site_profile(name: str) -> SiteProfile:
    """Load the bundled profile ``name`` (``newscrawl/sites/<name>.toml``).

    Raises ``KeyError`` for an unknown name and :class:`SiteRulesError` for a broken file.
    """
    if not re.fullmatch(r"[\w-]+", name):
        raise KeyError(name)
    resource = resources.files(SITES_PACKAGE) / f"{name}.toml"
    if not resource.is_file():
        raise KeyError(name)
    return parse_site_profile(resource.read_text(encoding="utf-8"), source=f"{name}.toml")


class SiteRegistry:
    """All bundled profiles, loaded once per registry object, looked up by URL host."""

    def __init__(self, profiles: Iterable[SiteProfile] | None = None) -> None:
        if profiles is None:
            profiles = [load_site_profile(name) for name in available_site_profiles()]
        self.profiles = list(profiles)
        self._by_host = {_bare(h): p for p in self.profiles for h in p.hosts}

    def find(self, url: str) -> SiteProfile | None:
        """The profile serving ``url``'s host, or ``None``."""
        return self._by_host.get(_bare(host_of(url)))


def _bundled_hosts() -> Mapping[str, str]:
    """Host (without ``www.``) -> name of the bundled profile serving it.

    Read once, when the module is imported: the bundled files are package data, fixed for
    the life of the process. A broken file serves no host (``load_site_profile`` reports it).
    """
    folder = resources.files(SITES_PACKAGE)
    index: dict[str, str] = {}
    for name in available_site_profiles():
        source = f"{name}.toml"
        try:
            data = _read_toml((folder / source).read_text(encoding="utf-8"), source)
        except SiteRulesError:
            continue
        site = data.get("site")
        hosts = site.get("hosts", ()) if isinstance(site, dict) else ()
        for host in hosts if isinstance(hosts, list) else ():
            index.setdefault(_bare(str(host)), name)
    return MappingProxyType(index)


# Immutable, built once at import: a lookup is one dict access, and the profile files are
# read only for a host that has one.
_BUNDLED_HOSTS = _bundled_hosts()


def find_site_profile(url: str) -> SiteProfile | None:
    """The bundled profile whose hosts include ``url``'s host, or ``None``.

    Hosts without a profile cost one dictionary look-up; a matching profile is read and
    compiled on each call, so hold a :class:`SiteRegistry` to look up many URLs of it.
    """
    name = _BUNDLED_HOSTS.get(_bare(host_of(url)))
    if name is None:
        return None
    try:
        return load_site_profile(name)
    except (KeyError, SiteRulesError):
        return None
