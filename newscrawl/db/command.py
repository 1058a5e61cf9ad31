"""``newscrawl db upgrade|current|check [--db URL]``: manage the database schema.

- ``upgrade``: apply the migrations up to the newest (a crawl also does this by itself);
- ``current``: show the database's schema revision and whether it is the newest;
- ``check``: upgrade the database, then fail if the models and the migrations disagree (run it
  on a scratch database: CI does, with ``--db sqlite:///<tmp>/check.db``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

HELP = "manage the database schema (upgrade | current | check)"

ACTIONS = ("upgrade", "current", "check")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``db`` sub-command's arguments."""
    parser.add_argument(
        "action",
        choices=ACTIONS,
        help="upgrade: migrate to the newest schema; current: show the schema revision; "
        "check: upgrade, then fail if the models and the migrations differ",
    )
    add_database_argument(parser)


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """The shared ``--db URL`` option."""
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: $NEWSCRAWL_DATABASE_URL, else "
        "sqlite:///newscrawl.db)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``newscrawl db ACTION``; 0 on success, 1 on failure, 2 for a bad URL."""
    import sqlalchemy as sa

    from newscrawl.db.engine import UnsupportedDatabaseError, make_engine, resolve_database_url
    from newscrawl.db.errors import describe_error

    url = resolve_database_url(args.db)
    try:
        engine = make_engine(url)
    except (UnsupportedDatabaseError, sa.exc.ArgumentError) as error:
        print(f"newscrawl db: {error}", file=sys.stderr)
        return 2
    action = {"upgrade": _upgrade, "current": _current, "check": _check}[args.action]
    try:
        return action(engine)
    except sa.exc.SQLAlchemyError as error:
        secret = engine.url.password
        print(
            f"newscrawl db {args.action}: database {_label(engine)} failed: "
            f"{describe_error(error, secret=secret)}",
            file=sys.stderr,
        )
        return 1
    finally:
        engine.dispose()


def _label(engine: sa.Engine) -> str:
    from newscrawl.db.engine import masked

    return masked(engine.url)


def _upgrade(engine: sa.Engine) -> int:
    from newscrawl.db.migrate import current_revision, upgrade_database

    upgrade_database(engine)
    print(f"database {_label(engine)} is at revision {current_revision(engine)} (newest)")
    return 0


def _current(engine: sa.Engine) -> int:
    from newscrawl.db.migrate import current_revision, head_revision

    current, head = current_revision(engine), head_revision()
    if current is None:
        print(f"database {_label(engine)} has no newscrawl schema; run: newscrawl db upgrade")
    elif current == head:
        print(f"database {_label(engine)} is at revision {current} (newest)")
    else:
        print(
            f"database {_label(engine)} is at revision {current}; the newest is {head}; "
            "run: newscrawl db upgrade"
        )
    return 0


def _check(engine: sa.Engine) -> int:
    from newscrawl.db.migrate import current_revision, schema_differences, upgrade_database

    upgrade_database(engine)
    differences = schema_differences(engine)
    if differences:
        print(
            "newscrawl db check: the models (newscrawl/db/models.py) and the migrations "
            f"(newscrawl/db/migrations/) differ on {_label(engine)}:",
            file=sys.stderr,
        )
        for difference in differences:
            print(f"  {difference}", file=sys.stderr)
        print(
            "add a migration: alembic -x db=sqlite:///scratch.db revision --autogenerate "
            '--rev-id NNNN -m "what changed", then review it',
            file=sys.stderr,
        )
        return 1
    print(f"ok: migrations up to {current_revision(engine)} match the models")
    return 0
