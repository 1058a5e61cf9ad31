"""Pure parsing of the documents that lead a crawler to articles.

Functions here take the raw bytes of a response and return what to fetch next: the ``Sitemap:``
lines of a ``robots.txt``, the entries of a sitemap or sitemap index, the item links of an RSS
or Atom feed. They never touch the network, so they are tested on their own.

:func:`sniff_document` tells the kinds apart by *content*, not by URL suffix: a feed served at
``/news`` or a sitemap at ``/sitemap`` is still recognised, and an HTML error page served at
``/sitemap.xml`` is not mistaken for a sitemap.
"""

from __future__ import annotations

import enum
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from io import BytesIO
from urllib.parse import urljoin

import lxml.etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots

from newscrawl.extract.page import looks_binary
from newscrawl.urls import canonicalize_url, is_http_url

# How many leading bytes are enough to recognise a document.
_SNIFF_BYTES = 4096
_GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ROBOTS_LINE = re.compile(
    rb"^\s*(user-agent|disallow|allow|sitemap|crawl-delay|host)\s*:", re.IGNORECASE | re.MULTILINE
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(rb"<(html|head|body|div|p|title|meta)\b", re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "RDF", "rdf"})
_SITEMAP_KINDS = {"urlset": "sitemap", "sitemapindex": "sitemap_index"}
# The westernmost time zone: a date without a time (or a time without an offset) cannot mean a
# moment later than it means there.
_LATEST_OFFSET = timedelta(hours=12)


class DiscoveryError(ValueError):
    """A document that claims to be a sitemap or feed cannot be read as one."""


class DocumentKind(enum.Enum):
    """What a fetched document is, judged from its bytes."""

    ROBOTS = "robots"
    SITEMAP = "sitemap"
    SITEMAP_INDEX = "sitemap_index"
    FEED = "feed"
    HTML = "html"
    BINARY = "binary"
    EMPTY = "empty"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Entry:
    """One URL found in a sitemap or feed, with what the document says about it.

    ``date`` is the date as the document writes it: a sitemap entry's ``<lastmod>``, a feed
    item's publication (or update) date. A Google News sitemap entry also has ``published``
    (``news:publication_date``) and ``title`` (``news:title``).
    """

    url: str
    date: str | None = None
    published: str | None = None
    title: str | None = None


def is_usable_url(url: str) -> bool:
    """True for an absolute http(s) URL that parses cleanly (host, port) and canonicalises.

    Pages carry malformed links (``http://[not-an-ip]/``, ``http://host:port/``) on which the
    standard library raises ``ValueError``; such a link is skipped, it must not cost the page.
    """
    try:
        canonicalize_url(url)
        return is_http_url(url)
    except ValueError:
        return False


def is_gzip(body: bytes) -> bool:
    """True when ``body`` starts with the gzip magic number."""
    return body[:2] == _GZIP_MAGIC


def decompress(body: bytes, *, max_size: int) -> bytes:
    """Gunzip ``body`` if it is gzip data, refusing output larger than ``max_size`` bytes.

    Raises :class:`DiscoveryError` when the data is corrupt or too large (a gzip bomb).
    """
    if not is_gzip(body):
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError as exc:  # scrapy raises a ValueError subclass when max_size is exceeded
        raise DiscoveryError(f"gzip data larger than {max_size} bytes: {exc}") from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise DiscoveryError(f"corrupt gzip data: {exc}") from exc


def sniff_document(body: bytes) -> DocumentKind:
    """Tell what ``body`` is from its content alone.

    ``body`` must already be decompressed (see :func:`decompress`); gzip data that is still
    compressed counts as binary.
    """
    head = body[:_SNIFF_BYTES]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if not head.strip():
        return DocumentKind.EMPTY
    if looks_binary(head):
        return DocumentKind.BINARY
    if _HTML_START.match(head):
        return DocumentKind.HTML
    stripped = head.lstrip()
    if stripped.startswith(b"<"):
        root = _xml_root_name(body)
        if root == "urlset":
            return DocumentKind.SITEMAP
        if root == "sitemapindex":
            return DocumentKind.SITEMAP_INDEX
        if root in _FEED_ROOTS:
            return DocumentKind.FEED
        if root == "html" or _HTML_TAG.search(head):
            return DocumentKind.HTML
        return DocumentKind.UNKNOWN
    if _ROBOTS_LINE.search(head):
        return DocumentKind.ROBOTS
    return DocumentKind.UNKNOWN


def _xml_root_name(body: bytes) -> str | None:
    """Local name of the first element of an XML document, or ``None`` if there is none."""
    try:
        events = lxml.etree.iterparse(
            BytesIO(body), events=("start",), recover=True, resolve_entities=False, no_network=True
        )
        _, root = next(events)
    except (lxml.etree.XMLSyntaxError, StopIteration):
        return None
    tag = root.tag
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2]


