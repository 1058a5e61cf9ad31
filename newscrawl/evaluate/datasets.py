"""Loaders for the labelled page sets used by ``newscrawl evaluate``.

The sets are third-party data read in place (never copied into the repository):

* ``naeb/news_articles.json``: a list of ``{id, link, site, title, date, authors, text,
  html_file}`` with the page at ``naeb/html/<html_file>.html``; ``text`` is the full clean body.
* ``trafilatura-dev/evaldata.json``: ``{url: {file, with[], without[], title?, date?, author?,
  comments[]?}}`` with the page at ``trafilatura-dev/html/<file>``; there is no full body, only
  must-contain (``with``) and must-not-contain (``without``) snippets.

Entries whose HTML file is missing, or which are malformed, are skipped and counted, never fatal.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

NAEB = "naeb"
TRAFILATURA_DEV = "trafilatura-dev"
SET_NAMES: tuple[str, ...] = (NAEB, TRAFILATURA_DEV)
DATASETS_ENV = "NEWSCRAWL_DATASETS"


class DatasetError(RuntimeError):
    """A dataset directory or index file is absent or unreadable."""


@dataclass(frozen=True)
class LabelledPage:
    """One saved page with its labels. ``None`` (or an empty tuple) means "no label"."""

    set_name: str
    page_id: str
    url: str
    html_path: Path
    text: str | None = None
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    title: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()


@dataclass
class PageSet:
    """The loadable pages of one set, and how many index entries had to be skipped and why."""

    name: str
    pages: list[LabelledPage] = field(default_factory=list)
    missing_html: int = 0
    malformed: int = 0


def default_dataset_dir() -> Path | None:
    """``$NEWSCRAWL_DATASETS`` if set, else ``../shared/datasets`` beside the repo if it exists."""
    configured = os.environ.get(DATASETS_ENV)
    if configured:
        return Path(configured)
    # newscrawl/evaluate/datasets.py -> repository root is two levels above the package
    candidate = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"
    return candidate if candidate.is_dir() else None


def load_sets(dataset_dir: Path, names: Sequence[str] = SET_NAMES) -> list[PageSet]:
    """Load the named sets from ``dataset_dir``; raise :class:`DatasetError` if one is absent."""
    loaders = {NAEB: load_naeb, TRAFILATURA_DEV: load_trafilatura_dev}
    unknown = [name for name in names if name not in loaders]
    if unknown:
        raise DatasetError(f"unknown set(s): {', '.join(unknown)} (known: {', '.join(SET_NAMES)})")
    return [loaders[name](dataset_dir / name) for name in names]


def load_naeb(directory: Path) -> PageSet:
    """Load ``naeb``: full body text, title, date and authors labels."""
    entries = _read_json(directory / "news_articles.json")
    if not isinstance(entries, list):
        raise DatasetError(f"{directory / 'news_articles.json'}: expected a JSON list")
    result = PageSet(NAEB)
    for entry in entries:
        try:
            page = _naeb_page(directory, entry)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            result.malformed += 1
            log.warning("naeb: skipping malformed entry %r: %s", _short(entry), exc)
            continue
        if page.html_path.is_file():
            result.pages.append(page)
        else:
            result.missing_html += 1
    return result


def _naeb_page(directory: Path, entry: dict[str, Any]) -> LabelledPage:
    return LabelledPage(
        set_name=NAEB,
        page_id=str(entry["id"]),
        url=str(entry["link"]),
        html_path=directory / "html" / f"{entry['html_file']}.html",
        text=str(entry["text"]),
        title=_text(entry.get("title")),
        date=_text(entry.get("date")),
        # the label is one string with separators ("A, B"); metrics.author_set splits it
        authors=_strings(entry.get("authors")),
    )


def load_trafilatura_dev(directory: Path) -> PageSet:
    """Load ``trafilatura-dev``: snippets plus title, date, author and comment labels."""
    entries = _read_json(directory / "evaldata.json")
    if not isinstance(entries, dict):
        raise DatasetError(f"{directory / 'evaldata.json'}: expected a JSON object")
    result = PageSet(TRAFILATURA_DEV)
    for url, entry in entries.items():
        try:
            page = _trafilatura_page(directory, url, entry)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            result.malformed += 1
            log.warning("trafilatura-dev: skipping malformed entry %s: %s", url, exc)
            continue
        if page.html_path.is_file():
            result.pages.append(page)
        else:
            result.missing_html += 1
    return result


def _trafilatura_page(directory: Path, url: str, entry: dict[str, Any]) -> LabelledPage:
    return LabelledPage(
        set_name=TRAFILATURA_DEV,
        page_id=str(entry["file"]),
        url=url,
        html_path=directory / "html" / str(entry["file"]),
        must_contain=_strings(entry.get("with")),
        must_not_contain=_strings(entry.get("without")),
        title=_text(entry.get("title")),
        date=_text(entry.get("date")),
        # a string ("A, B") or a list of strings; metrics.author_set splits either
        authors=_strings(entry.get("author")),
        comments=_strings(entry.get("comments")),
    )


def select_pages(
    pages: Sequence[LabelledPage],
    *,
    limit: int | None = None,
    sample: int | None = None,
    stride: int | None = None,
) -> list[LabelledPage]:
    """Pick a deterministic subset, in index order.

    ``stride`` keeps every k-th page (from the first), ``sample`` keeps ``n`` evenly spaced pages,
    ``limit`` keeps the first ``n``; they apply in that order.
    """
    chosen = list(pages)
    if stride is not None and stride > 1:
        chosen = chosen[::stride]
    if sample is not None and 0 < sample < len(chosen):
        step = len(chosen) / sample
        chosen = [chosen[int(i * step)] for i in range(sample)]
    if limit is not None and limit >= 0:
        chosen = chosen[:limit]
    return chosen


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise DatasetError(f"{path}: not found") from exc
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from exc


def _strings(value: Any) -> tuple[str, ...]:
    """A label that may be absent, one string or a list of strings, as non-blank strings."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(text for text in (str(item).strip() for item in items if item) if text)


def _text(value: Any) -> str | None:
    """A one-string label, ``None`` when absent or blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected a string label, got {type(value).__name__}")
    return value.strip() or None


def _short(entry: Any) -> str:
    return repr(entry)[:80]
