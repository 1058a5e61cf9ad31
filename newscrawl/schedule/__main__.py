"""``python -m newscrawl.schedule CONFIG`` is the same as ``newscrawl schedule CONFIG``."""

from __future__ import annotations

import sys

from newscrawl.cli import main as cli_main


def main(argv: list[str] | None = None) -> int:
    """Run ``newscrawl schedule`` with ``argv`` (default: this process's arguments)."""
    return cli_main(["schedule", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
