"""``newscrawl replay FILE [--db URL]``: load a spill file into the database.

A crawl spills the articles it could not write (database down, retries exhausted) to a
JSON-lines file and logs its name. Replaying is idempotent: running it twice stores nothing
twice, so after a failure simply run it again. The file is left in place; delete it once the
replay reports success.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscrawl.db.command import add_database_argument

HELP = "load a spill file (articles a crawl could not write) into the database"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``replay`` sub-command's arguments."""
    parser.add_argument("file", type=Path, metavar="FILE", help="spill file (JSON lines)")
    add_database_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Replay ``args.file``; 0 when every line loaded, 1 otherwise, 2 for bad arguments."""
    import sqlalchemy as sa

    from newscrawl.db.engine import (
        UnsupportedDatabaseError,
        make_engine,
        masked,
        resolve_database_url,
    )
    from newscrawl.db.errors import describe_error
    from newscrawl.db.migrate import upgrade_database
    from newscrawl.db.spill import replay_spill_with_report
    from newscrawl.db.store import ArticleStore

    path: Path = args.file
    if not path.is_file():
        print(f"newscrawl replay: no such file: {path}", file=sys.stderr)
        return 2
    try:
        engine = make_engine(resolve_database_url(args.db))
    except (UnsupportedDatabaseError, sa.exc.ArgumentError) as error:
        print(f"newscrawl replay: {error}", file=sys.stderr)
        return 2
    label = masked(engine.url)
    try:
        upgrade_database(engine)
        result, report = replay_spill_with_report(path, ArticleStore(engine))
    except sa.exc.SQLAlchemyError as error:
        print(
            f"newscrawl replay: writing to {label} failed: "
            f"{describe_error(error, secret=engine.url.password)}; nothing is lost, "
            f"run the same command again when the database is back",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(f"newscrawl replay: cannot read {path}: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(
        f"replayed {report.articles} article(s) from {path} into {label}: "
        f"{result.articles_created} created, {result.articles_updated} updated, "
        f"{result.articles_unchanged} unchanged, {result.articles_rejected} rejected, "
        f"{result.comments_added} comment(s) added"
    )
    if report.bad_lines or report.refused:
        print(
            f"newscrawl replay: {report.bad_lines} line(s) of {path} could not be read and "
            f"{report.refused} article(s) were refused by the database (see the log above); "
            "they were skipped",
            file=sys.stderr,
        )
        return 1
    return 0
