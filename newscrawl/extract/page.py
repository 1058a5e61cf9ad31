"""One parsed page: decoding, the lxml tree, JSON-LD, meta tags and microdata, read once.

Every field extractor works on a :class:`Page`; nothing re-parses the HTML. The structured
parts (JSON-LD, meta tags, ``itemprop`` elements, ``<time>``, ``<h1>``) are collected in one
pass over the elements right after parsing, before anything mutates the tree. UTF-8 pages go
to the parser as bytes, without a round trip through ``str``.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

# Signatures of common binary formats that servers sometimes send as text/html.
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"ID3",
    b"OggS",
    b"\x7fELF",
    b"MZ",
    b"wOFF",
    b"wOF2",
)
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9._:-]+)""")
_XML_DECLARATION_RE = re.compile(rb"^\s*<\?xml[^>]*\?>")
# C0 control characters other than tab, newline and carriage return: libxml2 parses them, but
# lxml refuses them when text is later assigned to a node (body cleaning does that).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# The same, one by one: an ``in`` test of a single byte is a memchr, some thirty of which cost
# far less than copying a 400 KB page through ``translate`` when (as almost always) none occurs.
_SINGLE_CONTROL_BYTES = tuple(bytes([byte]) for byte in _CONTROL_BYTES)
# Control bytes that text files hardly ever hold (all below 32 but tab, LF, VT, FF and CR).
_BINARY_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
# Encodings in which plain ASCII bytes do not mean ASCII text.
_NOT_ASCII_COMPATIBLE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "utf-32-be", "utf-7", "cp037", "cp500", "cp1140"})
# Real article pages have a few thousand elements. Far more means a generated or hostile page
# whose extraction would hold the crawler's reactor for many seconds: refuse it instead.
MAX_ELEMENTS = 250_000
# Browsers decode these labels as windows-1252 (WHATWG Encoding Standard).
_WINDOWS_1252_ALIASES = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "us-ascii",
        "ascii",
        "l1",
        "cp819",
        "ibm819",
        "iso_8859-1",
        "iso-ir-100",
        "x-cp1252",
    }
)

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "socialmediaposting",
        "askpublicnewsarticle",
        "satiricalarticle",
        "posting",
        "medicalscholarlyarticle",
    }
)

# Tags whose elements hold the page's structured data.
_STRUCTURED_TAGS = frozenset({"meta", "link", "script", "time", "h1", "title", "base"})
# Attributes listed as ``(element, value)`` pairs while parsing (the extractors' look-ups).
_PAIRED_ATTRIBUTES = ("class", "id", "rel")
# Every attribute the parse-time pass reads: the pairs and the microdata.
_INDEXED_ATTRIBUTES = frozenset({*_PAIRED_ATTRIBUTES, "itemprop", "itemtype"})


class NotHtmlError(ValueError):
    """The input is not an HTML document (binary, empty)."""


def decode_html(data: bytes) -> str:
    """Decode a page's bytes: BOM, then ``<meta charset>`` / XML declaration, then UTF-8,
    then windows-1252 (which never fails). Raises :class:`NotHtmlError` for binary data."""
    utf8 = utf8_html_bytes(data)
    if utf8 is not None:
        return utf8.decode("utf-8")
    return _decode_non_utf8(data)


