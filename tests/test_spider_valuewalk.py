"""The ``valuewalk`` spider binds the site profile to the generic spider; the ``news`` spider's
configuration and hook."""

from __future__ import annotations

import pytest

from newscrawl.demo.pages import article_urls
from newscrawl.extract.rules import load_site_profile
from spiders.news import NewsSpider
from spiders.valuewalk import ValueWalkSpider

pytestmark = pytest.mark.timeout(180)


def test_valuewalk_uses_the_profile_start_urls_hosts_and_rules():
    profile = load_site_profile("valuewalk")
    spider = ValueWalkSpider()
    assert spider.start_urls == list(profile.start_urls)
    assert set(profile.hosts) <= spider.hosts
    assert spider.site_rules == profile.rules
    assert "valuewalk.com" in spider.allowed_domains


def test_valuewalk_start_urls_can_be_overridden():
    spider = ValueWalkSpider(start_urls="http://127.0.0.1:8000/robots.txt")
    assert spider.start_urls == ["http://127.0.0.1:8000/robots.txt"]
    assert "127.0.0.1" in spider.hosts
    assert spider.site_rules is not None


def test_news_spider_splits_and_checks_start_urls():
    spider = NewsSpider(start_urls=" https://a.example.com/ , ftp://b.example.com/x,,")
    assert spider.start_urls == ["https://a.example.com/"]
    assert spider.hosts == frozenset({"a.example.com"})
    assert spider.site_rules is None


def test_follow_url_hook_denies_utility_links_from_pages_only():
    spider = NewsSpider(start_urls="https://a.example.com/")
    assert spider.follow_url("https://a.example.com/2025/01/story/", "page")
    assert not spider.follow_url("https://a.example.com/wp-login.php?redirect_to=x", "page")
    assert not spider.follow_url("https://a.example.com/story/?replytocom=12", "page")
    assert not spider.follow_url("https://a.example.com/feed/", "page")
    assert spider.follow_url("https://a.example.com/feed/", "sitemap")


def test_valuewalk_spider_crawls_a_local_copy(demo_site, crawl):
    result = crawl([demo_site.url("/robots.txt")], spider="valuewalk")
    assert result.article_urls() == sorted(article_urls(demo_site.base_url))
    (row,) = result.rows(
        "SELECT authors, section FROM articles WHERE url LIKE '%copper-prices%'"
    )
    assert "Maya Okafor" in row.authors
    assert row.section == "Markets"
