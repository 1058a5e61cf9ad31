"""The reliable scheduler's bookkeeping, with a stand-in queue (no Redis, no engine)."""

from __future__ import annotations

from collections import deque

from scrapy import Request

from newscrawl.distributed.queue import UndecodableRequest
from newscrawl.distributed.scheduler import ReliableScheduler


class FlakyQueue:
    """Records acknowledgements; the first ``failures`` calls to ``ack`` fail like Redis."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.acked: list[str] = []

    def ack(self, lease_ids: list[str]) -> int:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("Redis went away")
        self.acked += lease_ids
        return len(lease_ids)

    def heartbeat(self) -> None:
        pass

    def requeue_dead(self) -> int:
        return 0

    def __len__(self) -> int:
        return 0


def _scheduler(queue: FlakyQueue, leases: dict[str, Request]) -> ReliableScheduler:
    scheduler = object.__new__(ReliableScheduler)  # no Redis server behind it
    scheduler.queue = queue  # type: ignore[assignment]
    scheduler.crawler = None  # no engine: nothing in progress, everything durable
    scheduler.stats = None
    scheduler._leased = dict(leases)
    scheduler._awaiting = deque()
    return scheduler


def test_finished_requests_are_acknowledged_on_the_tick() -> None:
    queue = FlakyQueue(failures=0)
    scheduler = _scheduler(queue, {"1": Request("https://a.example/1")})
    scheduler.tick()
    assert queue.acked == ["1"]
    assert not scheduler._leased and not scheduler._awaiting


def test_a_failed_acknowledgement_is_retried_on_the_next_tick() -> None:
    queue = FlakyQueue(failures=1)
    scheduler = _scheduler(
        queue, {"1": Request("https://a.example/1"), "2": Request("https://a.example/2")}
    )
    scheduler.tick()  # Redis away: logged, nothing forgotten
    assert queue.acked == []
    assert [lease for _, lease in scheduler._awaiting] == ["1", "2"]
    scheduler.tick()
    assert queue.acked == ["1", "2"]
    assert not scheduler._awaiting


class QueueWithAnUnreadableEntry:
    """Leases an unreadable entry first, then one good request, then nothing."""

    def __init__(self) -> None:
        self.entries: list[object] = [
            UndecodableRequest("not json"),
            ("7", Request("https://a.example/good")),
        ]

    def lease(self) -> tuple[str, Request] | None:
        if not self.entries:
            return None
        entry = self.entries.pop(0)
        if isinstance(entry, Exception):
            raise entry
        return entry  # type: ignore[return-value]


def test_an_unreadable_entry_is_logged_and_skipped(caplog) -> None:
    scheduler = _scheduler(QueueWithAnUnreadableEntry(), {})  # type: ignore[arg-type]
    request = scheduler.next_request()
    assert request is not None and request.url == "https://a.example/good"
    assert scheduler._leased == {"7": request}
    assert "cannot be read" in caplog.text
    assert scheduler.next_request() is None
