"""newscrawl.discovery: telling documents apart by content, and reading robots/sitemaps/feeds."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone

import pytest

from newscrawl.discovery import (
    DiscoveryError,
    DocumentKind,
    Entry,
    decompress,
    is_usable_url,
    parse_entry_date,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
    sniff_document,
)

BASE = "https://news.example.com/"
SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.com/2025/01/one/</loc><lastmod>2025-01-02</lastmod></url>
  <url><loc> https://news.example.com/2025/01/two/ </loc></url>
  <url><loc>https://news.example.com/2025/01/one/</loc></url>
  <url><lastmod>2025-01-03</lastmod></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.com/post-sitemap.xml.gz</loc></sitemap>
  <sitemap><loc>/page-sitemap.xml</loc></sitemap>
</sitemapindex>"""
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>https://news.example.com/a/</link>
<pubDate>Mon, 06 Jan 2025 10:00:00 +0000</pubDate></item>
<item><title>B</title><guid>https://news.example.com/b/</guid></item>
<item><title>C</title><guid isPermaLink="false">post-3</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link rel="alternate" href="https://news.example.com/a/"/>
<link rel="replies" href="https://news.example.com/a/#comments"/>
<published>2025-01-06T10:00:00Z</published></entry>
<entry><title>B</title><link href="/b/"/></entry>
</feed>"""
RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example.com/"><title>T</title></channel>
<item rdf:about="https://news.example.com/a/"><title>A</title><link>https://news.example.com/a/</link></item>
</rdf:RDF>"""


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"User-agent: *\nDisallow: /wp-admin/\nSitemap: https://x/s.xml\n", DocumentKind.ROBOTS),
        (b"# comment\nsitemap: https://x/s.xml", DocumentKind.ROBOTS),
        (SITEMAP, DocumentKind.SITEMAP),
        (INDEX, DocumentKind.SITEMAP_INDEX),
        (RSS, DocumentKind.FEED),
        (ATOM, DocumentKind.FEED),
        (RDF, DocumentKind.FEED),
        (b"<!DOCTYPE html><html><head><title>x</title></head></html>", DocumentKind.HTML),
        (b"\xef\xbb\xbf  <!-- c --><html lang=en><body>x", DocumentKind.HTML),
        (b"<div><p>fragment of a page</p></div>", DocumentKind.HTML),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>", DocumentKind.HTML),
        (b"%PDF-1.7\n\x00\x01\x02\x03binary", DocumentKind.BINARY),
        (gzip.compress(b"<urlset/>"), DocumentKind.BINARY),
        (b"   \n\t", DocumentKind.EMPTY),
        (b"", DocumentKind.EMPTY),
        (b'{"json": true}', DocumentKind.UNKNOWN),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", DocumentKind.UNKNOWN),
    ],
)
def test_sniff_document(body, kind):
    assert sniff_document(body) is kind


def test_sniff_ignores_the_url_a_sitemap_is_served_at():
    # The same bytes are a sitemap wherever they come from; only content counts.
    assert sniff_document(SITEMAP) is DocumentKind.SITEMAP


def test_decompress_gzip_and_passthrough():
    assert decompress(gzip.compress(SITEMAP), max_size=10_000) == SITEMAP
    assert decompress(SITEMAP, max_size=10) == SITEMAP  # not gzip: returned as is


def test_decompress_refuses_gzip_bombs():
    with pytest.raises(DiscoveryError, match="larger than"):
        decompress(gzip.compress(b"0" * 100_000), max_size=1_000)


def test_decompress_refuses_corrupt_gzip():
    with pytest.raises(DiscoveryError, match="corrupt"):
        decompress(b"\x1f\x8b\x08\x00not-deflate-data", max_size=1_000)


def test_sitemaps_from_robots_resolves_and_dedupes():
    robots = (
        b"User-agent: *\nSitemap: /sitemap.xml\n"
        b"SITEMAP: https://cdn.example.com/s.xml\nsitemap: /sitemap.xml\n"
    )
    assert sitemaps_from_robots(robots, BASE) == [
        "https://news.example.com/sitemap.xml",
        "https://cdn.example.com/s.xml",
    ]


def test_sitemaps_from_robots_without_sitemap_lines():
    assert sitemaps_from_robots(b"User-agent: *\nDisallow:\n", BASE) == []


def test_parse_sitemap_entries_with_lastmod():
    kind, entries = parse_sitemap(SITEMAP, BASE)
    assert kind is DocumentKind.SITEMAP
    assert entries == [
        Entry("https://news.example.com/2025/01/one/", "2025-01-02"),
        Entry("https://news.example.com/2025/01/two/", None),
    ]


