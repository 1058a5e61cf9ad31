"""``newscrawl evaluate [DATASET_DIR]``: score the extractor on the labelled sets, beside its peers.

Prints one README-ready Markdown table per set (a row per system), optionally the worst pages of
one field (``--failures``) and a JSON file with every figure and page outcome (``--json``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path
from typing import Any

# Both are stdlib-only modules: --help stays fast.
from newscrawl.cli import positive_int
from newscrawl.evaluate.datasets import SET_NAMES
from newscrawl.evaluate.scoring import FAILURE_FIELDS

HELP = "score extraction on the labelled sets (body, title, date, authors, comments, speed)"

_SET_CHOICES = (*SET_NAMES, "all")
_DEFAULT_PEERS = "trafilatura,readability"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``evaluate`` options on ``parser``."""
    parser.add_argument(
        "dataset_dir",
        nargs="?",
        type=Path,
        help="folder holding naeb/ and trafilatura-dev/ (default: $NEWSCRAWL_DATASETS, "
        "else ../shared/datasets beside the repository)",
    )
    parser.add_argument(
        "--set",
        dest="set_name",
        choices=_SET_CHOICES,
        default="all",
        help="which labelled set to run (default: all)",
    )
    peers = parser.add_mutually_exclusive_group()
    peers.add_argument(
        "--peers",
        default=_DEFAULT_PEERS,
        help=f"comma-separated peers to run beside newscrawl (default: {_DEFAULT_PEERS})",
    )
    peers.add_argument("--no-peers", action="store_true", help="run newscrawl's extractor only")
    parser.add_argument(
        "--sample",
        type=positive_int,
        metavar="N",
        help="N evenly spaced pages of each set (deterministic)",
    )
    parser.add_argument(
        "--limit", type=positive_int, metavar="N", help="the first N pages of each set"
    )
    parser.add_argument(
        "--stride",
        type=positive_int,
        metavar="K",
        help="every K-th page of each set (the CI gate uses 3)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="also write every figure and page outcome as JSON to FILE",
    )
    parser.add_argument(
        "--failures",
        action="append",
        choices=FAILURE_FIELDS,
        metavar="FIELD",
        help=f"list newscrawl's worst pages for FIELD ({'|'.join(FAILURE_FIELDS)}); repeatable",
    )
    parser.add_argument(
        "--floors",
        type=Path,
        metavar="FILE",
        help="check newscrawl's figures against a floors file (e.g. benchmarks/floors.toml) and "
        "exit 1 below a floor; without --stride/--sample/--limit, uses the file's gate stride",
    )
    parser.add_argument(
        "--failures-of",
        default="newscrawl",
        metavar="SYSTEM",
        help="whose failures and crashes to list: newscrawl (default) or a peer that ran",
    )
    parser.add_argument(
        "--losses-to",
        metavar="PEER",
        help="list the pages where newscrawl's body scores furthest below PEER's (a peer that ran)",
    )
    parser.add_argument(
        "--failures-limit",
        type=positive_int,
        default=25,
        metavar="N",
        help="pages listed per set and field (default: 25)",
    )


