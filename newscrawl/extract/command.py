"""``newscrawl extract FILE_OR_URL [--url URL]``: print one page's Article as JSON."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from pathlib import Path

HELP = "extract one saved page (or fetch one URL) and print the article as JSON"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the sub-command's arguments."""
    parser.add_argument("source", help="a saved HTML file, '-' for stdin, or an http(s) URL")
    parser.add_argument(
        "--url", help="the page's URL (for a file: resolves links, selects site rules)"
    )
    parser.add_argument(
        "--no-comments", action="store_true", help="leave comments out of the output"
    )


def _read_source(source: str) -> tuple[bytes, str | None]:
    if source == "-":
        return sys.stdin.buffer.read(), None
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "newscrawl/0.1"})
        with urllib.request.urlopen(request, timeout=30) as response:  # http(s) only
            return response.read(), response.geturl()
    return Path(source).read_bytes(), None


def run(args: argparse.Namespace) -> int:
    """Extract and print; exit status 2 when the source cannot be read, 1 when it is no page."""
    from newscrawl.extract import ExtractionError, extract_article

    try:
        html, fetched_url = _read_source(args.source)
    except (OSError, ValueError) as exc:  # ValueError: a malformed URL ("http://[bad")
        print(f"newscrawl extract: cannot read {args.source}: {exc}", file=sys.stderr)
        return 2
    url = args.url or fetched_url or Path(args.source).resolve().as_uri()
    try:
        article = extract_article(html, url)
    except ExtractionError as exc:
        print(f"newscrawl extract: {exc}", file=sys.stderr)
        return 1
    data = article.to_json_dict()
    if args.no_comments:
        data.pop("comments")
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
