"""The database goes away during a crawl: nothing fetched is lost.

"The database" is a small TCP proxy in front of the shared PostgreSQL server, which the test
cuts (listener closed, open connections dropped) and restores, so the server itself is never
touched. The count that matters: stored articles (after replaying the spill file, if any)
equal the articles the site served.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from newscrawl.localsite import LocalSite, Page
from tests.plugins.http import article_html
from tests.plugins.redis import spawn_crawl, wait_until

pytestmark = pytest.mark.timeout(180)

# Slow enough that the outage falls in the middle of the crawl.
SLOW = {"DOWNLOAD_DELAY": "0.1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target address until :meth:`cut`; :meth:`restore` again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> TcpProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def cut(self) -> None:
        """The database vanishes: refuse new connections, drop the open ones."""
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, []
        if listener is not None:
            # shutdown() first: on Linux, close() alone leaves a blocked accept() accepting.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def restore(self) -> None:
        """The database is back, at the same address."""
        self.start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxied(postgres_url: str) -> Iterator[tuple[TcpProxy, str]]:
    """A proxy in front of the test's PostgreSQL schema, and the URL that goes through it."""
    url = sa.engine.make_url(postgres_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    proxy.cut()


def _publish(site: LocalSite, count: int) -> None:
    paths = [f"/2025/11/outage-story-{i:02d}/" for i in range(count)]
    site.set_pages({p: Page.html(article_html(f"Outage {i:02d}")) for i, p in enumerate(paths)})
    locs = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    site.set_page("/sitemap.xml", Page.xml(f"<urlset>{locs}</urlset>"))


def _served_articles(site: LocalSite) -> set[str]:
    return {site.url(p) for p in site.requested_paths(status=200) if p.startswith("/2025/")}


def _stored(database_url: str) -> list[str]:
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return [url for (url,) in conn.execute(sa.text("SELECT url FROM articles"))]
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return []  # not migrated yet
    finally:
        engine.dispose()


def test_database_outage_is_ridden_out_with_retries(local_site, tmp_path, postgres_url, proxied):
    proxy, through_proxy = proxied
    _publish(local_site, 20)
    worker = spawn_crawl(
        [local_site.url("/sitemap.xml")], tmp_path, database_url=through_proxy,
        settings={**SLOW, "NEWSCRAWL_WRITE_RETRIES": "8", "NEWSCRAWL_WRITE_BACKOFF": "0.2"},
    )
    try:
        wait_until(lambda: len(_stored(postgres_url)) >= 1, "an article is stored", worker)
        proxy.cut()
        wait_until(lambda: "retrying in" in worker.log(), "the writer retries", worker)
        proxy.restore()
        assert worker.wait() == 0, worker.log()[-3000:]
    finally:
        worker.stop_now()

    log = worker.log()
    stored = _stored(postgres_url)
    assert sorted(stored) == sorted(_served_articles(local_site))
    assert len(stored) == 20
    assert "spilled" not in log.replace("spilled=0", "").replace("store/spilled': 0", "")
    assert "'newscrawl/store/retries': 0" not in log


def test_database_gone_for_good_spills_and_replay_loads_everything(
    local_site, tmp_path, postgres_url, proxied
):
    proxy, through_proxy = proxied
    _publish(local_site, 20)
    worker = spawn_crawl(
        [local_site.url("/sitemap.xml")], tmp_path, database_url=through_proxy,
        settings={**SLOW, "NEWSCRAWL_WRITE_RETRIES": "1", "NEWSCRAWL_WRITE_BACKOFF": "0.1"},
    )
    try:
        wait_until(lambda: len(_stored(postgres_url)) >= 1, "an article is stored", worker)
        proxy.cut()
        assert worker.wait() == 0, worker.log()[-3000:]
    finally:
        worker.stop_now()
    stored_during_crawl = len(_stored(postgres_url))
    spill_files = sorted((tmp_path / "spill").glob("*.jsonl"))
    assert len(spill_files) == 1, worker.log()[-3000:]
    assert "newscrawl replay" in worker.log()

    replay = _replay(spill_files[0], postgres_url)

    assert replay.returncode == 0, replay.stdout + replay.stderr
    stored = _stored(postgres_url)
    assert stored_during_crawl < len(stored)
    assert sorted(stored) == sorted(_served_articles(local_site))
    assert len(stored) == 20
    # Replaying twice stores nothing twice.
    assert _replay(spill_files[0], postgres_url).returncode == 0
    assert len(_stored(postgres_url)) == 20


def _replay(path: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl", "replay", str(path), "--db", database_url],
        capture_output=True, text=True, timeout=120,
    )


def test_two_crawlers_storing_the_same_articles_at_once(local_site, tmp_path, postgres_url):
    _publish(local_site, 10)
    crawlers = [
        spawn_crawl([local_site.url("/sitemap.xml")], tmp_path / name,
                    database_url=postgres_url, name=name)
        for name in ("one", "two")
    ]
    try:
        for crawler in crawlers:
            assert crawler.wait() == 0, crawler.log()[-3000:]
    finally:
        for crawler in crawlers:
            crawler.stop_now()

    engine = sa.create_engine(postgres_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT url, count(*) FROM articles GROUP BY url")).all()
            versions = conn.execute(sa.text("SELECT count(*) FROM article_versions")).scalar_one()
    finally:
        engine.dispose()
    assert len(rows) == 10 and {n for _, n in rows} == {1}
    assert versions == 10
    assert local_site.requested_paths().count("/2025/11/outage-story-00/") == 2
