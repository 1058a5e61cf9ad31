"""The benchmark's page server, meant to run in a process of its own.

    python -m benchmarks.crawlbench.server --pages N [--naeb DIR] [--port 0]

It prints its base URL (``http://127.0.0.1:<port>``) on the first line of stdout, then serves
the :class:`~benchmarks.crawlbench.corpus.Corpus` until it is terminated or its stdin is closed
(so it never outlives the benchmark that started it). ``GET /__served`` answers the number of
article pages served so far, as plain text.

:func:`start_server_process` starts it from Python and returns a :class:`ServerProcess`.
A separate process keeps the server's work off the crawler's CPU time and reactor.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from benchmarks.crawlbench.corpus import Corpus, find_naeb_dir, page_index

_NOT_FOUND = b"<!doctype html><title>Not found</title><h1>Not found</h1>"


class CorpusServer(ThreadingHTTPServer):
    """A threaded HTTP/1.1 server for one :class:`Corpus`, counting the pages it serves."""

    daemon_threads = True
    # The listen backlog: crawlers open dozens of connections at once, and the default of 5
    # would drop handshakes (each costing the client seconds of retries).
    request_queue_size = 128

    def __init__(self, corpus: Corpus, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _CorpusHandler)
        self.corpus = corpus
        self.served_pages = 0
        self._count_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """``http://host:port``, without a trailing slash."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def count_page(self) -> None:
        """Record one article page served."""
        with self._count_lock:
            self.served_pages += 1


class _CorpusHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers and Scrapy expect
    server: CorpusServer

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        if self.path == "/__served":
            found: tuple[bytes, str] | None = (
                str(self.server.served_pages).encode(),
                "text/plain; charset=utf-8",
            )
        else:
            found = self.server.corpus.resource(self.path, self.server.base_url)
        status = 200 if found else 404
        body, content_type = found or (_NOT_FOUND, "text/html; charset=utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)
        if found and page_index(self.path.split("?", 1)[0]) is not None:
            self.server.count_page()

    def log_message(self, format: str, *args: object) -> None:
        """No access log: it would cost the server time the crawlers should not pay for."""


class ServerProcess:
    """A running page server subprocess; a context manager that stops it on exit."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on the server."""
        return self.base_url + path

    def served_pages(self) -> int:
        """How many article pages the server has served so far."""
        with urllib.request.urlopen(self.url("/__served"), timeout=10) as answer:
            return int(answer.read())

    def stop(self) -> None:
        """Close the server's stdin (it exits) and wait; terminate it if it lingers."""
        if self.process.poll() is not None:
            return
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(timeout=10)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_server_process(naeb_dir: Path, pages: int, cwd: Path | None = None) -> ServerProcess:
    """Start the server in a subprocess serving ``pages`` pages and wait until it listens."""
    command = [
        sys.executable, "-m", "benchmarks.crawlbench.server",
        "--naeb", str(naeb_dir), "--pages", str(pages),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=cwd
    )
    assert process.stdout is not None
    first_line = process.stdout.readline().strip()
    if not first_line.startswith("http://"):
        process.kill()
        process.wait()
        raise RuntimeError(f"the page server did not start (it said {first_line!r})")
    return ServerProcess(process, first_line)


def _exit_when_stdin_closes(server: CorpusServer) -> None:
    """Shut the server down once the parent closes our stdin (or dies)."""
    sys.stdin.read()
    server.shutdown()


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the corpus until stdin closes; print the base URL first."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crawlbench.server")
    parser.add_argument("--pages", type=int, required=True, help="number of pages to serve")
    parser.add_argument("--naeb", help="the naeb folder (default: see find_naeb_dir)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    args = parser.parse_args(argv)
    corpus = Corpus.load(find_naeb_dir(args.naeb), args.pages)
    server = CorpusServer(corpus, port=args.port)
    print(server.base_url, flush=True)
    threading.Thread(target=_exit_when_stdin_closes, args=(server,), daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
