"""A page's analysis for the crawler: its article and its outline, from one parse, in a pool.

:func:`analyse_page` is the crawler's per-page work: it extracts the :class:`Article`
(:func:`newscrawl.extract.extract_article`) and, from the same parsed tree before extraction
prunes it, the :class:`~newscrawl.outline.PageOutline` that page classification and link
following read. The page is parsed once.

That work is CPU-bound, and the crawler's reactor runs in one thread. :class:`AnalysisPool` runs
it in worker processes instead, so that the reactor keeps downloading, and the database writer
keeps writing, while pages are analysed on the other cores (``NEWSCRAWL_EXTRACT_PROCESSES``).
When the workers fall behind (every one busy, with pages queued), the crawler's process
analyses the next page itself (:meth:`PageAnalyser.analyses_here`, ``NEWSCRAWL_EXTRACT_SHARE``):
fetching and storing leave part of its core idle.
The workers are started by the *spawn* (or *forkserver*) method, never by forking the crawler,
whose reactor and writer threads must not be copied into a child. A worker imports extraction
alone (lxml, numpy, no Scrapy): some 50 MB each, up to 100 MB while it works. A worker that dies
(a crash in a C library, the out-of-memory killer) breaks the pool: the pool is replaced and the
pages it held are tried once more in the new one; a page whose second try breaks a pool too is
given up as :class:`WorkerCrash`, which the spider counts as a dropped page. The crawl goes on
in every case.

What crosses the process boundary is plain data: the page (its bytes when it is UTF-8, see
:func:`page_source`; else its text), its URL and its site rules as field values
(:class:`~newscrawl.extract.rules.SiteRules` holds compiled XPath, which does not pickle; each
worker rebuilds and keeps the few rules it is sent), and back a :class:`PageAnalysis`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from newscrawl import extract
from newscrawl.extract import SiteRules
from newscrawl.extract.page import NotHtmlError, Page, declares_utf8, utf8_html_bytes
from newscrawl.items import Article
from newscrawl.memory import tune_allocator, tune_collector
from newscrawl.neardup import NearDuplicateSettings, Sketcher
from newscrawl.outline import PageOutline, page_outline

logger = logging.getLogger(__name__)

#: Upper bound of the automatic number of worker processes (each holds its own interpreter,
#: lxml and extraction: some 50 MB).
MAX_AUTO_PROCESSES = 4
#: Site rules a worker keeps compiled (one set per crawled site with a profile, in practice).
MAX_WORKER_RULES = 64
#: Pages in a pool's hands (analysed or waiting) per worker process, by default: enough to keep
#: every worker busy while the crawler's process analyses pages of its own
#: (``NEWSCRAWL_EXTRACT_SHARE``: some 12 ms each, and several may come in a row), few enough
#: that the crawler does not fetch far ahead of its analysis. In the crawl benchmark, 8 beat
#: 2 and 4 (fewer pages per second: the worker waited on the crawler) and 16 (no better).
IN_FLIGHT_PER_PROCESS = 8
# Tries of a page whose pool broke while it was being analysed: it may not be the page that
# broke it (every page in flight fails with the pool), so it gets a second chance in a new pool.
_TRIES = 2

RulesState = tuple[tuple[str, Any], ...]


@dataclass
class PageAnalysis:
    """What the crawler learns from one page: its article and its outline."""

    article: Article
    outline: PageOutline


class ExtractionCrash(Exception):
    """Extraction raised an unexpected exception (a bug) in a worker process. The original
    exception may not pickle; its description and traceback travel as text."""

    def __init__(self, description: str, details: str = "") -> None:
        super().__init__(description, details)
        self.description = description
        self.details = details

    def __str__(self) -> str:
        return self.description


class WorkerCrash(Exception):
    """The worker processes died (twice) while analysing a page: the page is given up."""


def analyse_page(
    html: str | bytes,
    url: str,
    rules: SiteRules | None = None,
    sketcher: Sketcher | None = None,
) -> PageAnalysis:
    """Extract the article of the page and its outline, from one parse.

    With a ``sketcher``, the article also gets its body's near-duplicate signature
    (:attr:`~newscrawl.items.Article.near_duplicate_sketch`): made here, in a worker process
    when there is a pool, rather than in the database writer, a thread of the crawler's main
    process. Raises :class:`~newscrawl.extract.ExtractionError` for input that is not an HTML
    page.
    """
    outlines: list[PageOutline] = []

    def take_outline(page: Page) -> None:
        outlines.append(page_outline(page.root))

    # Looked up on the module at each call: tests (and tools) may wrap extract_article.
    article = extract.extract_article(html, url, rules, on_parsed=take_outline)
    if sketcher is not None:
        article.near_duplicate_sketch = sketcher.sketch(article.title, article.body)
    return PageAnalysis(article, outlines[0])


class _FetchedPage(Protocol):
    """What :func:`page_source` reads of a fetched page (a Scrapy ``TextResponse``)."""

    @property
    def body(self) -> bytes: ...
    @property
    def encoding(self) -> str: ...
    @property
    def text(self) -> str: ...


def page_source(response: _FetchedPage) -> str | bytes:
    """What to analyse of a fetched page: its own bytes when the crawler reads it as UTF-8
    (HTTP ``Content-Type`` first, as browsers do) and nothing in the page names another
    encoding (:func:`~newscrawl.extract.page.declares_utf8`); else the crawler's decoded text.

    Most pages are UTF-8, and lxml parses UTF-8 bytes as they are. Decoding a 400 KB page to
    ``str`` and encoding it back for the parser cost about 3 ms in the crawl benchmark, more
    than the parse; a worker process is also sent the bytes as they are rather than a
    re-encoded ``str``. For a page that declares UTF-8, only the declarations are read here:
    extraction checks that the bytes are valid UTF-8 (once, where the page is parsed). A page
    served as UTF-8 whose stale ``<meta charset>`` says windows-1252 is UTF-8 (the header
    wins), and is handed over as the text the crawler decoded, as extraction alone would
    believe the meta tag.

    A page that declares no encoding at all (:func:`declared_encoding` is ``None``) is checked
    here to be valid UTF-8, which is what Scrapy then infers for it (after ASCII, a subset):
    the check costs one decode, where Scrapy's inference costs three, and a page that is not
    UTF-8 is left to that inference.
    """
    declared = declared_encoding(response)
    if declared in ("utf-8", None):
        body = response.body
        try:
            if declared is None:
                if utf8_html_bytes(body) is not None:
                    return body
            elif declares_utf8(body):
                return body
        except NotHtmlError:
            pass  # binary: the text goes to extraction, which says so
    return response.text


def declared_encoding(response: _FetchedPage) -> str | None:
    """The encoding Scrapy reads ``response`` in when something declares it (the response's
    own, a byte-order mark, ``Content-Type``, a ``<meta charset>``), or ``None`` when Scrapy
    would infer it by decoding the whole body, up to three times (``response.encoding``
    does that on first use, and keeps the decoded text with the response).

    Scrapy's ``TextResponse`` answers this with its (private) ``_declared_encoding``; without
    that method, this is ``response.encoding``, inferred as Scrapy does."""
    declared = getattr(response, "_declared_encoding", None)
    return declared() if callable(declared) else response.encoding


def auto_processes(cpu_count: int | None = None) -> int:
    """The default number of worker processes: one per core but one (for the reactor, the
    database writer and the rest of the machine), at most :data:`MAX_AUTO_PROCESSES`. So 0 on
    one core (pages analysed in the crawler's process), and 1 on two, where the crawl
    benchmark measured 37% more pages per second with it than without (the crawler's process
    then needs about a third of a page's CPU time, the worker the rest)."""
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return max(0, min(MAX_AUTO_PROCESSES, cores - 1))


def processes_setting(value: Any) -> int:
    """The number of worker processes that ``NEWSCRAWL_EXTRACT_PROCESSES`` asks for: a number
    (0 = in the crawler's process) or ``"auto"`` (:func:`auto_processes`). Unset means 0.
    Raises ``ValueError`` for anything else."""
    if value is None or value == "":
        return 0
    if isinstance(value, str) and value.strip().lower() == "auto":
        return auto_processes()
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"NEWSCRAWL_EXTRACT_PROCESSES={value!r}: expected a number of processes or 'auto'"
        ) from None
    if number < 0:
        raise ValueError(f"NEWSCRAWL_EXTRACT_PROCESSES={value!r} must not be negative")
    return number


class AnalysisPool:
    """Worker processes running :func:`analyse_page`, awaited from the crawler's event loop.

    ``processes`` workers (at least 1) are started by ``start_method`` (``"spawn"`` or
    ``"forkserver"``; never ``"fork"``). Spawned workers hold the least memory; a forkserver
    starts replacement workers faster (``max_tasks_per_child``) and shares its imports with
    them. ``max_tasks_per_child`` replaces a worker after that many pages (``None``: never),
    which bounds what a long-lived worker's memory can grow to.
    ``on_restart`` is called each time a broken pool is replaced (for the crawl's stats).
    ``sketch`` (near-duplicate settings, or ``None``) makes the workers sketch each article
    (see :func:`analyse_page`).
    ``max_in_flight`` is how many pages :meth:`wait_for_room` lets the pool hold (default
    :data:`IN_FLIGHT_PER_PROCESS` per process, plus two): the crawler's downloads wait on it,
    so that pages do not pile up in memory while the workers are busy.
    """

    def __init__(
        self,
        processes: int,
        *,
        start_method: str = "spawn",
        max_tasks_per_child: int | None = None,
        on_restart: Callable[[], None] | None = None,
        max_in_flight: int | None = None,
        sketch: NearDuplicateSettings | None = None,
    ) -> None:
        if processes < 1:
            raise ValueError(f"an analysis pool needs at least one process, got {processes}")
        if start_method not in ("forkserver", "spawn"):
            raise ValueError(f"start method {start_method!r}: use 'forkserver' or 'spawn'")
        self.processes = processes
        self.restarts = 0
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            # Workers fork from a server that has imported extraction already: they start in
            # milliseconds and share its memory pages. (Effective if the server is not running
            # yet; otherwise workers simply import it themselves.)
            self._context.set_forkserver_preload([__name__])
        self._max_tasks_per_child = max_tasks_per_child
        self._on_restart = on_restart
        self._sketch = sketch
        self._closed = False
        self.max_in_flight = max_in_flight or IN_FLIGHT_PER_PROCESS * processes + 2
        self.in_flight = 0
        self._room: asyncio.Event | None = None  # made in the event loop that waits on it
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self._sketch,),
            max_tasks_per_child=self._max_tasks_per_child,
        )

    async def analyse(
        self, html: str | bytes, url: str, rules: SiteRules | None = None
    ) -> PageAnalysis:
        """:func:`analyse_page` in a worker. Raises what it raises (``ExtractionError``),
        :class:`ExtractionCrash` for a bug in extraction and :class:`WorkerCrash` when the
        workers died (twice) with this page in hand."""
        state = rules_state(rules)
        self.in_flight += 1
        try:
            for _ in range(_TRIES):
                executor = self._executor
                try:
                    future = self._submit(executor, html, url, state)
                    return await asyncio.wrap_future(future)
                except BrokenProcessPool:
                    self._replace(executor)
            raise WorkerCrash(f"the analysis worker died {_TRIES} times with this page in hand")
        finally:
            self.in_flight -= 1
            if self._room is not None and self.in_flight < self.max_in_flight:
                self._room.set()

    @property
    def full(self) -> bool:
        """Whether the pool holds ``max_in_flight`` pages or more: every worker is busy and
        has pages queued."""
        return self.in_flight >= self.max_in_flight

    async def wait_for_room(self) -> None:
        """Return once the pool holds fewer than ``max_in_flight`` pages (at once if closed)."""
        while self.full and not self._closed:
            if self._room is None:
                self._room = asyncio.Event()
            self._room.clear()
            await self._room.wait()

    def _submit(
        self, executor: ProcessPoolExecutor, html: str | bytes, url: str, state: RulesState | None
    ) -> Future[PageAnalysis]:
        if self._closed:
            raise WorkerCrash("the analysis pool is closed")
        return executor.submit(_analyse_in_worker, html, url, state)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """Replace ``broken`` by a new pool, unless another page has done so already."""
        if self._closed or broken is not self._executor:
            return
        self.restarts += 1
        logger.error("an analysis worker process died; starting a new pool")
        broken.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()
        if self._on_restart is not None:
            self._on_restart()

    def close(self) -> None:
        """Stop the workers (pages not started yet are cancelled). Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._room is not None:
            self._room.set()


class PageAnalyser:
    """Where a crawler's HTML pages are analysed: in its own process, or in an
    :class:`AnalysisPool` of ``processes`` workers while one is open.

    The spider holds one, opens it when the crawl starts and closes it when the crawl ends.
    ``sketch`` (``None`` when near-duplicate linking is off) makes each article carry its
    near-duplicate signature, made where it was extracted. With ``share_when_full``, the
    crawler's process analyses a page itself when the pool is full (:meth:`analyses_here`):
    with one worker on two cores, the crawler's process needs about a third of a core for
    fetching, parsing documents and storing, and the rest of that core would otherwise wait
    for the worker.
    """

    def __init__(
        self,
        processes: int = 0,
        *,
        sketch: NearDuplicateSettings | None = None,
        tasks_per_process: int | None = None,
        on_restart: Callable[[], None] | None = None,
        tune_allocator: bool = False,
        share_when_full: bool = False,
    ) -> None:
        self.processes = processes
        self.share_when_full = share_when_full
        self._sketch = sketch
        self._tasks_per_process = tasks_per_process
        self._on_restart = on_restart
        self._tune_allocator = tune_allocator
        self._pool: AnalysisPool | None = None
        self._sketcher: Sketcher | None = None  # made on the first page analysed here

    @classmethod
    def from_settings(
        cls, settings: Any, on_restart: Callable[[], None] | None = None
    ) -> PageAnalyser:
        """The analyser a crawl's (Scrapy) settings ask for: ``NEWSCRAWL_EXTRACT_PROCESSES``,
        ``NEWSCRAWL_EXTRACT_TASKS_PER_PROCESS``, ``NEWSCRAWL_TUNE_ALLOCATOR``,
        ``NEWSCRAWL_EXTRACT_SHARE`` (``share_when_full``), and sketches
        unless ``NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD`` is 0. (Signatures do not depend on the
        threshold or the window: the other defaults are what the store links with.)"""
        linking = settings.getfloat("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD", 0.8) > 0
        return cls(
            processes_setting(settings.get("NEWSCRAWL_EXTRACT_PROCESSES")),
            sketch=NearDuplicateSettings() if linking else None,
            tasks_per_process=settings.getint("NEWSCRAWL_EXTRACT_TASKS_PER_PROCESS") or None,
            on_restart=on_restart,
            tune_allocator=settings.getbool("NEWSCRAWL_TUNE_ALLOCATOR", True),
            share_when_full=settings.getbool("NEWSCRAWL_EXTRACT_SHARE", True),
        )

    @property
    def pooled(self) -> bool:
        """Whether pages go to worker processes now (the pool is open)."""
        return self._pool is not None

    def analyses_here(self) -> bool:
        """Whether the next page is to be analysed in this process (:meth:`analyse_here`)
        rather than in the pool: when no pool is open, or, with ``share_when_full``, when the
        pool is full (its workers are busy and have pages queued)."""
        pool = self._pool
        return pool is None or (self.share_when_full and pool.full)

    def open(self) -> None:
        """Start the workers, if any are asked for; then, with ``tune_allocator``, ask this
        process's allocator to give large buffers back (:mod:`newscrawl.memory`; the workers,
        new interpreters, keep the defaults, under which extraction is faster)."""
        if self.processes and self._pool is None:
            self._pool = AnalysisPool(
                self.processes,
                max_tasks_per_child=self._tasks_per_process,
                on_restart=self._on_restart,
                sketch=self._sketch,
            )
            if self._tune_allocator:
                tune_allocator()

    def close(self) -> None:
        """Stop the workers; pages analysed after this are analysed in this process."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    async def wait_for_room(self) -> None:
        """Return once the pool can take another page (at once without a pool)."""
        if self._pool is not None:
            await self._pool.wait_for_room()

    def analyse_here(
        self, html: str | bytes, url: str, rules: SiteRules | None = None
    ) -> PageAnalysis:
        """:func:`analyse_page` in this process (it raises what that raises)."""
        if self._sketcher is None and self._sketch is not None:
            self._sketcher = Sketcher(self._sketch)
        return analyse_page(html, url, rules, self._sketcher)

    async def analyse(
        self, html: str | bytes, url: str, rules: SiteRules | None = None
    ) -> PageAnalysis:
        """The page's analysis, from the workers while the pool is open, else from this
        process. Raises what :meth:`AnalysisPool.analyse` raises."""
        if self._pool is None:
            return self.analyse_here(html, url, rules)
        return await self._pool.analyse(html, url, rules)