def _decode_non_utf8(data: bytes) -> str:
    """:func:`decode_html` for the pages :func:`utf8_html_bytes` does not pass through."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_encoding(data[:4096])
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common: fall through to the sniffing below
    return _decode_utf8_or_windows_1252(data)


def utf8_html_bytes(data: bytes) -> bytes | None:
    """``data`` itself (less a UTF-8 BOM) when :func:`decode_html` would read it as valid
    UTF-8, else ``None``. Raises :class:`NotHtmlError` for binary data.

    Most pages are UTF-8: they can go to the parser as they are, without being decoded to
    ``str`` and encoded back.
    """
    candidate = _utf8_by_declaration(data)
    return candidate if candidate is not None and _is_utf8(candidate) else None


def declares_utf8(data: bytes) -> bool:
    """Whether nothing in ``data`` (a byte-order mark, a ``<meta charset>`` or XML declaration
    that decodes it) names an encoding other than UTF-8: the cheap part of
    :func:`utf8_html_bytes`, without checking that the bytes are valid UTF-8. Raises
    :class:`NotHtmlError` for binary data."""
    return _utf8_by_declaration(data) is not None


def _utf8_by_declaration(data: bytes) -> bytes | None:
    if looks_binary(data):
        raise NotHtmlError("binary data, not an HTML page")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    declared = _declared_encoding(data[:4096])
    if declared in _NOT_ASCII_COMPATIBLE:
        return None
    if declared not in (None, "utf-8") and not data.isascii():
        try:
            data.decode(declared)
            return None  # a working declaration of another encoding wins
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common: UTF-8 is tried next
    return data


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_utf8_or_windows_1252(data: bytes) -> str:
    """UTF-8 when the multi-byte text mostly decodes as UTF-8, else windows-1252.

    One stray byte in a UTF-8 page (a truncated paste, a bad template) must not turn every
    other accented letter into mojibake: it becomes U+FFFD alone. A page in windows-1252 has
    (almost) no valid multi-byte sequences, so its bad bytes outnumber the good characters.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ch > "\x7f") - bad
    if good > bad:
        return lenient
    return data.decode("windows-1252", errors="replace")


