"""The seed site, ValueWalk: the generic spider bound to the ``valuewalk`` site profile.

The profile (``newscrawl/sites/valuewalk.toml``) gives the hosts, the discovery entry points and
the extraction rules. ``scrapy crawl valuewalk`` starts from the profile's URLs;
``-a start_urls=URL[,URL...]`` replaces them (for example to crawl a saved copy locally).
"""

from __future__ import annotations

from spiders.news import NewsSpider


class ValueWalkSpider(NewsSpider):
    """ValueWalk (www.valuewalk.com), a WordPress finance-news site."""

    name = "valuewalk"
    site_profile = "valuewalk"
