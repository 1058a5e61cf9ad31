"""``python -m benchmarks.extraction [DATASET_DIR] [options]``: the same as ``newscrawl evaluate``.

Kept as a module of its own so the benchmark can be run from a checkout without the console script.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from newscrawl.evaluate import command


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` with the ``evaluate`` options and run the evaluation."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.extraction", description=command.HELP
    )
    command.add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return command.run(args)


if __name__ == "__main__":
    sys.exit(main())
