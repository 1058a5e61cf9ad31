"""The spill file: where articles go when the database cannot take them, and how they come back.

Format: JSON lines, one article per line, as :meth:`Article.to_json_dict` writes it, plus one
envelope key ``_fetched_at`` (ISO 8601) holding the time the page was fetched, so that a replay
days later still records the right times. Lines are appended with ``O_APPEND`` in a single
``write`` per batch and ``fsync``-ed before the writer reports them spilled. A line cut short by
a crash is reported and skipped by replay; every other line loads.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newscrawl.db.errors import describe_error, is_transient
from newscrawl.db.rows import FetchedArticle
from newscrawl.db.store import ArticleStore, BatchResult
from newscrawl.items import article_from_json_dict

log = logging.getLogger(__name__)

FETCHED_AT_KEY = "_fetched_at"
REPLAY_BATCH_SIZE = 100


class SpillError(OSError):
    """Articles could not be written to the spill file (they are lost unless retried)."""


def spill_line(entry: FetchedArticle) -> str:
    """One JSON line (with its newline) for ``entry``."""
    data: dict[str, Any] = entry.article.to_json_dict()
    data[FETCHED_AT_KEY] = entry.fetched_at.isoformat()
    # default=str: an odd value in a field must not cost the whole article.
    return json.dumps(data, ensure_ascii=False, default=str) + "\n"


def append_spill(path: Path, entries: Sequence[FetchedArticle]) -> None:
    """Append ``entries`` to ``path`` durably (written and fsync-ed when this returns).

    Raises :class:`SpillError` when the file cannot be written or an entry cannot be serialised.
    """
    try:
        payload = "".join(spill_line(entry) for entry in entries).encode("utf-8", "replace")
    except (TypeError, ValueError, AttributeError) as error:
        raise SpillError(f"cannot serialise articles for {path}: {error}") from error
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        created = not path.exists()
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            _write_all(descriptor, payload)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if created:
            _fsync_directory(path.parent)
    except OSError as error:
        raise SpillError(f"cannot append to spill file {path}: {error}") from error


def _write_all(descriptor: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _fsync_directory(directory: Path) -> None:
    """Make a newly created file's directory entry durable too (POSIX; skipped elsewhere)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot fsync directories; the data itself is synced
    finally:
        os.close(descriptor)


@dataclass
class SpillReadReport:
    """Counts of what reading (and replaying) a spill file found: ``articles`` read,
    ``bad_lines`` that were not articles, ``refused`` articles the database would not take."""

    articles: int = 0
    bad_lines: int = 0
    refused: int = 0


def iter_spill(path: Path, report: SpillReadReport) -> Iterator[FetchedArticle]:
    """Yield the articles of spill file ``path``; bad lines are logged and counted in ``report``.

    Raises ``OSError`` when the file cannot be opened.
    """
    with path.open("r", encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entry = parse_spill_line(line)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                report.bad_lines += 1
                log.error("%s line %d skipped: not a spilled article (%s)", path, number, error)
                continue
            report.articles += 1
            yield entry


def _replay_batch(
    store: ArticleStore, batch: list[FetchedArticle], report: SpillReadReport
) -> BatchResult:
    """Write one batch; if the database refuses its data, write the articles one by one so
    that one bad article cannot block the rest of the file. Outages propagate."""
    try:
        return store.save_fetched(batch)
    except Exception as error:
        if is_transient(error):
            raise
    result = BatchResult()
    for entry in batch:
        try:
            result += store.save_fetched([entry])
        except Exception as error:
            if is_transient(error):
                raise
            report.refused += 1
            log.error(
                "article %s refused by the database: %s", entry.article.url, describe_error(error)
            )
    return result


def parse_spill_line(line: str) -> FetchedArticle:
    """Parse one spill line; raises ``ValueError``/``TypeError`` for anything else."""
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    fetched = data.pop(FETCHED_AT_KEY, None)
    article = article_from_json_dict(data)
    fetched_at = datetime.fromisoformat(fetched) if fetched else None
    if fetched_at is None:
        # A line written by hand or by another tool: treat it as fetched now.
        fetched_at = datetime.now(timezone.utc)
    return FetchedArticle(article, fetched_at)


def replay_spill(path: Path, store: ArticleStore) -> BatchResult:
    """Load spill file ``path`` into ``store``, in batches; return what was written.

    Safe to run again on the same file (the writes are upserts). Lines that are not articles,
    and articles the database refuses, are logged at ERROR and skipped; an outage (connection
    lost, database down) propagates: nothing is lost, run it again later.
    """
    result, _report = replay_spill_with_report(path, store)
    return result


def replay_spill_with_report(
    path: Path, store: ArticleStore, batch_size: int = REPLAY_BATCH_SIZE
) -> tuple[BatchResult, SpillReadReport]:
    """:func:`replay_spill`, also returning the read counts (for the command line)."""
    report = SpillReadReport()
    result = BatchResult()
    batch: list[FetchedArticle] = []
    for entry in iter_spill(Path(path), report):
        batch.append(entry)
        if len(batch) >= batch_size:
            result += _replay_batch(store, batch, report)
            batch = []
    if batch:
        result += _replay_batch(store, batch, report)
    if report.bad_lines or report.refused:
        log.error(
            "%s: %d line(s) could not be read and %d article(s) were refused by the database; "
            "they were skipped",
            path,
            report.bad_lines,
            report.refused,
        )
    log.info(
        "replayed %d article(s) from %s into %s: %s", report.articles, path, store.database, result
    )
    return result, report
