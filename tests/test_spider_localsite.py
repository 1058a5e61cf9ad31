"""newscrawl.localsite: the loopback site used by the demo, the crawl tests and benchmarks."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest

from newscrawl.localsite import GZIP, LocalSite, Page


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_serves_pages_with_content_type(local_site):
    local_site.set_page("/", Page.html("<h1>Hello</h1>"))
    local_site.set_page("/robots.txt", Page.text("User-agent: *\n"))

    status, headers, body = fetch(local_site.url("/"))
    assert (status, body) == (200, b"<h1>Hello</h1>")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert fetch(local_site.url("/robots.txt"))[1]["Content-Type"].startswith("text/plain")


def test_unknown_path_is_404_and_logged(local_site):
    status, _, _ = fetch(local_site.url("/missing/"))
    assert status == 404
    assert local_site.requested_paths() == ["/missing/"]
    assert local_site.requested_paths(404) == ["/missing/"]


def test_query_string_falls_back_to_the_path(local_site):
    local_site.set_page("/a/", Page.html("plain"))
    local_site.set_page("/a/?v=2", Page.html("exact"))
    assert fetch(local_site.url("/a/?utm_source=x"))[2] == b"plain"
    assert fetch(local_site.url("/a/?v=2"))[2] == b"exact"
    assert local_site.requested_paths() == ["/a/?utm_source=x", "/a/?v=2"]


def test_gz_paths_are_served_compressed(local_site):
    local_site.set_page("/sitemap.xml.gz", Page.xml("<urlset/>"))
    status, headers, body = fetch(local_site.url("/sitemap.xml.gz"))
    assert status == 200
    assert headers["Content-Type"] == GZIP
    assert gzip.decompress(body) == b"<urlset/>"


def test_already_compressed_gz_is_not_compressed_twice(local_site):
    data = gzip.compress(b"<urlset/>")
    local_site.set_page("/s.xml.gz", Page(data, GZIP))
    assert fetch(local_site.url("/s.xml.gz"))[2] == data


def test_etag_and_if_none_match(local_site):
    local_site.set_page("/a/", Page.html("v1"))
    _, headers, _ = fetch(local_site.url("/a/"))
    etag = headers["ETag"]

    assert fetch(local_site.url("/a/"), {"If-None-Match": etag})[0] == 304
    local_site.set_page("/a/", Page.html("v2"))
    status, headers2, body = fetch(local_site.url("/a/"), {"If-None-Match": etag})
    assert (status, body) == (200, b"v2")
    assert headers2["ETag"] != etag
    assert local_site.requested_paths(304) == ["/a/"]


def test_last_modified_and_if_modified_since(local_site):
    modified = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
    local_site.set_page("/a/", Page.html("x", last_modified=modified))
    _, headers, _ = fetch(local_site.url("/a/"))
    assert headers["Last-Modified"] == "Tue, 04 Mar 2025 05:06:07 GMT"

    same = format_datetime(modified, usegmt=True)
    earlier = format_datetime(modified.replace(year=2024), usegmt=True)
    assert fetch(local_site.url("/a/"), {"If-Modified-Since": same})[0] == 304
    assert fetch(local_site.url("/a/"), {"If-Modified-Since": earlier})[0] == 200
    assert fetch(local_site.url("/a/"), {"If-Modified-Since": "garbage"})[0] == 200


def test_redirects_use_absolute_locations(local_site):
    local_site.set_page("/old/", Page.redirect("/new/"))
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(local_site.url("/old/"), timeout=10)
    assert caught.value.code == 301
    assert caught.value.headers["Location"] == local_site.url("/new/")


def test_remove_page_and_clear_log(local_site):
    local_site.set_page("/a/", Page.html("x"))
    fetch(local_site.url("/a/"))
    local_site.remove_page("/a/")
    assert fetch(local_site.url("/a/"))[0] == 404
    local_site.clear_log()
    assert local_site.requests == []


def test_request_log_records_method_host_and_headers(local_site):
    local_site.set_page("/", Page.html("x"))
    fetch(local_site.url("/"), {"User-Agent": "tester/1"})
    (entry,) = local_site.requests
    assert (entry.method, entry.path, entry.status) == ("GET", "/", 200)
    assert entry.host == f"127.0.0.1:{local_site.port}"
    assert entry.headers["User-Agent"] == "tester/1"


def test_context_manager_releases_the_port():
    with LocalSite({"/": Page.html("x")}) as site:
        url = site.url("/")
        assert fetch(url)[0] == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_port_is_unknown_before_start():
    with pytest.raises(RuntimeError):
        _ = LocalSite().port


def test_many_connections_opened_at_once_are_all_served(local_site):
    # A crawler opens dozens of connections in one burst; the listen backlog must hold them
    # (with Python's default of 5, the overflow waited out SYN-ACK retries, and crawl tests
    # hit their download timeout).
    import socket

    local_site.set_page("/burst", Page.html("<p>burst</p>"))
    address = ("127.0.0.1", local_site.port)
    sockets = [socket.create_connection(address, timeout=10) for _ in range(64)]
    try:
        for sock in sockets:
            sock.sendall(b"GET /burst HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        replies = [sock.recv(64) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    assert all(reply.startswith(b"HTTP/1.1 200") for reply in replies)