def _declared_encoding(head: bytes) -> str | None:
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    if label in ("utf-16", "utf-16le", "utf-16be", "unicode"):
        # A page that says UTF-16 in an ASCII-readable meta tag is in fact ASCII-compatible.
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True for data no browser would render as a page: known binary formats, NUL bytes."""
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _BINARY_CONTROL_BYTES))
    return controls > len(head) * 0.05


def parse_html(text: str | bytes) -> lxml.html.HtmlElement:
    """Parse ``text`` (a ``str``, or valid UTF-8 bytes) into an lxml tree (comments and
    processing instructions dropped)."""
    data = text.encode("utf-8", errors="replace") if isinstance(text, str) else text
    declaration = _XML_DECLARATION_RE.match(data)
    if declaration:
        data = data[declaration.end() :]
    # Stray control characters are noise, not structure. In UTF-8 these bytes never occur
    # inside a multi-byte character, so deleting them from the bytes is safe.
    if any(byte in data for byte in _SINGLE_CONTROL_BYTES):
        data = data.translate(None, _CONTROL_BYTES)
    if not data or data.isspace():
        raise NotHtmlError("empty document")
    # A parser per call: lxml parsers must not be shared between threads. It is given UTF-8
    # bytes, which libxml2 reads tolerantly (a str with control characters would be refused).
    parser = lxml.html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
        encoding="utf-8",
        # No table of ``id`` attributes: nothing looks elements up by id through libxml2.
        collect_ids=False,
    )
    # Every element is an HtmlElement, chosen in C: lxml.html's own lookup runs Python code
    # for each element (to pick form/input subclasses, which extraction never uses).
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise NotHtmlError(f"unparseable document: {exc}") from exc
    if root is None:
        raise NotHtmlError("empty document")
    return root


@dataclass
class Page:
    """A parsed page and its structured data. Build it with :meth:`Page.parse`."""

    url: str
    root: lxml.html.HtmlElement
    base_url: str
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    itemprops: dict[str, list[lxml.html.HtmlElement]] = field(default_factory=dict)
    item_scopes: list[lxml.html.HtmlElement] = field(default_factory=list)
    times: list[lxml.html.HtmlElement] = field(default_factory=list)
    h1s: list[lxml.html.HtmlElement] = field(default_factory=list)
    html_title: str | None = None
    # Every element of the parsed tree. Holding them keeps lxml's Python proxies alive, so
    # the later walks (comments, dates, body) reuse them instead of building new ones.
    elements: list[lxml.html.HtmlElement] = field(default_factory=list, repr=False)
    # Per-page memo of :meth:`_attribute_pairs` (attribute name -> pairs).
    _pairs_by_attribute: dict[str, list[tuple[lxml.html.HtmlElement, str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # Per-page memo of :meth:`_class_positions`.
    _positions_by_class: dict[str, list[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def parse(cls, html: str | bytes, url: str) -> Page:
        """Decode (bytes), parse, and collect the structured data of one page."""
        if isinstance(html, bytes):
            utf8 = utf8_html_bytes(html)
            root = parse_html(utf8 if utf8 is not None else _decode_non_utf8(html))
        else:
            root = parse_html(html)
        elements = list(root.iter())
        if len(elements) > MAX_ELEMENTS:
            raise NotHtmlError(f"{len(elements)} elements, more than the {MAX_ELEMENTS} allowed")
        page = cls(url=url, root=root, base_url=url, elements=elements)
        page._collect()
        return page

    def _collect(self) -> None:
        # One Python pass over the element list (whose proxies exist already). Each element's
        # attribute names are listed once (``keys()``) and only the names indexed here are
        # read: cheaper than one ``get`` per indexed name, as most elements lack most of them.
        pairs: dict[str, list[tuple[lxml.html.HtmlElement, str]]] = {
            name: [] for name in _PAIRED_ATTRIBUTES
        }
        for node in self.elements or self.root.iter():
            tag = node.tag
            if tag in _STRUCTURED_TAGS:
                self._add_structured(node, tag)
            for name in node.keys():  # noqa: SIM118 (iterating an element gives children)
                if name in _INDEXED_ATTRIBUTES:
                    value = node.get(name)
                    if name in pairs:
                        if value:
                            pairs[name].append((node, value))
                    else:
                        self._index_microdata(node, name, value)
        self._pairs_by_attribute.update(pairs)

    def _index_microdata(self, node: lxml.html.HtmlElement, name: str, value: str) -> None:
        """File ``node``'s ``itemtype`` (an item scope) or ``itemprop`` (its property names)."""
        if name == "itemtype":
            self.item_scopes.append(node)
        else:
            for prop in value.split():
                self.itemprops.setdefault(prop.lower(), []).append(node)

    def _add_structured(self, node: lxml.html.HtmlElement, tag: str) -> None:
        if tag == "meta":
            self._add_meta(node)
        elif tag == "link":
            for rel in (node.get("rel") or "").lower().split():
                href = node.get("href")
                if href:
                    self.links.setdefault(rel, []).append(href.strip())
        elif tag == "script":
            if "ld+json" in (node.get("type") or "").lower():
                self.json_ld.extend(_json_ld_nodes(node.text or ""))
        elif tag == "time":
            self.times.append(node)
        elif tag == "h1":
            self.h1s.append(node)
        elif tag == "title" and self.html_title is None:
            self.html_title = " ".join(node.text_content().split()) or None
        elif tag == "base" and node.get("href") and self.base_url == self.url:
            # The first <base href> counts (HTML spec); later ones are ignored. A broken
            # one ("http://[bad") leaves the page's own URL as the base.
            self.base_url = self.absolute(node.get("href")) or self.url

    def elements_with_class(self, pattern: re.Pattern[str]) -> Iterator[lxml.html.HtmlElement]:
        """Elements whose ``class`` attribute ``pattern`` finds, in document order.

        Class strings repeat heavily within a page: each distinct one is searched once, and
        only the elements of the matching ones are visited.
        """
        pairs = self._attribute_pairs("class")
        matching = [
            positions
            for classes, positions in self._class_positions().items()
            if pattern.search(classes)
        ]
        if len(matching) == 1:
            order: list[int] = matching[0]
        else:
            order = sorted(chain.from_iterable(matching))
        for position in order:
            yield pairs[position][0]

    def _class_positions(self) -> dict[str, list[int]]:
        """Each distinct ``class`` string of the page -> the positions of its elements in
        the class pairs (ascending), worked out on first use and kept with the page."""
        if self._positions_by_class is None:
            positions: dict[str, list[int]] = {}
            for position, (_, classes) in enumerate(self._attribute_pairs("class")):
                found = positions.get(classes)
                if found is None:
                    positions[classes] = [position]
                else:
                    found.append(position)
            self._positions_by_class = positions
        return self._positions_by_class

    def _add_meta(self, node: lxml.html.HtmlElement) -> None:
        content = node.get("content")
        if content is None:
            return
        content = " ".join(content.split())
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = node.get(attribute)
            if key:
                self.meta.setdefault(key.strip().lower(), []).append(content)

    def elements_with_id(self, pattern: re.Pattern[str]) -> Iterator[lxml.html.HtmlElement]:
        """Elements whose ``id`` attribute ``pattern`` finds, in document order."""
        for element, ident in self._attribute_pairs("id"):
            if pattern.search(ident):
                yield element

    def elements_with_rel(self, rel: str) -> list[lxml.html.HtmlElement]:
        """Elements whose ``rel`` attribute is exactly ``rel``, in document order."""
        return [element for element, value in self._attribute_pairs("rel") if value == rel]

    def _attribute_pairs(self, name: str) -> list[tuple[lxml.html.HtmlElement, str]]:
        """``(element, value)`` of every element having attribute ``name``, in document
        order. Class, id and rel are listed while parsing; other names on first use, then
        kept with the page (several extractors ask)."""
        pairs = self._pairs_by_attribute.get(name)
        if pairs is None:
            elements = self.elements or list(self.root.iter())
            pairs = self._pairs_by_attribute[name] = [
                (element, value) for element in elements if (value := element.get(name))
            ]
        return pairs

    def meta_value(self, *names: str) -> str | None:
        """The first non-empty content among meta tags ``names`` (tried in order)."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None

    def absolute(self, href: str | None) -> str | None:
        """``href`` resolved against the page's base URL (``None`` stays ``None``)."""
        if not href:
            return None
        try:
            return urljoin(self.base_url, href.strip())
        except ValueError:
            return None

    def article_nodes(self) -> list[dict[str, Any]]:
        """JSON-LD nodes typed as an article (NewsArticle, BlogPosting…), most complete first."""
        nodes = [node for node in self.json_ld if json_ld_types(node) & ARTICLE_TYPES]
        nodes.sort(
            key=lambda node: (
                -sum(
                    1
                    for key in ("headline", "datePublished", "author", "articleBody")
                    if key in node
                )
            )
        )
        return nodes

    def json_ld_of_type(self, *types: str) -> Iterator[dict[str, Any]]:
        """JSON-LD nodes whose ``@type`` is one of ``types`` (case-insensitive)."""
        wanted = {t.lower() for t in types}
        for node in self.json_ld:
            if json_ld_types(node) & wanted:
                yield node

    def headline_neighbours(self) -> list[lxml.html.HtmlElement]:
        """Elements right after the first ``<h1>``, where bylines and dates usually sit: its
        next four sibling elements, then its parent's next three (empty without an ``<h1>``)."""
        if not self.h1s:
            return []
        h1 = self.h1s[0]
        # islice: a headline may have thousands of following siblings (a flat page).
        neighbours = list(islice((el for el in h1.itersiblings() if isinstance(el.tag, str)), 4))
        parent = h1.getparent()
        if parent is not None:
            following = (el for el in parent.itersiblings() if isinstance(el.tag, str))
            neighbours += islice(following, 3)
        return neighbours

    def lang(self) -> str | None:
        """The ``lang`` attribute of ``<html>``."""
        return self.root.get("lang") or self.root.get("xml:lang")


def json_ld_types(node: dict[str, Any]) -> set[str]:
    """The lower-cased ``@type`` names of a JSON-LD node (a full IRI counts by its last part)."""
    value = node.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {str(v).lower().rsplit("/", 1)[-1] for v in value}
    return set()


def _json_ld_nodes(text: str) -> list[dict[str, Any]]:
    """Every typed node of one JSON-LD script, flattened (``@graph``, lists, ``mainEntity``)."""
    data = _load_json(text)
    if data is None:
        return []
    found: list[dict[str, Any]] = []
    stack: list[Any] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "@type" in item:
                found.append(item)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                child = item.get(key)
                if isinstance(child, (dict, list)):
                    stack.append(child)
    return found


def _load_json(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.replace("<![CDATA[", "").replace("]]>", "").strip()
    if not text:
        return None
    # RecursionError: the json module recurses once per nesting level, so a hostile script
    # of a few hundred thousand "[" would otherwise escape extraction.
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    # Trailing commas and raw newlines in strings are the usual hand-written mistakes.
    repaired = re.sub(r",\s*([}\]])", r"\1", text)
    try:
        return json.loads(repaired, strict=False)
    except (ValueError, RecursionError):
        return None