def test_parse_sitemap_index_resolves_relative_locations():
    kind, entries = parse_sitemap(INDEX, BASE)
    assert kind is DocumentKind.SITEMAP_INDEX
    assert [e.url for e in entries] == [
        "https://news.example.com/post-sitemap.xml.gz",
        "https://news.example.com/page-sitemap.xml",
    ]


def test_parse_sitemap_recovers_from_truncation():
    _, entries = parse_sitemap(SITEMAP[:200], BASE)
    assert [e.url for e in entries] == ["https://news.example.com/2025/01/one/"]


@pytest.mark.parametrize("body", [b"", b"not xml", RSS])
def test_parse_sitemap_rejects_other_documents(body):
    with pytest.raises(DiscoveryError):
        parse_sitemap(body, BASE)


def test_parse_rss_links_and_permalink_guids():
    entries = parse_feed(RSS, BASE)
    assert [e.url for e in entries] == ["https://news.example.com/a/", "https://news.example.com/b/"]
    assert entries[0].date == "Mon, 06 Jan 2025 10:00:00 +0000"


def test_parse_atom_alternate_links_only():
    entries = parse_feed(ATOM, BASE)
    assert [e.url for e in entries] == ["https://news.example.com/a/", "https://news.example.com/b/"]
    assert entries[0].date == "2025-01-06T10:00:00Z"


def test_parse_rdf_feed():
    assert [e.url for e in parse_feed(RDF, BASE)] == ["https://news.example.com/a/"]


@pytest.mark.parametrize("body", [b"", b"plain text", SITEMAP])
def test_parse_feed_rejects_other_documents(body):
    with pytest.raises(DiscoveryError):
        parse_feed(body, BASE)


def test_parse_feed_ignores_entities():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><link>https://news.example.com/&x;</link></item></channel></rss>"
    )
    assert all("root:" not in e.url for e in parse_feed(evil, BASE))


@pytest.mark.parametrize(
    ("url", "usable"),
    [
        ("https://news.example.com/a/", True),
        ("http://127.0.0.1:8000/a/?utm_source=x", True),
        ("http://[not-an-ip]/a/", False),
        ("http://news.example.com:abc/a/", False),
        ("http://news.example.com:99999/a/", False),
        ("ftp://news.example.com/a/", False),
        ("/relative/", False),
        ("", False),
    ],
)
def test_is_usable_url(url, usable):
    assert is_usable_url(url) is usable


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example.com/2025/01/rates/</loc>
    <lastmod>2025-01-06T12:00:00+00:00</lastmod>
    <news:news>
      <news:publication><news:name>Example News</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2025-01-06T10:00:00+01:00</news:publication_date>
      <news:title>Central Bank  Holds Rates</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example.com/2025/01/plain/</loc></url>
</urlset>"""


def test_parse_google_news_sitemap_publication_date_and_title():
    kind, entries = parse_sitemap(NEWS_SITEMAP, BASE)
    assert kind is DocumentKind.SITEMAP
    assert entries == [
        Entry(
            "https://news.example.com/2025/01/rates/",
            "2025-01-06T12:00:00+00:00",
            published="2025-01-06T10:00:00+01:00",
            title="Central Bank Holds Rates",
        ),
        Entry("https://news.example.com/2025/01/plain/"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-06T10:00:00+01:00", datetime(2025, 1, 6, 9, tzinfo=timezone.utc)),
        ("2025-01-06T10:00:00Z", datetime(2025, 1, 6, 10, tzinfo=timezone.utc)),
        ("2025-01-06", datetime(2025, 1, 6, tzinfo=timezone.utc)),
        ("Mon, 06 Jan 2025 10:00:00 +0000", datetime(2025, 1, 6, 10, tzinfo=timezone.utc)),
        ("2025-01-06T10:00:00", datetime(2025, 1, 6, 10, tzinfo=timezone.utc)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_entry_date(text, expected):
    assert parse_entry_date(text) == expected


def test_parse_entry_date_latest_reading_of_vague_values():
    # A bare date may mean any moment of that day in any time zone.
    assert parse_entry_date("2025-01-06", latest=True) == datetime(
        2025, 1, 7, 12, tzinfo=timezone.utc
    )
    assert parse_entry_date("2025-01-06T10:00:00", latest=True) == datetime(
        2025, 1, 6, 22, tzinfo=timezone.utc
    )
    exact = "2025-01-06T10:00:00+00:00"
    assert parse_entry_date(exact, latest=True) == parse_entry_date(exact)
