"""Run newscrawl's extractor and its peers (trafilatura, readability-lxml) over labelled pages.

Each system is a pair of functions: ``call(html, url)`` does the extraction and is the only part
timed; ``convert(raw)`` turns its raw result into a :class:`Prediction` (untimed, so glue code
never counts against a system). Reading the file is never timed either.

The peers are benchmark-only extras (the ``bench`` extra): they are imported lazily, when their
system is built, never by the product at run time.

Peer settings (their best documented general-purpose settings):

* trafilatura: ``bare_extraction(html, url=url, with_metadata=True, include_comments=True)``,
  everything else default (no ``favor_precision``/``favor_recall``: the default is its best
  balanced F1). Comments come from its ``comments`` field, which it extracts separately from
  the body.
* readability-lxml: ``Document(text).summary()`` (HTML, turned to text outside the timer) and
  ``short_title()``, on the page decoded by :func:`decode_html` (inside the timer) because its
  own charset sniffing fails on some pages. It extracts no date, authors or comments; those
  cells are "n/a".
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newscrawl.evaluate.datasets import LabelledPage

log = logging.getLogger(__name__)

NEWSCRAWL = "newscrawl"
TRAFILATURA = "trafilatura"
READABILITY = "readability"
PEER_NAMES: tuple[str, ...] = (TRAFILATURA, READABILITY)

# Fields a system may produce; a system lacking one gets "n/a" for it rather than a zero.
ALL_FIELDS = frozenset({"body", "title", "date", "authors", "comments"})


@dataclass
class Prediction:
    """What one system extracted from one page, in the shape the scorer compares."""

    body: str = ""
    title: str | None = None
    published_day: str | None = None  # YYYY-MM-DD in the page's own offset
    authors: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    error: str | None = None  # the exception, when the system crashed (prediction is empty)
    seconds: float = 0.0  # extraction time only


@dataclass(frozen=True)
class System:
    """An extractor under evaluation."""

    name: str
    call: Callable[[bytes, str], Any]
    convert: Callable[[Any], Prediction]
    fields: frozenset[str] = ALL_FIELDS


@dataclass
class SystemRun:
    """A system's predictions over a page list, index-aligned with the pages."""

    system: System
    pages: list[LabelledPage]
    predictions: list[Prediction] = field(default_factory=list)
    unreadable: int = 0


def run_system(system: System, pages: Sequence[LabelledPage]) -> SystemRun:
    """Extract every page with ``system``; a crash counts as an empty prediction with its error."""
    return run_systems([system], pages)[0]


def run_systems(systems: Sequence[System], pages: Sequence[LabelledPage]) -> list[SystemRun]:
    """Extract every page with every system, page by page: each page is read once and handed
    to the systems one after the other (who goes first rotates from page to page).

    Interleaving is what makes the ms/page columns comparable: on a shared machine the load
    drifts over minutes, and systems run one after the other would each meet a different
    load, which lands straight in their ratio. A crash counts as an empty prediction with its
    error.
    """
    runs = [SystemRun(system, list(pages)) for system in systems]
    for system in systems:
        _warm_up(system, pages)
    for index, page in enumerate(pages):
        try:
            html = page.html_path.read_bytes()
        except OSError as exc:
            for run in runs:
                run.unreadable += 1
                run.predictions.append(Prediction(error=f"unreadable file: {exc}"))
            continue
        predictions: dict[int, Prediction] = {}
        for offset in range(len(runs)):
            which = (index + offset) % len(runs)
            predictions[which] = _predict(runs[which].system, html, page.url)
        for which, run in enumerate(runs):
            run.predictions.append(predictions[which])
    return runs


def _warm_up(system: System, pages: Sequence[LabelledPage]) -> None:
    # One untimed call first, so that lazy imports and first-use compilation inside a system
    # do not land on whichever page happens to come first.
    if not pages:
        return
    try:
        system.call(pages[0].html_path.read_bytes(), pages[0].url)
    except Exception:  # the timed call reports it
        log.debug("%s: warm-up call failed", system.name, exc_info=True)


