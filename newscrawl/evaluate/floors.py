"""Pinned quality floors (and ceilings) for the CI gate, read from a small TOML file.

The file looks like::

    [gate]
    stride = 3                     # evaluate every third page of each set

    [floors.naeb]                  # minimum values, per set
    body_f1 = 0.90
    title = 0.90

    [ceilings.trafilatura-dev]     # maximum values, per set
    comment_leak = 0.02

Metric names are the keys of :data:`newscrawl.evaluate.scoring.METRICS`. A metric that cannot
be measured on the sample (``None``) fails a floor: a gate must not pass because nothing was
measured.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.evaluate.scoring import METRICS, Summary

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class FloorsError(ValueError):
    """The floors file is unreadable or names an unknown metric."""


@dataclass(frozen=True)
class Floors:
    """Per-set minimum and maximum values, and the sampling stride of the gate."""

    stride: int = 1
    minimums: dict[str, dict[str, float]] = field(default_factory=dict)
    maximums: dict[str, dict[str, float]] = field(default_factory=dict)


def load_floors(path: Path) -> Floors:
    """Read and validate a floors file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FloorsError(f"{path}: {exc}") from exc
    return parse_floors(data)


def parse_floors(data: Mapping[str, Any]) -> Floors:
    """Validate a parsed floors document."""
    stride = data.get("gate", {}).get("stride", 1)
    if not isinstance(stride, int) or stride < 1:
        raise FloorsError(f"gate.stride must be a positive integer, got {stride!r}")
    return Floors(
        stride=stride,
        minimums=_limits(data.get("floors", {}), "floors"),
        maximums=_limits(data.get("ceilings", {}), "ceilings"),
    )


def _limits(table: Mapping[str, Any], name: str) -> dict[str, dict[str, float]]:
    limits: dict[str, dict[str, float]] = {}
    for set_name, values in table.items():
        if not isinstance(values, Mapping):
            raise FloorsError(f"{name}.{set_name} must be a table")
        for metric, value in values.items():
            if metric not in METRICS:
                raise FloorsError(f"{name}.{set_name}.{metric}: unknown metric")
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise FloorsError(f"{name}.{set_name}.{metric} must be a number")
        limits[set_name] = {metric: float(value) for metric, value in values.items()}
    return limits


def violations(summary: Summary, floors: Floors) -> list[str]:
    """Human-readable reasons why ``summary`` breaks the floors of its set (empty if none)."""
    problems: list[str] = []
    for metric, minimum in floors.minimums.get(summary.set_name, {}).items():
        value = METRICS[metric](summary)
        if value is None or value < minimum:
            problems.append(f"{summary.set_name} {metric} = {_show(value)} < floor {minimum:.3f}")
    for metric, maximum in floors.maximums.get(summary.set_name, {}).items():
        value = METRICS[metric](summary)
        if value is not None and value > maximum:
            problems.append(f"{summary.set_name} {metric} = {_show(value)} > ceiling {maximum:.3f}")
    return problems


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
