"""A parser and evaluator for standard 5-field cron expressions.

Supported syntax (the one documented in ``crontab(5)``)::

    ┌───────── minute        0-59
    │ ┌─────── hour          0-23
    │ │ ┌───── day of month  1-31
    │ │ │ ┌─── month         1-12 or jan-dec
    │ │ │ │ ┌─ day of week   0-7 or sun-sat (0 and 7 are both Sunday)
    * * * * *

Each field is ``*``, a number, a range ``a-b``, a step ``*/n`` or ``a-b/n`` or ``a/n``, or a
comma-separated list of those. The macros ``@hourly``, ``@daily``/``@midnight``, ``@weekly``,
``@monthly`` and ``@yearly``/``@annually`` are accepted. As in Vixie cron, when both the
day-of-month and the day-of-week fields are restricted (neither starts with ``*``), a day matches
when *either* matches.

Times are evaluated as wall-clock times in a time zone (UTC unless one is given). On a day when
the clocks go forward, a time inside the gap fires at the equivalent instant after the gap; on a
day when they go back, the repeated hour fires once.

Written here rather than added as a dependency: the standard syntax is small, and the tests
check this evaluator against a brute-force minute-by-minute search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

__all__ = ["CronError", "CronExpression"]

MACROS: dict[str, str] = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}

MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")

# How far ahead to look for the next match before declaring that an expression never fires
# ("0 0 30 2 *"). Leap days recur within 8 years, and every legal expression matches by then.
SEARCH_YEARS = 9

_TERM = re.compile(r"^(?P<range>\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(?P<step>\d+))?$")


class CronError(ValueError):
    """A cron expression that cannot be parsed, or one that never matches any time."""


@dataclass(frozen=True)
class _Field:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    # offset of names[0] in the value range (months start at 1, weekdays at 0)
    names_start: int = 0


_FIELDS = (
    _Field("minute", 0, 59),
    _Field("hour", 0, 23),
    _Field("day of month", 1, 31),
    _Field("month", 1, 12, MONTH_NAMES, 1),
    # 7 is accepted for Sunday and folded onto 0 after parsing.
    _Field("day of week", 0, 7, DAY_NAMES, 0),
)


@dataclass(frozen=True)
class CronExpression:
    """A parsed cron expression; :meth:`next_after` gives its next firing time."""

    source: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday … 6 = Saturday
    day_restricted: bool
    weekday_restricted: bool

    @classmethod
    def parse(cls, text: str) -> CronExpression:
        """Parse ``text``; raise :class:`CronError` with the offending field on bad input."""
        source = text.strip()
        expanded = MACROS.get(source.lower(), source)
        parts = expanded.split()
        if len(parts) != 5:
            raise CronError(
                f"cron expression {source!r} has {len(parts)} fields; expected 5 "
                "(minute hour day-of-month month day-of-week) or a macro such as @hourly"
            )
        pairs = zip(parts, _FIELDS, strict=True)
        values = [_parse_field(part.lower(), spec) for part, spec in pairs]
        weekdays = frozenset(day % 7 for day in values[4])
        return cls(
            source=source,
            minutes=values[0],
            hours=values[1],
            days=values[2],
            months=values[3],
            weekdays=weekdays,
            day_restricted=not parts[2].startswith("*"),
            weekday_restricted=not parts[4].startswith("*"),
        )

    def matches_day(self, day: date) -> bool:
        """Whether the expression fires on ``day`` (month, day of month and weekday rules)."""
        if day.month not in self.months:
            return False
        in_days = day.day in self.days
        in_weekdays = day.isoweekday() % 7 in self.weekdays
        if self.day_restricted and self.weekday_restricted:
            return in_days or in_weekdays  # Vixie cron's rule: either one suffices
        return in_days and in_weekdays

    def matches(self, moment: datetime) -> bool:
        """Whether the wall-clock minute of ``moment`` (in its own zone) matches."""
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and self.matches_day(moment.date())
        )

    def next_after(self, after: datetime, tz: tzinfo = timezone.utc) -> datetime:
        """The first firing time strictly after ``after`` (timezone-aware), in ``tz``.

        Raises :class:`CronError` when the expression never matches (such as ``0 0 30 2 *``).
        """
        if after.tzinfo is None:
            raise ValueError("next_after needs a timezone-aware datetime")
        local = after.astimezone(tz).replace(tzinfo=None, fold=0)
        candidate = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = candidate + timedelta(days=366 * SEARCH_YEARS)
        while candidate < limit:
            found = self._next_wall_time(candidate, limit)
            if found is None:
                break
            instant = found.replace(tzinfo=tz)
            # A wall time in a DST gap maps past the gap; never return a time not after `after`.
            if instant > after:
                return instant.astimezone(tz)
            candidate = found + timedelta(minutes=1)
        raise CronError(f"cron expression {self.source!r} never matches a date")

    def _next_wall_time(self, start: datetime, limit: datetime) -> datetime | None:
        """The first naive wall-clock minute at or after ``start`` that matches."""
        day = start.date()
        first_minute = start.time()
        while datetime.combine(day, time()) < limit:
            if self.matches_day(day):
                found = self._first_time_on_day(first_minute)
                if found is not None:
                    return datetime.combine(day, found)
            day = _next_candidate_day(day, self.months)
            first_minute = time()
        return None

    def _first_time_on_day(self, not_before: time) -> time | None:
        for hour in sorted(h for h in self.hours if h >= not_before.hour):
            floor = not_before.minute if hour == not_before.hour else 0
            minutes = [m for m in self.minutes if m >= floor]
            if minutes:
                return time(hour, min(minutes))
        return None


def _next_candidate_day(day: date, months: frozenset[int]) -> date:
    """The next day, jumping straight to the next allowed month when this one is excluded."""
    following = day + timedelta(days=1)
    if following.month in months:
        return following
    year, month = following.year, following.month
    for _ in range(12):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if month in months:
            break
    return date(year, month, 1)


def _parse_field(text: str, spec: _Field) -> frozenset[int]:
    values: set[int] = set()
    for term in text.split(","):
        values.update(_parse_term(term, spec))
    return frozenset(values)


def _parse_term(term: str, spec: _Field) -> range:
    match = _TERM.match(term)
    if not match:
        raise CronError(f"cron {spec.name} field: cannot read {term!r}")
    step = int(match["step"]) if match["step"] else 1
    if step < 1:
        raise CronError(f"cron {spec.name} field: step must be at least 1 in {term!r}")
    part = match["range"]
    if part == "*":
        low, high = spec.low, spec.high
    elif "-" in part:
        first, last = part.split("-", 1)
        low, high = _value(first, spec), _value(last, spec)
        if low > high:
            raise CronError(f"cron {spec.name} field: range {term!r} runs backwards")
    else:
        low = _value(part, spec)
        # "a/n" means "from a to the end, every n" (as in Vixie cron).
        high = spec.high if match["step"] else low
    return range(low, high + 1, step)


def _value(text: str, spec: _Field) -> int:
    if text.isdigit():
        value = int(text)
    elif text in spec.names:
        value = spec.names.index(text) + spec.names_start
    else:
        raise CronError(f"cron {spec.name} field: {text!r} is not a number or a known name")
    if not spec.low <= value <= spec.high:
        raise CronError(
            f"cron {spec.name} field: {value} is outside {spec.low}-{spec.high}"
        )
    return value
