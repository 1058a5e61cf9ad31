"""The ``newscrawl`` command line.

Each sub-command lives in its own small module exposing ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; this file only wires them together. Command modules keep their heavy
imports inside ``run`` so that ``newscrawl --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

# name -> module implementing the sub-command
COMMANDS: dict[str, str] = {
    "demo": "newscrawl.demo.command",
    "extract": "newscrawl.extract.command",
    "evaluate": "newscrawl.evaluate.command",
    "db": "newscrawl.db.command",
    "replay": "newscrawl.db.replay_command",
    "export": "newscrawl.db.export_command",
    "schedule": "newscrawl.schedule.command",
}


def positive_int(text: str) -> int:
    """argparse ``type=`` for a count that must be at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, not {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="newscrawl",
        description="Crawl news sites, extract articles and comments, store them in a database.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    # -v is also accepted after the sub-command (`newscrawl schedule x.toml -v`); SUPPRESS
    # keeps a sub-command without -v from resetting a -v given before it.
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log debug messages"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command_parser = sub.add_parser(
            name, help=module.HELP, description=module.HELP, parents=[verbose]
        )
        module.add_arguments(command_parser)
        command_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newscrawl`` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