def run(args: argparse.Namespace) -> int:
    """Run the evaluation and print the report; 2 when the datasets or a peer are unavailable."""
    from newscrawl.evaluate.datasets import DatasetError, default_dataset_dir
    from newscrawl.evaluate.evaluation import evaluate
    from newscrawl.evaluate.floors import FloorsError, load_floors
    from newscrawl.evaluate.runners import NEWSCRAWL, PEER_NAMES

    dataset_dir = args.dataset_dir or default_dataset_dir()
    if dataset_dir is None:
        print(
            "newscrawl evaluate: no dataset folder given, $NEWSCRAWL_DATASETS is unset and "
            "../shared/datasets does not exist",
            file=sys.stderr,
        )
        return 2
    floors = None
    if args.floors:
        try:
            floors = load_floors(args.floors)
        except FloorsError as exc:
            print(f"newscrawl evaluate: {exc}", file=sys.stderr)
            return 2
        if not (args.stride or args.sample or args.limit):
            args.stride = floors.stride
    set_names = SET_NAMES if args.set_name == "all" else (args.set_name,)
    peers = () if args.no_peers else tuple(p.strip() for p in args.peers.split(",") if p.strip())
    unknown = [peer for peer in peers if peer not in PEER_NAMES]
    if unknown:
        print(
            f"newscrawl evaluate: unknown peer(s) {', '.join(unknown)} "
            f"(known: {', '.join(PEER_NAMES)})",
            file=sys.stderr,
        )
        return 2
    if args.failures_of not in (NEWSCRAWL, *peers):
        print(
            f"newscrawl evaluate: --failures-of {args.failures_of}: that system is not run",
            file=sys.stderr,
        )
        return 2
    if args.losses_to and args.losses_to not in peers:
        print(
            f"newscrawl evaluate: --losses-to {args.losses_to}: not a peer that runs",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    try:
        results = evaluate(
            dataset_dir,
            set_names=set_names,
            peers=peers,
            limit=args.limit,
            sample=args.sample,
            stride=args.stride,
        )
    except (DatasetError, ImportError) as exc:
        print(f"newscrawl evaluate: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(_render(results, args, args.failures_of))
    print(f"\n_Evaluated in {elapsed:.1f} s._", file=sys.stderr)
    if args.json:
        try:
            _write_json(args.json, results, args, elapsed)
        except OSError as exc:
            print(f"newscrawl evaluate: cannot write {args.json}: {exc}", file=sys.stderr)
            return 2
    if floors is not None:
        return _check_floors(results, floors, NEWSCRAWL)
    return 0


def _check_floors(results: list[Any], floors: Any, focus: str) -> int:
    from newscrawl.evaluate.floors import violations

    problems = [
        problem
        for result in results
        for summary in result.summaries
        if summary.system == focus
        for problem in violations(summary, floors)
    ]
    for problem in problems:
        print(f"BELOW FLOOR: {problem}", file=sys.stderr)
    if not problems:
        print("All floors met.", file=sys.stderr)
    return 1 if problems else 0


def _render(results: list[Any], args: argparse.Namespace, focus: str) -> str:
    from newscrawl.evaluate.report import (
        METRIC_NOTES,
        failure_listing,
        losses_listing,
        markdown_table,
        set_heading,
    )
    from newscrawl.evaluate.runners import NEWSCRAWL
    from newscrawl.evaluate.scoring import body_losses, worst_pages

    parts = [f"Command: `{_command_line(args)}`"]
    for result in results:
        parts.append(set_heading(result.page_set, result.summaries))
        parts.append(markdown_table(result.summaries))
    parts.append(METRIC_NOTES)
    for field_name in args.failures or ():
        for result in results:
            worst = worst_pages(result.outcomes[focus], field_name)
            parts.append(
                failure_listing(result.page_set.name, field_name, worst, args.failures_limit)
            )
    if args.losses_to:
        for result in results:
            losses = body_losses(result.outcomes[NEWSCRAWL], result.outcomes[args.losses_to])
            parts.append(
                losses_listing(
                    result.page_set.name, NEWSCRAWL, args.losses_to, losses, args.failures_limit
                )
            )
    crashes = _crash_listing(results, focus)
    if crashes:
        parts.append(crashes)
    return "\n\n".join(parts)


def _crash_listing(results: list[Any], focus: str) -> str:
    lines = []
    for result in results:
        for outcome in result.outcomes[focus]:
            if outcome.prediction.error:
                lines.append(
                    f"- {result.page_set.name}: {outcome.page.url} "
                    f"[{outcome.page.html_path.name}]: {outcome.prediction.error}"
                )
    if not lines:
        return ""
    return "\n".join([f"#### {focus} crashed on {len(lines)} page(s)", *lines])


def _command_line(args: argparse.Namespace) -> str:
    words = ["newscrawl", "evaluate"]
    if args.dataset_dir:
        words.append(str(args.dataset_dir))
    if args.set_name != "all":
        words += ["--set", args.set_name]
    if args.no_peers:
        words.append("--no-peers")
    elif args.peers != _DEFAULT_PEERS:
        words += ["--peers", args.peers]
    for option in ("sample", "limit", "stride"):
        value = getattr(args, option)
        if value:
            words += [f"--{option}", str(value)]
    return shlex.join(words)


def _write_json(path: Path, results: list[Any], args: argparse.Namespace, elapsed: float) -> None:
    from newscrawl.evaluate.report import outcome_to_json, summary_to_json

    data = {
        "command": _command_line(args),
        "seconds": elapsed,
        "sets": [
            {
                "name": result.page_set.name,
                "missing_html": result.page_set.missing_html,
                "malformed": result.page_set.malformed,
                "summaries": [summary_to_json(s) for s in result.summaries],
                "pages": {
                    system: [outcome_to_json(o) for o in outcomes]
                    for system, outcomes in result.outcomes.items()
                },
            }
            for result in results
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
