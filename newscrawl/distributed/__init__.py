"""Distributed crawling: many ``scrapy crawl`` processes sharing one Redis frontier.

Set ``REDIS_URL`` (``-s REDIS_URL=redis://host:6379/0``) and :class:`DistributedAddon` (listed
in ``ADDONS``) switches Scrapy's scheduler and duplicate filter to Redis; without it nothing
changes. The frontier is *reliable*: a request a worker takes is leased, not removed, until
its response has been processed and its articles are written or spilled, so a worker that is
killed loses nothing (see :mod:`newscrawl.distributed.queue`).
"""

from __future__ import annotations

from newscrawl.distributed.addon import DistributedAddon

__all__ = ["DistributedAddon"]
