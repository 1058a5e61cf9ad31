"""Redis fixtures, and crawls running in the background (workers that tests stop or kill).

``redis_prefix`` gives each test its own key prefix in the test database
(``NEWSCRAWL_TEST_REDIS_URL``, default db 15) and deletes its keys afterwards, so tests never
see each other's frontiers. :func:`spawn_crawl` starts ``scrapy crawl`` without waiting, with
its log in a file that the test can poll, signal and read.
"""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.plugins.http import crawl_command
from tests.plugins.services import REDIS_URL, service_missing

WAIT_TIMEOUT_S = 90


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    """A client on the test Redis database (skips, or fails under CI, when it is down)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_missing("Redis", REDIS_URL, exc)
    yield client
    client.close()


@pytest.fixture
def redis_prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    prefix = f"nctest-{uuid.uuid4().hex[:10]}"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        redis_client.delete(*keys)


def distributed_settings(prefix: str, lease: float = 3.0) -> dict[str, str]:
    """Settings that make a crawl a worker of the fleet behind ``prefix``."""
    return {
        "REDIS_URL": REDIS_URL,
        "NEWSCRAWL_REDIS_PREFIX": prefix,
        "NEWSCRAWL_REDIS_LEASE": str(lease),
        "NEWSCRAWL_REDIS_TICK": "0.2",
    }


@dataclass
class Worker:
    """A ``scrapy crawl`` process running in the background."""

    process: subprocess.Popen[bytes]
    log_path: Path
    name: str

    def log(self) -> str:
        """Everything the crawl has logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = WAIT_TIMEOUT_S) -> int:
        """Wait for the crawl to end; returns its exit status."""
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"crawl {self.name} did not finish:\n{self.log()[-3000:]}")

    def send(self, signum: signal.Signals) -> None:
        """Send ``signum`` to the crawl process."""
        self.process.send_signal(signum)

    def stop_now(self) -> None:
        """Kill the process if it still runs (test clean-up)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def spawn_crawl(
    start_urls: Sequence[str],
    workdir: Path,
    *,
    database_url: str,
    settings: dict[str, str] | None = None,
    name: str = "worker",
    spider: str = "news",
) -> Worker:
    """Start ``scrapy crawl`` over ``start_urls`` in the background; the log goes to a file."""
    command, env, _ = crawl_command(
        start_urls, workdir, spider=spider, settings=settings, database_url=database_url
    )
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    return Worker(process, log_path, name)


def wait_until(
    condition: Callable[[], bool],
    what: str,
    worker: Worker | None = None,
    timeout: float = WAIT_TIMEOUT_S,
) -> None:
    """Poll ``condition`` until it holds; fail the test with ``what`` if it never does, or
    as soon as ``worker`` has exited without it holding."""
    deadline = time.monotonic() + timeout
    while not condition():
        if worker is not None and worker.process.poll() is not None and not condition():
            pytest.fail(f"{worker.name} exited before {what}:\n{worker.log()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.05)


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """A list to put started workers in; any still running at the end are killed."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop_now()
