"""CI quality gate: newscrawl's extractor on a fixed sample of the shared sets vs pinned floors.

Runs only when the datasets folder is present (``$NEWSCRAWL_DATASETS`` or ``../shared/datasets``
beside the repository); otherwise every test here is skipped with the reason. No peers run: the
gate measures newscrawl alone, on every ``gate.stride``-th page of each set, and compares its
figures with ``benchmarks/floors.toml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.evaluate.datasets import SET_NAMES, default_dataset_dir
from newscrawl.evaluate.evaluation import SetResult, evaluate
from newscrawl.evaluate.floors import Floors, load_floors, violations
from newscrawl.evaluate.runners import NEWSCRAWL

pytestmark = pytest.mark.datasets

FLOORS_FILE = Path(__file__).resolve().parents[1] / "benchmarks" / "floors.toml"


@pytest.fixture(scope="module")
def floors() -> Floors:
    return load_floors(FLOORS_FILE)


@pytest.fixture(scope="module")
def gate_results(floors: Floors) -> dict[str, SetResult]:
    dataset_dir = default_dataset_dir()
    if dataset_dir is None or not dataset_dir.is_dir():
        pytest.skip("datasets folder absent: set NEWSCRAWL_DATASETS or provide ../shared/datasets")
    missing = [name for name in SET_NAMES if not (dataset_dir / name).is_dir()]
    if missing:
        pytest.skip(f"datasets folder {dataset_dir} lacks {', '.join(missing)}")
    results = evaluate(dataset_dir, set_names=SET_NAMES, peers=(), stride=floors.stride)
    return {result.page_set.name: result for result in results}


def test_floors_file_pins_the_gated_figures(floors: Floors) -> None:
    assert floors.minimums["naeb"].keys() >= {"body_f1", "title", "date"}
    assert floors.minimums["trafilatura-dev"].keys() >= {"snippet_f1", "title", "date"}


@pytest.mark.parametrize("set_name", SET_NAMES)
def test_sample_is_not_empty(gate_results: dict[str, SetResult], set_name: str) -> None:
    result = gate_results[set_name]
    assert result.page_set.pages, f"{set_name}: the gate sample has no pages"


@pytest.mark.parametrize("set_name", SET_NAMES)
def test_newscrawl_meets_the_floors(
    gate_results: dict[str, SetResult], floors: Floors, set_name: str
) -> None:
    result = gate_results[set_name]
    summary = next(s for s in result.summaries if s.system == NEWSCRAWL)
    problems = violations(summary, floors)
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("set_name", SET_NAMES)
def test_extractor_does_not_crash(gate_results: dict[str, SetResult], set_name: str) -> None:
    # ExtractionError is the extractor's documented refusal of a non-HTML page; anything else
    # escaping extract_article is a bug.
    result = gate_results[set_name]
    crashes = [
        f"{outcome.page.url}: {outcome.prediction.error}"
        for outcome in result.outcomes[NEWSCRAWL]
        if outcome.prediction.error and not outcome.prediction.error.startswith("ExtractionError")
    ]
    assert not crashes, "\n".join(crashes)
