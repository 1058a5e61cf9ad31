"""A small web site served from memory on a loopback port, for the demo, tests and benchmarks.

:class:`LocalSite` maps paths (with their query string, if any) to :class:`Page` objects and
serves them with a threaded stdlib HTTP server on ``127.0.0.1`` and a free port. The mapping can
change between crawls (:meth:`LocalSite.set_page`), so a test can publish an update and crawl
again. Every page gets an ``ETag`` and a ``Last-Modified`` header and conditional requests get
``304 Not Modified``, as from a real server. Paths ending in ``.gz`` are served gzip-compressed.
Every request is logged (:attr:`LocalSite.requests`) so that tests can check what was fetched.
:attr:`LocalSite.delay` makes every answer take that long, like a slow server (long crawls that
a test interrupts midway).

    with LocalSite({"/": Page.html("<h1>Hi</h1>")}) as site:
        urllib.request.urlopen(site.url("/"))
        assert site.requested_paths() == ["/"]
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
GZIP = "application/x-gzip"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The listen backlog. A crawler opens dozens of connections at once; with the default of 5
    # the kernel drops the overflow's handshakes, and each dropped one costs the client seconds
    # of SYN-ACK retries (enough to hit a download timeout on a busy machine).
    request_queue_size = 128


@dataclass(frozen=True)
class Page:
    """One resource: status, content type, body and extra headers.

    ``last_modified`` defaults to the time the site was created; the ``ETag`` is derived from
    the body, so changing a page's body changes its ``ETag``.
    """

    body: bytes = b""
    content_type: str = HTML
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None

    @classmethod
    def html(cls, text: str, **kwargs) -> Page:
        """An HTML page encoded as UTF-8."""
        return cls(text.encode("utf-8"), HTML, **kwargs)

    @classmethod
    def xml(cls, text: str, content_type: str = XML, **kwargs) -> Page:
        """An XML document (sitemap, feed) encoded as UTF-8."""
        return cls(text.encode("utf-8"), content_type, **kwargs)

    @classmethod
    def text(cls, text: str, **kwargs) -> Page:
        """A plain-text document such as ``robots.txt``."""
        return cls(text.encode("utf-8"), TEXT, **kwargs)

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Page:
        """A redirect to ``location`` (a path or an absolute URL)."""
        return cls(b"", HTML, status, {"Location": location})

    @property
    def etag(self) -> str:
        """A strong entity tag computed from the body."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:24] + '"'


@dataclass(frozen=True)
class LoggedRequest:
    """One request the site answered."""

    method: str
    path: str
    status: int
    host: str
    headers: Mapping[str, str]


class LocalSite:
    """An in-memory site on ``http://127.0.0.1:<free port>``; use it as a context manager."""

    def __init__(
        self, pages: Mapping[str, Page] | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self._pages: dict[str, Page] = dict(pages or {})
        self._requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._host = host
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        #: Seconds to wait before answering each request (0: answer at once).
        self.delay = 0.0
        # Read the clock when the site is made, never at import time.
        self.created_at = datetime.now(timezone.utc).replace(microsecond=0)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> LocalSite:
        """Bind the port and serve in a background thread."""
        if self._server is not None:
            return self
        self._server = _Server((self._host, self._port), _handler_for(self))
        # A short poll interval makes stop() return in milliseconds instead of half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="localsite",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the site listens on (only known once started)."""
        if self._server is None:
            raise RuntimeError("LocalSite is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://host:port`` without a trailing slash."""
        return f"http://{self._host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of ``path`` on this site."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # -- content -----------------------------------------------------------------------------

    def set_page(self, path: str, page: Page) -> None:
        """Publish (or replace) the page at ``path`` (which may include a query string)."""
        with self._lock:
            self._pages[path] = page

    def set_pages(self, pages: Mapping[str, Page]) -> None:
        """Publish several pages at once."""
        with self._lock:
            self._pages.update(pages)

    def remove_page(self, path: str) -> None:
        """Unpublish ``path``: it answers 404 from now on."""
        with self._lock:
            self._pages.pop(path, None)

    def page(self, path: str) -> Page | None:
        """The page at ``path`` (exact match with the query, else without), or ``None``."""
        with self._lock:
            found = self._pages.get(path)
            if found is None:
                found = self._pages.get(urlsplit(path).path)
            return found

    @property
    def paths(self) -> list[str]:
        """Every published path."""
        with self._lock:
            return list(self._pages)

    # -- request log -------------------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._requests)

    def requested_paths(self, status: int | None = None) -> list[str]:
        """Paths requested so far (optionally only those answered with ``status``), in order."""
        return [r.path for r in self.requests if status is None or r.status == status]

    def clear_log(self) -> None:
        """Forget the requests logged so far."""
        with self._lock:
            self._requests.clear()

    def _log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._requests.append(entry)


def _is_not_modified(page: Page, headers: Mapping[str, str], last_modified: datetime) -> bool:
    """RFC 9110 evaluation: ``If-None-Match`` wins over ``If-Modified-Since``."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or page.etag in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as servers do
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
        return last_modified <= since
    return False


_NOT_FOUND = Page.html("<!doctype html><title>Not found</title><h1>Not found</h1>", status=404)


def _handler_for(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like real servers
        server_version = "newscrawl-localsite/1"

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, *, send_body: bool) -> None:
            if site.delay > 0:
                time.sleep(site.delay)
            page = site.page(self.path) or _NOT_FOUND
            last_modified = page.last_modified or site.created_at
            body = page.body
            content_type = page.content_type
            if urlsplit(self.path).path.endswith(".gz") and not body.startswith(b"\x1f\x8b"):
                body = gzip.compress(body, mtime=0)
                content_type = GZIP
            status = page.status
            if status == 200 and _is_not_modified(page, self.headers, last_modified):
                status = HTTPStatus.NOT_MODIFIED
                body = b""
            # Log before answering, so that a client that has its answer finds it in the log.
            site._log(
                LoggedRequest(
                    self.command, self.path, int(status), self.headers.get("Host", ""),
                    dict(self.headers.items()),
                )
            )
            self.send_response(status)
            if status != HTTPStatus.NOT_MODIFIED:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", format_datetime(last_modified, usegmt=True))
            for name, value in page.headers.items():
                location = value if name.lower() != "location" else _absolute(site, value)
                self.send_header(name, location)
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Silence the stderr access log; :attr:`LocalSite.requests` records requests."""

    return Handler


def _absolute(site: LocalSite, location: str) -> str:
    return site.url(location) if location.startswith("/") else location