# -- site rules across processes -----------------------------------------------------------------


def rules_state(rules: SiteRules | None) -> RulesState | None:
    """``rules`` as plain, hashable field values (what :func:`rules_from_state` rebuilds)."""
    if rules is None:
        return None
    return tuple(
        (f.name, _state_value(f.name, getattr(rules, f.name)))
        for f in dataclasses.fields(rules)
        if f.init
    )


def _state_value(name: str, value: Any) -> Any:
    if name == "versions":
        return tuple(rules_state(version) for version in value)
    return value


def rules_from_state(state: RulesState | None) -> SiteRules | None:
    """The :class:`SiteRules` that :func:`rules_state` describes (selectors compiled anew)."""
    if state is None:
        return None
    values = dict(state)
    values["versions"] = tuple(rules_from_state(v) for v in values.get("versions", ()))
    return SiteRules(**values)


# -- the worker side -------------------------------------------------------------------------------


class _WorkerRules:
    """A worker process's compiled site rules, by their state: a page's rules are compiled once
    per worker, not once per page."""

    def __init__(self) -> None:
        self._compiled: dict[RulesState, SiteRules] = {}

    def get(self, state: RulesState | None) -> SiteRules | None:
        if state is None:
            return None
        rules = self._compiled.get(state)
        if rules is None:
            if len(self._compiled) >= MAX_WORKER_RULES:
                self._compiled.clear()
            rules = self._compiled[state] = rules_from_state(state)
        return rules


