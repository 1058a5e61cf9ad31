"""newscrawl.urls: canonical URLs, tracking parameters, host checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawl.urls import (
    canonicalize_url,
    host_of,
    is_http_url,
    is_tracking_param,
    mask_url,
    same_site,
    site_of,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Example.COM/News/Story/", "http://www.example.com/News/Story/"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
        ("https://example.com/a?id=3&fbclid=abc&page=2", "https://example.com/a?id=3&page=2"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonicalize_url(url, expected):
    assert canonicalize_url(url) == expected


def test_canonicalize_keeps_blank_values_of_real_parameters():
    assert canonicalize_url("https://example.com/?p=&utm_campaign=z") == "https://example.com/?p="


@pytest.mark.parametrize("name", ["utm_source", "UTM_Campaign", "fbclid", "gclid", "mc_eid"])
def test_tracking_params(name):
    assert is_tracking_param(name)


@pytest.mark.parametrize("name", ["id", "page", "p", "q", "article"])
def test_content_params_are_not_tracking(name):
    assert not is_tracking_param(name)


def test_host_and_site():
    assert host_of("https://WWW.Example.com:8443/x") == "www.example.com"
    assert site_of("https://www.example.com/x") == "example.com"
    assert site_of("https://news.example.com/x") == "news.example.com"
    assert host_of("not a url") == ""


def test_same_site_ignores_www_and_port():
    hosts = frozenset({"www.example.com"})
    assert same_site("https://example.com/a", hosts)
    assert same_site("http://www.example.com:8080/a", hosts)
    assert not same_site("https://cdn.example.com/a", hosts)
    assert not same_site("https://example.org/a", hosts)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a", True),
        ("http://127.0.0.1:8000/", True),
        ("ftp://example.com/file", False),
        ("mailto:someone@example.com", False),
        ("/relative/path", False),
        ("javascript:void(0)", False),
        ("https:///no-host", False),
    ],
)
def test_is_http_url(url, expected):
    assert is_http_url(url) is expected


@given(
    path=st.from_regex(r"/[a-z0-9/-]{0,30}", fullmatch=True),
    query=st.lists(st.tuples(st.sampled_from(["id", "utm_source", "page", "fbclid"]),
                             st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True)), max_size=4),
)
def test_canonicalize_is_idempotent_and_drops_tracking(path, query):
    query_string = "&".join(f"{k}={v}" for k, v in query)
    url = "https://Example.com" + path + ("?" + query_string if query else "")
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once
    assert "utm_source" not in once and "fbclid" not in once


def test_canonicalize_keeps_the_brackets_of_an_ipv6_host():
    assert canonicalize_url("http://[::1]:8080/a?utm_source=x#f") == "http://[::1]:8080/a"
    assert canonicalize_url("https://[2001:DB8::1]:443/") == "https://[2001:db8::1]/"


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("redis://:s3cret@host:6379/0", "redis://:***@host:6379/0"),
        ("redis://user:s3cret@host/1", "redis://user:***@host/1"),
        ("redis://host:6379/0", "redis://host:6379/0"),
        ("redis://user:s3cret@host:notaport/0", "<unparseable URL>"),
        ("redis://user@host/0", "redis://user@host/0"),
        ("not a url :s3cret@", "<unparseable URL>"),
        ("sqlite:////var/lib/news@host.db", "sqlite:////var/lib/news@host.db"),
        ("postgresql+psycopg://crawler:s3cret@db:5432/news", "postgresql+psycopg://crawler:***@db:5432/news"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked
