"""The reliable Redis frontier on its own: leases, acknowledgements, recovery, serialization."""

from __future__ import annotations

import pickle

import pytest
import redis
from scrapy import Request, Spider
from scrapy.settings import Settings
from scrapy.utils.request import request_from_dict

from newscrawl.distributed import DistributedAddon, serializer
from newscrawl.distributed.queue import ReliableQueue, UndecodableRequest

BASE = "http://news.example/"


@pytest.fixture
def spider() -> Spider:
    return Spider(name="news")


@pytest.fixture
def make_queue(redis_client: redis.Redis, redis_prefix: str, spider: Spider):
    """Queues on one frontier, one per worker name."""

    def _make(worker: str, lease: float = 30.0) -> ReliableQueue:
        queue = ReliableQueue(redis_client, spider, f"{redis_prefix}:news:frontier", serializer)
        queue.bind(worker, lease)
        queue.heartbeat()
        return queue

    return _make


def _urls(requests: list[Request | None]) -> list[str]:
    return [r.url for r in requests if r is not None]


def _expire(client: redis.Redis, queue: ReliableQueue) -> None:
    """Make ``queue``'s worker look dead: its lease ran out long ago."""
    client.zadd(queue.workers_key, {queue.worker_id: 0})


def test_lease_moves_a_request_in_flight_and_ack_forgets_it(make_queue, redis_client) -> None:
    queue = make_queue("a")
    queue.push(Request(BASE + "1"))

    lease_id, request = queue.lease()

    assert request.url == BASE + "1"
    assert len(queue) == 0
    assert queue.pending() == 1  # still in flight, so the fleet is not done
    assert redis_client.hlen(queue.inflight_key) == 1
    assert queue.ack([lease_id]) == 1
    assert queue.pending() == 0
    assert queue.lease() is None


def test_higher_priority_first(make_queue) -> None:
    queue = make_queue("a")
    queue.push(Request(BASE + "page", priority=1))
    queue.push(Request(BASE + "sitemap.xml", priority=10))

    assert _urls([queue.pop(), queue.pop(), queue.pop()]) == [BASE + "sitemap.xml", BASE + "page"]


def test_dead_workers_requests_go_back_to_the_frontier(make_queue, redis_client) -> None:
    dead, alive = make_queue("dead"), make_queue("alive")
    for i in range(3):
        dead.push(Request(BASE + str(i)))
    taken = [dead.lease(), dead.lease()]
    assert all(taken)

    assert alive.requeue_dead() == 0  # the lease still runs: nothing to recover yet
    _expire(redis_client, dead)
    assert alive.requeue_dead() == 2

    assert not redis_client.exists(dead.inflight_key)
    assert redis_client.zscore(dead.workers_key, dead.worker_id) is None
    recovered = _urls([alive.pop() for _ in range(4)])
    assert sorted(recovered) == [BASE + "0", BASE + "1", BASE + "2"]


def test_recovered_request_keeps_its_priority(make_queue, redis_client) -> None:
    dead, alive = make_queue("dead"), make_queue("alive")
    dead.push(Request(BASE + "sitemap.xml", priority=10))
    dead.lease()
    alive.push(Request(BASE + "page", priority=1))
    _expire(redis_client, dead)
    alive.requeue_dead()

    assert _urls([alive.pop(), alive.pop()]) == [BASE + "sitemap.xml", BASE + "page"]


def test_heartbeat_keeps_a_worker_alive(make_queue, redis_client) -> None:
    worker, other = make_queue("busy"), make_queue("other")
    worker.push(Request(BASE + "1"))
    worker.lease()
    _expire(redis_client, worker)

    worker.heartbeat()

    assert other.requeue_dead() == 0
    assert other.pending() == 1


def test_release_returns_unfinished_requests_and_unregisters(make_queue, redis_client) -> None:
    queue = make_queue("leaving")
    queue.push(Request(BASE + "1"))
    queue.push(Request(BASE + "2"))
    first, _ = queue.lease()
    queue.lease()
    queue.ack([first])

    assert queue.release() == 1
    assert len(queue) == 1
    assert redis_client.zcard(queue.workers_key) == 0


