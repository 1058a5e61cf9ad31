"""The scrapy-redis scheduler, made reliable: leased requests are acknowledged only when done.

A request counts as done when Scrapy has finished with it (downloaded or failed, its callback
or errback run, every item it produced through the pipelines, every request it produced
queued) *and* the store pipeline's writer has written or spilled every article submitted up to
that moment. Until then it stays in this worker's in-flight hash in Redis, where another
worker finds it if this one dies. A tick (``NEWSCRAWL_REDIS_TICK`` seconds) acknowledges done
requests, renews the worker's lease and requeues the requests of dead workers.

A worker keeps running while any request is queued or in flight anywhere in the fleet: the
requests a busy (or dying) worker holds may still lead to more pages.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections import deque
from itertools import takewhile
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from newscrawl.distributed.progress import durable_mark, in_progress, wake_engine
from newscrawl.distributed.queue import ReliableQueue, UndecodableRequest
from newscrawl.urls import mask_url

logger = logging.getLogger(__name__)

DEFAULT_LEASE_S = 60.0
DEFAULT_TICK_S = 0.5


class ReliableScheduler(Scheduler):
    """scrapy-redis :class:`~scrapy_redis.scheduler.Scheduler` over a :class:`ReliableQueue`."""

    queue: ReliableQueue

    def __init__(self, server: Any, **kwargs: Any) -> None:
        self.lease_seconds: float = kwargs.pop("lease_seconds", DEFAULT_LEASE_S)
        self.tick_seconds: float = kwargs.pop("tick_seconds", DEFAULT_TICK_S)
        self.redis_url: str = kwargs.pop("redis_url", "")
        super().__init__(server, **kwargs)
        self.crawler: Crawler | None = None
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        # Requests handed to the engine, by lease id; then (writer mark, lease id) of those
        # the engine has finished, waiting for the writer to make their articles durable.
        self._leased: dict[str, Request] = {}
        self._awaiting: deque[tuple[int, str]] = deque()
        self._ticker: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReliableScheduler:
        """Build from settings (see :class:`newscrawl.distributed.DistributedAddon`)."""
        instance = cls.from_settings(crawler.settings)
        instance.stats = crawler.stats
        instance.crawler = crawler
        return instance

    @classmethod
    def from_settings(cls, settings: Any) -> ReliableScheduler:
        """scrapy-redis' scheduler plus the lease settings; refuses a non-reliable queue."""
        instance = super().from_settings(settings)
        instance.lease_seconds = settings.getfloat("NEWSCRAWL_REDIS_LEASE", DEFAULT_LEASE_S)
        instance.tick_seconds = settings.getfloat("NEWSCRAWL_REDIS_TICK", DEFAULT_TICK_S)
        instance.redis_url = settings.get("REDIS_URL") or ""
        if not issubclass(load_object(instance.queue_cls), ReliableQueue):
            raise ValueError("ReliableScheduler needs SCHEDULER_QUEUE_CLASS to be a ReliableQueue")
        return instance

    # -- lifecycle ------------------------------------------------------------------------

    def open(self, spider: Any) -> None:
        """Open the frontier, register this worker and recover the requests of dead ones."""
        super().open(spider)
        self.queue.bind(self.worker_id, self.lease_seconds)
        self.queue.heartbeat()
        recovered = self.queue.requeue_dead()
        logger.info(
            "distributed crawl: worker %s on frontier %s at %s (%d queued, %d recovered from "
            "dead workers)",
            self.worker_id,
            self.queue.key,
            mask_url(self.redis_url),
            len(self.queue),
            recovered,
        )
        self._count("recovered", recovered)
        self._ticker = task.LoopingCall(self.tick)
        self._ticker.start(self.tick_seconds, now=False)

    def close(self, reason: str) -> None:
        """Acknowledge what is done, hand back what is not, unregister the worker."""
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        # The pipelines are closed by now: everything the writer had is written or spilled.
        self._collect_finished(set())
        self._ack_durable()
        released = self.queue.release()
        if released:
            logger.warning("returned %d unfinished request(s) to the frontier", released)
        self._count("released", released)
        left = len(self.queue)
        if left:
            logger.info("%d request(s) remain on the frontier for the next run", left)
        super().close(reason)

    # -- Scrapy's scheduler interface -----------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        """Queue ``request`` on the shared frontier unless the fleet has seen it already."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        try:
            self.queue.push(request)
        except (TypeError, ValueError) as error:
            logger.error("cannot queue %s in Redis: %s", request.url, error)
            self._count("unserializable")
            return False
        self._stat("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """Lease the next request for this worker (dropping, with an error, unreadable ones)."""
        while True:
            try:
                leased = self.queue.lease()
            except UndecodableRequest as error:
                logger.error("dropped a queued request that cannot be read: %s", error)
                self._count("undecodable")
                continue
            if leased is None:
                return None
            break
        lease_id, request = leased
        self._leased[lease_id] = request
        self._count("leased")
        self._stat("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """True while anything is queued, or in flight at any worker (this one included)."""
        return bool(self._leased or self._awaiting) or self.queue.pending() > 0

    # -- the tick -------------------------------------------------------------------------

    def tick(self) -> None:
        """Acknowledge finished requests, renew the lease, requeue dead workers' requests."""
        try:
            self._collect_finished(in_progress(self.crawler))
            acked = self._ack_durable()
            self.queue.heartbeat()
            recovered = self.queue.requeue_dead()
        except Exception:  # Redis briefly away: the next tick tries again
            logger.exception("distributed scheduler tick failed")
            return
        if recovered:
            logger.warning("requeued %d request(s) of dead workers", recovered)
            self._count("recovered", recovered)
        if recovered or acked or len(self.queue):
            # New work, or the end of the crawl may have come: let the engine look now.
            wake_engine(self.crawler)

    def _collect_finished(self, running: set[Request]) -> None:
        done = [lease for lease, request in self._leased.items() if request not in running]
        if not done:
            return
        mark = durable_mark(self.crawler).submitted
        for lease in done:
            del self._leased[lease]
            self._awaiting.append((mark, lease))

    def _ack_durable(self) -> int:
        durable = durable_mark(self.crawler).accounted
        ready = [lease for mark, lease in takewhile(lambda e: e[0] <= durable, self._awaiting)]
        if not ready:
            return 0
        # Forget the leases only once Redis has them acknowledged: one dropped here would stay
        # in this worker's in-flight hash, and the fleet would wait for it forever.
        self.queue.ack(ready)
        for _ in ready:
            self._awaiting.popleft()
        self._count("acked", len(ready))
        return len(ready)

    def _count(self, name: str, value: int = 1) -> None:
        if value:
            self._stat(f"newscrawl/distributed/{name}", value)

    def _stat(self, name: str, value: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(name, value)
