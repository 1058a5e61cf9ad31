"""Durations, interval and cron triggers, and the failure backoff."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.schedule.cron import CronExpression
from newscrawl.schedule.timing import (
    CronTrigger,
    DurationError,
    IntervalTrigger,
    backoff_delay,
    format_duration,
    parse_duration,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("2d", 172800),
     ("1.5h", 5400), (" 10 m ", 600), ("45", 45), (30, 30), (0.5, 0.5), ("1H", 3600)],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15x", "m", "1h 2", "-5m", "0", "0s", "abc", True, None, []])
def test_parse_duration_rejects(text):
    with pytest.raises(DurationError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"), [(5400, "1h30m"), (45, "45s"), (0.25, "0.2s"), (86400, "1d"), (0, "0s")]
)
def test_format_duration(seconds, text):
    assert format_duration(timedelta(seconds=seconds)) == text


def test_interval_first_run_at_start_or_one_interval_later():
    assert IntervalTrigger(15 * MIN).first_due(T0) == T0
    assert IntervalTrigger(15 * MIN, run_at_start=False).first_due(T0) == T0 + 15 * MIN


def test_interval_next_due_on_time():
    trigger = IntervalTrigger(15 * MIN)
    assert trigger.next_due(T0, T0 + 3 * MIN) == T0 + 15 * MIN


def test_interval_next_due_skips_passed_slots_and_keeps_the_grid():
    trigger = IntervalTrigger(15 * MIN)
    # The crawl due at T0 ran for 40 minutes: the 15 and 30 slots passed, 45 is next.
    assert trigger.next_due(T0, T0 + 40 * MIN) == T0 + 45 * MIN


def test_interval_slot_exactly_now_is_due_now():
    trigger = IntervalTrigger(15 * MIN)
    assert trigger.next_due(T0, T0 + 30 * MIN) == T0 + 30 * MIN


def test_cron_first_due_counts_an_exact_match_now():
    trigger = CronTrigger(CronExpression.parse("*/15 * * * *"))
    assert trigger.first_due(T0) == T0
    assert trigger.first_due(T0 + timedelta(seconds=20)) == T0 + 15 * MIN


def test_cron_next_due_skips_passed_times():
    trigger = CronTrigger(CronExpression.parse("*/15 * * * *"))
    assert trigger.next_due(T0, T0 + MIN) == T0 + 15 * MIN
    assert trigger.next_due(T0, T0 + 40 * MIN) == T0 + 45 * MIN
    assert trigger.next_due(T0, T0 + 45 * MIN) == T0 + 45 * MIN


def test_describe():
    assert IntervalTrigger(90 * MIN).describe() == "every 1h30m"
    assert CronTrigger(CronExpression.parse("@hourly")).describe() == "cron '@hourly'"


def test_backoff_starts_after_the_threshold_and_doubles_up_to_the_cap():
    def delay(failures: int) -> timedelta:
        return backoff_delay(failures, after=3, base=10 * MIN, maximum=60 * MIN)

    assert [delay(n) for n in range(0, 3)] == [timedelta(0)] * 3
    assert [delay(n) for n in range(3, 8)] == [10 * MIN, 20 * MIN, 40 * MIN, 60 * MIN, 60 * MIN]
    assert delay(10_000) == 60 * MIN  # no overflow
