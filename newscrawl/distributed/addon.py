"""The switch: with ``REDIS_URL`` set, scheduling and duplicate filtering move to Redis.

Listed in ``ADDONS`` in ``newscrawl/settings.py``. Scrapy calls
:meth:`DistributedAddon.update_settings` once the command line's ``-s`` options are applied, so
``-s REDIS_URL=redis://…`` is enough to make a worker join a fleet.
Without ``REDIS_URL`` it changes nothing.

Settings (each may be given with ``-s``):

- ``REDIS_URL``: the Redis server and database, e.g. ``redis://:password@host:6379/0``;
- ``NEWSCRAWL_REDIS_PREFIX`` (``newscrawl``): prefix of every key, so several crawls (or test
  runs) can share one Redis database; the keys are ``<prefix>:<spider>:frontier``, ``:seen``,
  ``:workers`` and ``:inflight:<worker id>``;
- ``NEWSCRAWL_REDIS_LEASE`` (60): seconds after which a silent worker counts as dead and its
  in-flight requests go back to the frontier. It must exceed the longest time the reactor can
  be busy with one page;
- ``NEWSCRAWL_REDIS_TICK`` (0.5): seconds between acknowledgements and lease renewals.
"""

from __future__ import annotations

import logging

from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "newscrawl"


class DistributedAddon:
    """Scrapy add-on: scrapy-redis scheduler and duplicate filter when ``REDIS_URL`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Point the scheduler and duplicate filter at Redis; a no-op without ``REDIS_URL``."""
        if not settings.get("REDIS_URL"):
            return
        prefix = settings.get("NEWSCRAWL_REDIS_PREFIX") or DEFAULT_PREFIX
        values = {
            "SCHEDULER": "newscrawl.distributed.scheduler.ReliableScheduler",
            "SCHEDULER_QUEUE_CLASS": "newscrawl.distributed.queue.ReliableQueue",
            "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:frontier",
            "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:seen",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            # JSON, not pickle: what is read from Redis must never be able to run code.
            "SCHEDULER_SERIALIZER": "newscrawl.distributed.serializer",
            # Keep the frontier and the seen set when a worker stops: that is what lets a
            # fleet be stopped and resumed, and lets one worker finish while others go on.
            "SCHEDULER_PERSIST": True,
        }
        for name, value in values.items():
            settings.set(name, value, priority="addon")
