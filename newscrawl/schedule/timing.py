"""When a site is due: durations ("15m", "1h30m"), interval triggers and cron triggers.

A trigger answers one question: given the time a run was last *due* and the time now, when is
the next run due? Due times that passed while a crawl was still running are skipped, never
queued, so a crawl that overruns its interval is not started twice in a row to catch up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Protocol

from newscrawl.schedule.cron import CronExpression

__all__ = [
    "CronTrigger",
    "DurationError",
    "IntervalTrigger",
    "Trigger",
    "backoff_delay",
    "format_duration",
    "parse_duration",
]

_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")


class DurationError(ValueError):
    """A duration that cannot be read."""


def parse_duration(value: str | int | float) -> timedelta:
    """Read a duration: seconds as a number, or a string such as ``"90s"``, ``"15m"``,
    ``"1h30m"``, ``"2d"``. Raise :class:`DurationError` for anything else or a value <= 0."""
    if isinstance(value, bool):
        raise DurationError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        seconds = _parse_duration_text(value)
    else:
        raise DurationError(f"{value!r} is not a duration (use a string such as \"15m\")")
    if seconds <= 0:
        raise DurationError(f"duration {value!r} must be greater than zero")
    return timedelta(seconds=seconds)


def _parse_duration_text(text: str) -> float:
    compact = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", compact):
        return float(compact)
    if not compact or not re.fullmatch(r"(?:\d+(?:\.\d+)?[dhms])+", compact):
        raise DurationError(
            f"cannot read duration {text!r}: use a number of seconds or units d/h/m/s, "
            "for example \"90s\", \"15m\", \"1h30m\""
        )
    return sum(float(amount) * _UNITS[unit] for amount, unit in _DURATION.findall(compact))


def format_duration(delta: timedelta) -> str:
    """Render ``delta`` compactly for logs: ``"1h30m"``, ``"45s"``, ``"0.2s"``."""
    seconds = delta.total_seconds()
    if seconds < 60 and seconds != int(seconds):
        return f"{seconds:.1f}s"
    whole = round(seconds)
    parts = []
    for unit, size in _UNITS.items():
        amount, whole = divmod(whole, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts) or "0s"


class Trigger(Protocol):
    """Computes due times for one site."""

    def first_due(self, now: datetime) -> datetime:
        """The first due time once the scheduler starts at ``now``."""
        ...

    def next_due(self, last_due: datetime, now: datetime) -> datetime:
        """The first due time after ``last_due`` that is not before ``now``."""
        ...

    def describe(self) -> str:
        """A short human description for logs ("every 15m", "cron '*/5 * * * *'")."""
        ...


@dataclass(frozen=True)
class IntervalTrigger:
    """Due every ``interval``, counted from the scheduler's start (fixed rate).

    The first run is due at start when ``run_at_start`` is true, one interval later otherwise.
    """

    interval: timedelta
    run_at_start: bool = True

    def first_due(self, now: datetime) -> datetime:
        return now if self.run_at_start else now + self.interval

    def next_due(self, last_due: datetime, now: datetime) -> datetime:
        due = last_due + self.interval
        if due < now:
            # Skip the slots that passed; stay on the original grid of due times.
            missed = (now - due) // self.interval
            due += self.interval * missed
            if due < now:
                due += self.interval
        return due

    def describe(self) -> str:
        return f"every {format_duration(self.interval)}"


@dataclass(frozen=True)
class CronTrigger:
    """Due at the times a cron expression names, evaluated in ``tz``."""

    expression: CronExpression
    tz: tzinfo = field(default=timezone.utc)

    def first_due(self, now: datetime) -> datetime:
        # A time that matches exactly now counts as due; one that passed seconds ago does not.
        return self.expression.next_after(now - _EPSILON, self.tz)

    def next_due(self, last_due: datetime, now: datetime) -> datetime:
        due = self.expression.next_after(last_due, self.tz)
        if due < now:
            due = self.expression.next_after(now - _EPSILON, self.tz)
        return due

    def describe(self) -> str:
        return f"cron {self.expression.source!r}"


_EPSILON = timedelta(microseconds=1)


def backoff_delay(
    failures: int, *, after: int, base: timedelta, maximum: timedelta
) -> timedelta:
    """How long to hold back a site after ``failures`` consecutive failed runs.

    Nothing until ``after`` failures in a row; then ``base``, doubling with each further failure,
    never more than ``maximum``. The site still runs only at its own due times: the delay pushes
    the next run to the first due time at least this far after the failure.
    """
    if failures < after:
        return timedelta(0)
    exponent = min(failures - after, 30)  # 2**30 × any sane base is far beyond any maximum
    return min(base * (2**exponent), maximum)