def sitemaps_from_robots(body: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the ``Sitemap:`` lines of a ``robots.txt``, in order, without repeats."""
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=base_url)))


def parse_sitemap(body: bytes, base_url: str) -> tuple[DocumentKind, list[Entry]]:
    """Read a sitemap (``urlset``) or sitemap index.

    Returns the kind and its entries (page URLs for a sitemap, child sitemap URLs for an index),
    each with its ``lastmod`` and, in a Google News sitemap, its ``news:publication_date`` and
    ``news:title``. A truncated document yields the entries before the cut. Raises
    :class:`DiscoveryError` when the document is not a sitemap.
    """
    parser = lxml.etree.XMLParser(
        recover=True, remove_comments=True, resolve_entities=False, no_network=True
    )
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not a readable sitemap: {exc}") from exc
    if root is None:
        raise DiscoveryError("not a readable sitemap: no root element")
    kind_name = _SITEMAP_KINDS.get(_local(root.tag))
    if kind_name is None:
        raise DiscoveryError(f"root element <{_local(root.tag)}> is not a sitemap")
    entries = [
        entry for item in root if (entry := _sitemap_entry(item, base_url)) is not None
    ]
    return DocumentKind(kind_name), _unique(entries)


def _sitemap_entry(item: lxml.etree._Element, base_url: str) -> Entry | None:
    fields: dict[str, str] = {}
    for child in item:
        name = _local(child.tag)
        if name == "news":
            # <news:news><news:publication>…</news:publication><news:publication_date>…
            for part in child.iter():
                part_name = _local(part.tag)
                if part_name in ("publication_date", "title") and part.getparent() is child:
                    fields.setdefault(f"news_{part_name}", _text(part))
        elif name in ("loc", "lastmod"):
            fields.setdefault(name, _text(child))
    loc = fields.get("loc")
    if not loc:
        return None
    return Entry(
        urljoin(base_url, loc),
        fields.get("lastmod") or None,
        published=fields.get("news_publication_date") or None,
        title=fields.get("news_title") or None,
    )


def _text(element: lxml.etree._Element) -> str:
    return " ".join((element.text or "").split())


def parse_entry_date(value: str | None, *, latest: bool = False) -> datetime | None:
    """A date from a sitemap or feed as an aware datetime, or ``None`` when unreadable.

    Reads W3C/ISO 8601 dates (``2025-01-02``, ``2025-01-02T10:00:00+02:00``, ``…Z``) and RFC
    822 dates (RSS ``pubDate``). A value without an offset is taken as UTC, unless ``latest``
    is set: then it is read as the *latest* moment it can mean (a bare date is the end of that
    day, a time without offset is read in the westernmost time zone). "Has the page changed
    since we fetched it?" must err towards yes, or an edit made later on the day of a
    date-only ``lastmod`` would never be fetched.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed = _parse_iso(text)
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        return parsed
    if not isinstance(parsed, datetime):  # a bare date (or year-month)
        moment = datetime.combine(parsed, time.min, timezone.utc)
        return moment + timedelta(days=1) + _LATEST_OFFSET if latest else moment
    moment = parsed.replace(tzinfo=timezone.utc)
    return moment + _LATEST_OFFSET if latest else moment


def _parse_iso(text: str) -> datetime | date | None:
    if len(text) <= 10 and "T" not in text:
        parts = text.split("-")
        try:
            numbers = [int(part) for part in parts]
            return date(numbers[0], *(numbers[1:] or [1]), *([1] if len(numbers) < 3 else []))
        except (ValueError, TypeError):
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """The item links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, with their dates.

    For Atom, the ``alternate`` link (or a link without ``rel``) of each entry is taken. Raises
    :class:`DiscoveryError` when the document is not a feed.
    """
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not a readable feed: {exc}") from exc
    if root is None or _local(root.tag) not in _FEED_ROOTS:
        raise DiscoveryError("not a feed: no <rss>, <feed> or <rdf:RDF> root")
    entries = [
        entry
        for item in root.iter()
        if _local(item.tag) in ("item", "entry")
        and (entry := _feed_entry(item, base_url)) is not None
    ]
    return _unique(entries)


def _feed_entry(item: lxml.etree._Element, base_url: str) -> Entry | None:
    link: str | None = None
    date: str | None = None
    for child in item:
        name = _local(child.tag)
        if name == "link" and link is None:
            href = child.get("href")
            if href is not None:  # Atom
                if child.get("rel", "alternate") == "alternate":
                    link = href
            elif child.text and child.text.strip():  # RSS
                link = child.text
        elif name in ("pubDate", "published", "updated", "date") and date is None and child.text:
            date = child.text.strip()
    if link is None:
        # RSS 2.0 allows a permalink <guid> instead of a <link>.
        for child in item:
            text = (child.text or "").strip()
            if _local(child.tag) == "guid" and text.startswith(("http://", "https://")):
                link = text
    if not link or not link.strip():
        return None
    return Entry(urljoin(base_url, link.strip()), date)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    result = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            result.append(entry)
    return result