# Set in each worker process by the pool's initializer; never set in the crawler's process.
_worker_rules: _WorkerRules | None = None
_worker_sketcher: Sketcher | None = None


#: A worker's cyclic garbage collector thresholds (Python's default: 700, 10, 10). Extraction
#: allocates many short-lived objects that reference counting frees; with the defaults a worker
#: ran 3.3% more instructions (callgrind, 40 naeb pages). The youngest generation is still
#: collected every page or two.
WORKER_GC_THRESHOLDS = (50_000, 20, 100)


def _start_worker(sketch: NearDuplicateSettings | None = None) -> None:
    global _worker_rules, _worker_sketcher
    # What the worker imported lives as long as it does: out of the collector's way for good
    # (the worker never restores Python's settings).
    tune_collector(*WORKER_GC_THRESHOLDS)
    _worker_rules = _WorkerRules()
    _worker_sketcher = Sketcher(sketch) if sketch is not None else None


def _analyse_in_worker(html: str | bytes, url: str, state: RulesState | None) -> PageAnalysis:
    rules = _worker_rules.get(state) if _worker_rules is not None else rules_from_state(state)
    try:
        return analyse_page(html, url, rules, _worker_sketcher)
    except extract.ExtractionError:
        raise
    except Exception as exc:  # may not pickle: sent back as text
        raise ExtractionCrash(repr(exc), traceback.format_exc()) from None