def _predict(system: System, html: bytes, url: str) -> Prediction:
    start = time.perf_counter()
    try:
        raw = system.call(html, url)
    except Exception as exc:  # any crash of an extractor is a counted, listed empty prediction
        elapsed = time.perf_counter() - start
        log.debug("%s crashed on %s", system.name, url, exc_info=True)
        return Prediction(error=f"{type(exc).__name__}: {exc}", seconds=elapsed)
    elapsed = time.perf_counter() - start
    try:
        prediction = system.convert(raw)
    except Exception as exc:  # a result we cannot read is the system's failure too
        return Prediction(error=f"unreadable result: {type(exc).__name__}: {exc}", seconds=elapsed)
    prediction.seconds = elapsed
    return prediction


def build_systems(peers: Sequence[str]) -> list[System]:
    """newscrawl first, then the requested peers (unknown names raise ``ValueError``)."""
    builders: dict[str, Callable[[], System]] = {
        TRAFILATURA: trafilatura_system,
        READABILITY: readability_system,
    }
    unknown = [name for name in peers if name not in builders]
    if unknown:
        raise ValueError(f"unknown peer(s): {', '.join(unknown)} (known: {', '.join(PEER_NAMES)})")
    return [newscrawl_system(), *(builders[name]() for name in peers)]


# ---------------------------------------------------------------------------------------------
# newscrawl


def newscrawl_system() -> System:
    """newscrawl's own ``extract_article``."""
    from newscrawl.extract import extract_article

    return System(NEWSCRAWL, extract_article, _from_article)


def _from_article(article: Any) -> Prediction:
    return Prediction(
        body=article.body or "",
        title=article.title,
        published_day=_day(article.published_at),
        authors=tuple(article.authors or ()),
        comments=tuple(comment.body for comment in article.comments or () if comment.body),
    )


def _day(value: datetime | None) -> str | None:
    # ``date()`` of an aware datetime is the day in its own offset: the day the page states
    return value.date().isoformat() if value is not None else None


# ---------------------------------------------------------------------------------------------
# trafilatura


def trafilatura_system() -> System:
    """trafilatura with metadata and comments, otherwise default settings."""
    import trafilatura

    def call(html: bytes, url: str) -> Any:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=True)

    return System(TRAFILATURA, call, _from_trafilatura)


def _from_trafilatura(result: Any) -> Prediction:
    if result is None:  # trafilatura found nothing worth returning
        return Prediction()
    # trafilatura 2.x returns a Document (with as_dict()); older versions returned a dict
    data = result if isinstance(result, dict) else result.as_dict()
    author = data.get("author") or ""
    comments = data.get("comments") or ""
    return Prediction(
        body=data.get("text") or "",
        title=data.get("title") or None,
        published_day=(data.get("date") or None),
        # trafilatura joins several authors with "; "; the scorer splits on separators anyway
        authors=(author,) if author else (),
        comments=(comments,) if comments else (),
    )


# ---------------------------------------------------------------------------------------------
# readability-lxml


def readability_system() -> System:
    """readability-lxml: body HTML from ``summary()`` and ``short_title()``; nothing else."""
    from readability import Document

    # readability logs a full traceback for every page it gives up on; the crash is counted
    # and listed by the evaluation already.
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

    def call(html: bytes, url: str) -> tuple[str, str]:
        # readability's own charset sniffing chokes on some pages (an SVG data URI read as
        # "charset=utf-8,%3csvg..."); decoding first gives it the same text the others see.
        document = Document(decode_html(html), url=url)
        return document.summary(html_partial=True), document.short_title()

    return System(READABILITY, call, _from_readability, frozenset({"body", "title"}))


def _from_readability(result: tuple[str, str]) -> Prediction:
    summary_html, title = result
    return Prediction(body=html_to_text(summary_html), title=title or None)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(html: bytes) -> str:
    """Decode a page: UTF-8 if valid, else the charset its ``<meta>`` declares, else cp1252."""
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(html[:4096])
    if match:
        try:
            return html.decode(match[1].decode("ascii"), errors="replace")
        except LookupError:
            pass
    return html.decode("cp1252", errors="replace")


_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre"}
    | {"table", "tr", "td", "th", "br", "section", "article", "figure", "figcaption"}
    | {"header", "footer", "dd", "dt", "dl"}
)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    import lxml.html

    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    parts: list[str] = []
    _collect_text(root, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect_text(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("script", "style"):
        if element.tail:
            parts.append(element.tail)
        return
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        _collect_text(child, parts)
    if block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)