def test_pending_counts_other_workers_in_flight_requests(make_queue) -> None:
    a, b = make_queue("a"), make_queue("b")
    a.push(Request(BASE + "1"))
    a.push(Request(BASE + "2"))
    b.lease()

    assert a.pending() == 2
    assert len(a) == 1


def test_lease_needs_a_worker_name(redis_client, redis_prefix, spider) -> None:
    queue = ReliableQueue(redis_client, spider, f"{redis_prefix}:news:frontier", serializer)
    with pytest.raises(RuntimeError):
        queue.lease()
    with pytest.raises(ValueError):
        queue.bind("w", 0)


# -- serialization --------------------------------------------------------------------------


def test_request_round_trips_through_json(spider: Spider) -> None:
    request = Request(
        BASE + "a?x=1",
        method="POST",
        body=b"\x00\xffbinary",
        headers={"Accept": "text/html"},
        meta={"newscrawl_found_in": "sitemap", "depth": 2, "redirect_urls": [BASE]},
        priority=3,
        dont_filter=True,
    )

    data = serializer.dumps(request.to_dict(spider=spider))
    copy = request_from_dict(serializer.loads(data), spider=spider)

    assert isinstance(data, str)
    assert (copy.url, copy.method, copy.body, copy.priority) == (
        request.url, "POST", b"\x00\xffbinary", 3,
    )
    assert copy.headers.get("Accept") == b"text/html"
    assert copy.meta["depth"] == 2 and copy.dont_filter


def test_objects_that_are_not_data_are_refused(spider: Spider) -> None:
    request = Request(BASE, meta={"thing": object()})
    with pytest.raises(TypeError):
        serializer.dumps(request.to_dict(spider=spider))


@pytest.mark.parametrize(
    "data",
    [pickle.dumps({"url": BASE}), b'{"~x": 1}', b"not json"],
)
def test_only_our_json_is_read_back(data: bytes) -> None:
    with pytest.raises(ValueError):
        serializer.loads(data)


# -- the switch and the logs ----------------------------------------------------------------


def _settings(**values: str) -> Settings:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    for name, value in values.items():
        settings.set(name, value, priority="cmdline")
    return settings


def test_addon_is_configured_in_the_project_settings() -> None:
    assert "newscrawl.distributed.DistributedAddon" in _settings().getdict("ADDONS")


def test_without_redis_url_the_addon_changes_nothing() -> None:
    settings = _settings()
    before = dict(settings)
    DistributedAddon().update_settings(settings)
    assert dict(settings) == before
    assert "scrapy_redis" not in str(settings.get("SCHEDULER"))


def test_with_redis_url_scheduler_and_dupefilter_use_redis() -> None:
    settings = _settings(REDIS_URL="redis://127.0.0.1:6379/15", NEWSCRAWL_REDIS_PREFIX="fleet1")
    DistributedAddon().update_settings(settings)
    assert settings["SCHEDULER"] == "newscrawl.distributed.scheduler.ReliableScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings["SCHEDULER_QUEUE_KEY"] == "fleet1:%(spider)s:frontier"
    assert settings.getbool("SCHEDULER_PERSIST")


def test_command_line_overrides_win_over_the_addon() -> None:
    settings = _settings(REDIS_URL="redis://127.0.0.1:6379/15", SCHEDULER_PERSIST="False")
    DistributedAddon().update_settings(settings)
    assert not settings.getbool("SCHEDULER_PERSIST")


def test_an_unreadable_entry_is_dropped_not_left_in_flight(make_queue, redis_client) -> None:
    queue = make_queue("a")
    redis_client.zadd(queue.key, {b"not json": -10})
    queue.push(Request(BASE + "good"))

    with pytest.raises(UndecodableRequest):
        queue.lease()

    assert redis_client.hlen(queue.inflight_key) == 0
    assert queue.pending() == 1  # only the good request remains
    assert _urls([queue.lease()[1]]) == [BASE + "good"]
