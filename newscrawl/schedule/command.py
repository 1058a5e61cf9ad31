"""``newscrawl schedule CONFIG [--once] [--site NAME] [--check] [--db URL]``.

Runs the sites of a schedule file forever, each crawl a ``scrapy crawl`` subprocess; stops
gracefully on SIGINT/SIGTERM. ``--once`` runs every site (or the ``--site`` ones) once and
exits, which suits cron and systemd timers; ``--check`` validates the file and prints the
next due times without crawling. See ``docs/scheduling.md``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from newscrawl.cli import positive_int

if TYPE_CHECKING:
    from newscrawl.schedule.config import ScheduleConfig, SiteConfig

HELP = "crawl the sites of a schedule file (TOML/YAML) on their intervals or cron times"

# Exit codes
OK = 0
FAILED = 1
BAD_CONFIG = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``schedule`` sub-command's arguments."""
    parser.add_argument("config", metavar="CONFIG", help="schedule file (.toml, .yaml or .yml)")
    parser.add_argument(
        "--once",
        action="store_true",
        help="run each site once, now, wait for the crawls and exit (for cron/systemd timers)",
    )
    parser.add_argument(
        "--site",
        metavar="NAME",
        action="append",
        default=None,
        help="only this site (repeatable); default: every enabled site",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate the file, print each site's command and next due times, and exit",
    )
    parser.add_argument(
        "--max-concurrent",
        metavar="N",
        type=positive_int,
        default=None,
        help="at most N crawls at once (default: the file's max_concurrent, else no limit)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="database for the site locks and the crawls (default: the file's database_url, "
        "else $NEWSCRAWL_DATABASE_URL, else sqlite:///newscrawl.db)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``newscrawl schedule``; 0 after a clean stop, 1 on failure, 2 for a bad file."""
    from newscrawl.schedule.config import ConfigError, load_config

    try:
        config = load_config(args.config)
        config = _select_sites(config, args.site)
    except ConfigError as error:
        print(f"newscrawl schedule: {error}", file=sys.stderr)
        return BAD_CONFIG
    database_url = _database_url(args.db or config.options.database_url)
    if database_url is None:
        return BAD_CONFIG
    if args.check:
        return _check(config, database_url)
    return _run_scheduler(config, database_url, args)


def _select_sites(config: ScheduleConfig, names: list[str] | None) -> ScheduleConfig:
    from dataclasses import replace

    from newscrawl.schedule.config import ConfigError

    if not names:
        return config
    known = {site.name: site for site in config.sites}
    unknown = [name for name in names if name not in known]
    if unknown:
        have = ", ".join(known)
        raise ConfigError(
            config.path, [f"--site {name!r}: no such site (have: {have})" for name in unknown]
        )
    chosen = tuple(replace(known[name], enabled=True) for name in dict.fromkeys(names))
    return replace(config, sites=chosen)


def _database_url(given: str | None) -> str | None:
    """The database URL shared by the scheduler and its crawls, with a relative SQLite path
    made absolute (crawls run from the project directory, not from here)."""
    import sqlalchemy as sa

    from newscrawl.db.engine import is_memory_sqlite, resolve_database_url

    url_text = resolve_database_url(given)
    try:
        url = sa.engine.make_url(url_text)
    except sa.exc.ArgumentError as error:
        print(f"newscrawl schedule: bad database URL: {error}", file=sys.stderr)
        return None
    if url.get_backend_name() != "sqlite":
        return url_text
    if is_memory_sqlite(url):
        print(
            "newscrawl schedule: an in-memory SQLite database cannot be shared with the crawl "
            "processes; use a file (sqlite:///news.db) or PostgreSQL",
            file=sys.stderr,
        )
        return None
    database = url.database or ""
    if database.startswith("file:"):
        return url_text
    from pathlib import Path

    absolute = Path(database).expanduser().resolve()
    return url.set(database=str(absolute)).render_as_string(hide_password=False)


def _check(config: ScheduleConfig, database_url: str) -> int:
    from datetime import timedelta

    from newscrawl.db.engine import masked
    from newscrawl.schedule.launcher import SubprocessLauncher, quote_command
    from newscrawl.schedule.runner import SystemClock

    launcher = SubprocessLauncher(database_url=database_url, workdir=config.options.workdir)
    now = SystemClock().now()
    print(f"{config.path}: {len(config.enabled_sites)} site(s); database {masked(database_url)}")
    for site in config.sites:
        state = "" if site.enabled else " (disabled)"
        print(f"\n[{site.name}]{state} {site.trigger.describe()}")
        due = site.trigger.first_due(now)
        times = [due]
        for _ in range(2):
            times.append(site.trigger.next_due(times[-1], times[-1] + timedelta(microseconds=1)))
        print("  next: " + ", ".join(t.isoformat(timespec="minutes") for t in times))
        print(f"  database: {masked(site.settings.get('DATABASE_URL') or database_url)}")
        print(f"  command: {_masked_command(quote_command(launcher.command(site)), site)}")
    return OK


def _masked_command(command: str, site: SiteConfig) -> str:
    """``command`` with the password of a site's own ``DATABASE_URL`` setting masked."""
    from newscrawl.db.engine import masked

    own = site.settings.get("DATABASE_URL")
    return command.replace(own, masked(own)) if own else command


def _run_scheduler(config: ScheduleConfig, database_url: str, args: argparse.Namespace) -> int:
    import logging

    import sqlalchemy as sa

    from newscrawl.db.engine import make_engine, masked
    from newscrawl.db.errors import describe_error
    from newscrawl.db.migrate import upgrade_database
    from newscrawl.schedule.launcher import SubprocessLauncher
    from newscrawl.schedule.locks import make_owner_id, make_site_locks
    from newscrawl.schedule.runner import Scheduler
    from newscrawl.schedule.signals import stop_on_signals

    log = logging.getLogger("newscrawl.schedule")
    engine = make_engine(database_url)
    try:
        # The lock table lives in the schema; crawls would migrate too, but locks come first.
        upgrade_database(engine)
    except sa.exc.SQLAlchemyError as error:
        print(
            f"newscrawl schedule: database {masked(database_url)} failed: "
            f"{describe_error(error, secret=engine.url.password)}",
            file=sys.stderr,
        )
        engine.dispose()
        return FAILED
    options = config.options
    owner = make_owner_id()
    scheduler = Scheduler(
        config.enabled_sites,
        launcher=SubprocessLauncher(
            database_url=database_url, workdir=options.workdir, log_dir=options.log_dir
        ),
        options=options,
        locks=make_site_locks(engine, owner, options.lock_ttl),
        once=args.once,
        max_concurrent=args.max_concurrent or options.max_concurrent,
    )
    log.info(
        "scheduler %s: %d site(s) from %s, database %s",
        owner, len(config.enabled_sites), config.path, masked(database_url),
    )
    try:
        with stop_on_signals(scheduler.request_stop):
            return scheduler.run()
    finally:
        engine.dispose()
