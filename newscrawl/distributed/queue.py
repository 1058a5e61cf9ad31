"""A Redis frontier that loses no request when a worker dies.

Plain scrapy-redis pops a request and forgets it: if the worker is killed before the page is
processed, the request is gone. Here a pop *leases* the request instead: one Lua script moves
it from the frontier to the worker's in-flight hash and extends the worker's lease, atomically.
The worker acknowledges the request (deletes it from its hash) once its response has been
processed and the articles it produced are written or spilled. A live worker renews its lease
every few seconds; when a lease expires, any worker moves the dead worker's in-flight requests
back to the frontier (at start, and on every tick). Deadlines use the Redis server's clock, so
the workers' clocks need not agree.

Keys, for a frontier key ``<base>:frontier`` (scrapy-redis' ``SCHEDULER_QUEUE_KEY``):

- ``<base>:frontier``: sorted set of serialized requests, scored by ``-priority``;
- ``<base>:workers``: sorted set of worker ids, scored by lease expiry (Unix seconds);
- ``<base>:inflight:<worker>``: hash of lease id -> ``"<score> <serialized request>"``.

Delivery is at least once: a worker that stalls longer than its lease may see its requests
redone by another worker. Storage is idempotent (upserts on the canonical URL), so a page
fetched twice is still stored once. The scripts touch keys derived at run time, so they need a
single Redis server (not Redis Cluster).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base

# Moves the best request to the worker's in-flight hash and renews the worker's lease.
# KEYS: frontier, inflight hash, workers. ARGV: lease id, lease seconds, worker id.
_POP = """
local item = redis.call('ZPOPMIN', KEYS[1])
if #item == 0 then return false end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('HSET', KEYS[2], ARGV[1], item[2] .. ' ' .. item[1])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[3])
return item[1]
"""

# Puts every in-flight request of one worker back on the frontier and forgets the worker.
_RELEASE_BODY = """
local function release(frontier, workers, inflight, worker)
  local moved = 0
  for _, entry in ipairs(redis.call('HVALS', inflight)) do
    local space = string.find(entry, ' ', 1, true)
    redis.call('ZADD', frontier, tonumber(string.sub(entry, 1, space - 1)),
               string.sub(entry, space + 1))
    moved = moved + 1
  end
  redis.call('DEL', inflight)
  redis.call('ZREM', workers, worker)
  return moved
end
"""

# KEYS: frontier, workers. ARGV: in-flight key prefix. Requeues the workers whose lease expired.
_REQUEUE_DEAD = (
    _RELEASE_BODY
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local moved = 0
for _, worker in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  moved = moved + release(KEYS[1], KEYS[2], ARGV[1] .. worker, worker)
end
return moved
"""
)

# KEYS: frontier, workers, inflight. ARGV: worker id. A worker's clean exit.
_RELEASE = _RELEASE_BODY + "return release(KEYS[1], KEYS[2], KEYS[3], ARGV[1])"

# KEYS: workers. ARGV: lease seconds, worker id. "I am alive": renew the lease.
_HEARTBEAT = """
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) + tonumber(ARGV[1]), ARGV[2])
return 1
"""

# KEYS: frontier, workers. ARGV: in-flight key prefix. Queued plus in-flight requests, fleet-wide.
_PENDING = """
local total = redis.call('ZCARD', KEYS[1])
for _, worker in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  total = total + redis.call('HLEN', ARGV[1] .. worker)
end
return total
"""


class UndecodableRequest(ValueError):
    """A frontier entry that is not a request this spider can read; it has been dropped."""


class ReliableQueue(Base):
    """scrapy-redis queue with leases; see the module docstring.

    Besides scrapy-redis' ``push``/``pop``/``__len__``/``clear``, it offers :meth:`lease`
    (pop and remember), :meth:`ack`, :meth:`heartbeat`, :meth:`requeue_dead`,
    :meth:`release` and :meth:`pending`. Call :meth:`bind` first to name the worker.
    """

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        base = self.key.rsplit(":", 1)[0] if ":" in self.key else self.key
        self.workers_key = f"{base}:workers"
        self.inflight_prefix = f"{base}:inflight:"
        self.worker_id = ""
        self.lease_seconds = 60.0
        self._counter = 0
        self._pop = server.register_script(_POP)
        self._requeue_dead = server.register_script(_REQUEUE_DEAD)
        self._release = server.register_script(_RELEASE)
        self._heartbeat = server.register_script(_HEARTBEAT)
        self._pending = server.register_script(_PENDING)

    def bind(self, worker_id: str, lease_seconds: float) -> None:
        """Name this worker and set how long its leases last without a heartbeat."""
        if lease_seconds <= 0:
            raise ValueError(f"the lease must be positive, got {lease_seconds}")
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds

    @property
    def inflight_key(self) -> str:
        """The hash holding this worker's leased requests."""
        return self.inflight_prefix + self.worker_id

    # -- scrapy-redis queue interface ---------------------------------------------------------

    def __len__(self) -> int:
        """Requests waiting on the frontier (not counting leased ones)."""
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        """Put ``request`` on the frontier (raises ``TypeError`` if it cannot be serialized)."""
        self.server.zadd(self.key, {self._encode_request(request): -request.priority})

    def pop(self, timeout: int = 0) -> Request | None:
        """Lease the best request (see :meth:`lease`), dropping the lease id."""
        leased = self.lease()
        return leased[1] if leased else None

    # -- leases ---------------------------------------------------------------------------

    def lease(self) -> tuple[str, Request] | None:
        """Move the best request to this worker's in-flight hash; ``(lease id, request)``.

        Raises :class:`UndecodableRequest` (after dropping the entry) for one that cannot be
        read back: written by something else, or naming a callback the spider lacks.
        """
        if not self.worker_id:
            raise RuntimeError("ReliableQueue.bind() must name the worker before leasing")
        self._counter += 1
        lease_id = str(self._counter)
        data = self._pop(
            keys=[self.key, self.inflight_key, self.workers_key],
            args=[lease_id, self.lease_seconds, self.worker_id],
        )
        if not data:
            return None
        try:
            return lease_id, self._decode_request(data)
        except (ValueError, TypeError, KeyError) as error:
            # Unreadable in every worker: kept in flight, the fleet would wait for it forever.
            self.ack([lease_id])
            raise UndecodableRequest(f"{error} (in {data[:80]!r})") from error

    def ack(self, lease_ids: list[str]) -> int:
        """Forget finished requests; returns how many were still leased."""
        if not lease_ids:
            return 0
        return int(self.server.hdel(self.inflight_key, *lease_ids))

    def heartbeat(self) -> None:
        """Renew this worker's lease."""
        self._heartbeat(keys=[self.workers_key], args=[self.lease_seconds, self.worker_id])

    def requeue_dead(self) -> int:
        """Put the in-flight requests of workers whose lease expired back on the frontier."""
        return int(
            self._requeue_dead(keys=[self.key, self.workers_key], args=[self.inflight_prefix])
        )

    def release(self) -> int:
        """Put this worker's unfinished requests back on the frontier and unregister it."""
        return int(
            self._release(
                keys=[self.key, self.workers_key, self.inflight_key], args=[self.worker_id]
            )
        )

    def pending(self) -> int:
        """Requests on the frontier plus requests in flight at any worker."""
        return int(self._pending(keys=[self.key, self.workers_key], args=[self.inflight_prefix]))
