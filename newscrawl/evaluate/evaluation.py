"""Run the systems over the sets and score them: the one call both the CLI and the CI gate use."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newscrawl.evaluate.datasets import SET_NAMES, PageSet, load_sets, select_pages
from newscrawl.evaluate.runners import build_systems, run_systems
from newscrawl.evaluate.scoring import PageOutcome, Summary, score_run, summarise

log = logging.getLogger(__name__)


@dataclass
class SetResult:
    """Every system's summary row and page outcomes on one (possibly sub-sampled) set."""

    page_set: PageSet
    summaries: list[Summary] = field(default_factory=list)
    outcomes: dict[str, list[PageOutcome]] = field(default_factory=dict)  # by system name


def evaluate(
    dataset_dir: Path,
    *,
    set_names: Sequence[str] = SET_NAMES,
    peers: Sequence[str] = (),
    limit: int | None = None,
    sample: int | None = None,
    stride: int | None = None,
) -> list[SetResult]:
    """Evaluate newscrawl (and ``peers``) on the named sets; the page subset is deterministic.

    Raises :class:`~newscrawl.evaluate.datasets.DatasetError` when a set cannot be loaded and
    ``ValueError`` for an unknown peer; a peer that is not installed raises ``ImportError``.
    """
    systems = build_systems(peers)
    results: list[SetResult] = []
    for page_set in load_sets(dataset_dir, set_names):
        page_set.pages = select_pages(page_set.pages, limit=limit, sample=sample, stride=stride)
        result = SetResult(page_set)
        names = ", ".join(system.name for system in systems)
        log.info("evaluating %s on %s (%d pages)", names, page_set.name, len(page_set.pages))
        # Side by side, page by page, so that every system meets the same machine load.
        for run in run_systems(systems, page_set.pages):
            outcomes = score_run(run)
            result.outcomes[run.system.name] = outcomes
            result.summaries.append(summarise(run.system.name, page_set.name, outcomes))
        results.append(result)
    return results
