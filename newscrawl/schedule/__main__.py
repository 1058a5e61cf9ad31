"""``python -m newscrawl.schedule CONFIG`` is the same as ``newscrawl schedule CONFIG``."""

from __future__ import annotations

import argparse
import logging
import sys

from newscrawl.schedule import command


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the scheduler."""
    parser = argparse.ArgumentParser(prog="python -m newscrawl.schedule", description=command.HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    command.add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return command.run(args)


if __name__ == "__main__":
    sys.exit(main())
