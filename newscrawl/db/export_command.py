"""``newscrawl export``: print the change feed (events after a cursor) for downstream programs.

    newscrawl export --since-event N [--format jsonl|csv] [--limit N] [--db URL]
    newscrawl export --cursor-file feed.cursor [--format …]      # remembers the cursor itself

One record per event, in id order, joined with what changed: the article's URL, site, the
title/body/updated date of the new version, or the new comment's author, time and text (see
:class:`newscrawl.db.events.FeedEvent` and ``docs/schema.md``). Every record carries its
``id``; the last one is the cursor to pass next time. The command also prints the next cursor
on stderr (``next cursor: 52``) and, with ``--cursor-file``, reads the cursor from that file
when ``--since-event`` is not given and writes the new one there after a successful export.
Reading ``id > cursor`` never misses an event, even with several crawlers writing at once
(the store makes event ids visible in commit order).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newscrawl.db.command import add_database_argument

if TYPE_CHECKING:
    from newscrawl.db.events import FeedEvent

HELP = "print the change feed (article created/updated, comment added) after an event id"

FORMATS = ("jsonl", "csv")
# Events read per query: bounds memory whatever --limit says.
PAGE_SIZE = 500


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``export`` sub-command's arguments."""
    parser.add_argument(
        "--since-event",
        type=int,
        metavar="N",
        default=None,
        help="print events with an id greater than N (default: the --cursor-file's value, "
        "else 0: everything)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)"
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", default=None, help="print at most N events"
    )
    parser.add_argument(
        "--cursor-file",
        type=Path,
        metavar="PATH",
        default=None,
        help="file holding the cursor: read when --since-event is not given, replaced by the "
        "new cursor after a successful export",
    )
    add_database_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Print the events; 0 on success, 1 when the database fails, 2 for bad arguments."""
    import sqlalchemy as sa

    from newscrawl.db.engine import (
        UnsupportedDatabaseError,
        make_engine,
        masked,
        resolve_database_url,
    )
    from newscrawl.db.errors import describe_error

    try:
        cursor = _start_cursor(args)
    except ValueError as error:
        print(f"newscrawl export: {error}", file=sys.stderr)
        return 2
    try:
        engine = make_engine(resolve_database_url(args.db))
    except (UnsupportedDatabaseError, sa.exc.ArgumentError) as error:
        print(f"newscrawl export: {error}", file=sys.stderr)
        return 2
    try:
        if not sa.inspect(engine).has_table("events"):
            print(
                f"newscrawl export: {masked(engine.url)} has no events table (schema older than "
                "revision 0002); run: newscrawl db upgrade",
                file=sys.stderr,
            )
            return 1
        count, last = export_events(engine, sys.stdout, cursor, args.format, args.limit)
    except sa.exc.SQLAlchemyError as error:
        print(
            f"newscrawl export: reading {masked(engine.url)} failed: "
            f"{describe_error(error, secret=engine.url.password)}",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()
    sys.stdout.flush()
    if args.cursor_file is not None:
        write_cursor(args.cursor_file, last)
    print(
        f"newscrawl export: {count} event(s) after {cursor}; next cursor: {last}", file=sys.stderr
    )
    return 0


def _start_cursor(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 0:
        raise ValueError(f"--limit must not be negative, got {args.limit}")
    if args.since_event is not None:
        if args.since_event < 0:
            raise ValueError(f"--since-event must not be negative, got {args.since_event}")
        return int(args.since_event)
    if args.cursor_file is not None and args.cursor_file.exists():
        return read_cursor(args.cursor_file)
    return 0


def read_cursor(path: Path) -> int:
    """The cursor stored in ``path``; raises ``ValueError`` for anything but an integer ≥ 0."""
    text = path.read_text(encoding="utf-8").strip()
    if not text.isdigit():
        raise ValueError(f"cursor file {path} does not hold an event id: {text[:40]!r}")
    return int(text)


def write_cursor(path: Path, cursor: int) -> None:
    """Replace ``path``'s content with ``cursor`` atomically (write, fsync, rename)."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(f"{cursor}\n")
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def export_events(
    engine: Any, out: IO[str], after: int, output_format: str, limit: int | None = None
) -> tuple[int, int]:
    """Write the events after ``after`` to ``out``; return (events written, next cursor)."""
    from newscrawl.db.events import FeedEvent, read_events

    writer = _writer(out, output_format, [f.name for f in fields(FeedEvent)])
    count, cursor = 0, after
    with engine.connect() as connection:
        while limit is None or count < limit:
            page_size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - count)
            page = read_events(connection, cursor, page_size)
            for event in page:
                writer(event)
            count += len(page)
            if page:
                cursor = page[-1].id
            if len(page) < page_size:
                break
    return count, cursor


def _writer(out: IO[str], output_format: str, columns: list[str]) -> Any:
    if output_format == "jsonl":

        def write_json(event: FeedEvent) -> None:
            out.write(json.dumps(_plain(asdict(event)), ensure_ascii=False) + "\n")

        return write_json
    if output_format == "csv":
        table = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        table.writeheader()

        def write_row(event: FeedEvent) -> None:
            table.writerow({k: "" if v is None else v for k, v in _plain(asdict(event)).items()})

        return write_row
    raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}")


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in record.items()}
