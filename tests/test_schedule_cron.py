"""The 5-field cron parser and its next-firing-time search."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.schedule.cron import CronError, CronExpression

UTC = timezone.utc


def at(text: str, tz=UTC) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def brute_force_next(expression: CronExpression, after: datetime) -> datetime | None:
    """The reference: test every minute after ``after`` (UTC only), skipping whole days that do
    not match; None when nothing matches within ten years."""
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    limit = moment + timedelta(days=3660)
    while moment < limit:
        if not expression.matches_day(moment.date()):
            moment = datetime.combine(moment.date() + timedelta(days=1), time(), UTC)
            continue
        if expression.matches(moment):
            return moment
        moment += timedelta(minutes=1)
    return None


# --- parsing --------------------------------------------------------------------------------


def test_star_matches_every_value():
    expression = CronExpression.parse("* * * * *")
    assert expression.minutes == frozenset(range(60))
    assert expression.hours == frozenset(range(24))
    assert expression.weekdays == frozenset(range(7))


def test_lists_ranges_and_steps():
    expression = CronExpression.parse("0,30 9-17/2 1-7 */3 *")
    assert expression.minutes == {0, 30}
    assert expression.hours == {9, 11, 13, 15, 17}
    assert expression.days == set(range(1, 8))
    assert expression.months == {1, 4, 7, 10}


def test_single_value_with_step_runs_to_the_end_of_the_range():
    assert CronExpression.parse("5/20 * * * *").minutes == {5, 25, 45}


def test_month_and_day_names_case_insensitive():
    expression = CronExpression.parse("0 0 * Jan-MAR mon-fri")
    assert expression.months == {1, 2, 3}
    assert expression.weekdays == {1, 2, 3, 4, 5}


def test_seven_is_sunday():
    assert CronExpression.parse("0 0 * * 7").weekdays == {0}
    assert CronExpression.parse("0 0 * * 5-7").weekdays == {5, 6, 0}


@pytest.mark.parametrize(
    ("macro", "equivalent"),
    [("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@weekly", "0 0 * * 0"),
     ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"), ("@midnight", "0 0 * * *")],
)
def test_macros(macro, equivalent):
    ours, theirs = CronExpression.parse(macro), CronExpression.parse(equivalent)
    assert (ours.minutes, ours.hours, ours.days, ours.months, ours.weekdays) == (
        theirs.minutes, theirs.hours, theirs.days, theirs.months, theirs.weekdays
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("* * * *", "has 4 fields"),
        ("* * * * * *", "has 6 fields"),
        ("", "has 0 fields"),
        ("60 * * * *", "minute field: 60 is outside 0-59"),
        ("* 24 * * *", "hour field: 24 is outside 0-23"),
        ("* * 0 * *", "day of month field: 0 is outside 1-31"),
        ("* * * 13 *", "month field: 13 is outside 1-12"),
        ("* * * * 8", "day of week field: 8 is outside 0-7"),
        ("5-1 * * * *", "runs backwards"),
        ("*/0 * * * *", "step must be at least 1"),
        ("* * * foo *", "'foo' is not a number or a known name"),
        ("1,,2 * * * *", "cannot read ''"),
        ("@every5m", "has 1 fields"),
    ],
)
def test_bad_expressions_name_the_field(text, message):
    with pytest.raises(CronError, match=message):
        CronExpression.parse(text)


# --- next_after -----------------------------------------------------------------------------


def test_next_after_is_strictly_later():
    expression = CronExpression.parse("*/15 * * * *")
    assert expression.next_after(at("2026-01-01T10:15:00")) == at("2026-01-01T10:30:00")
    assert expression.next_after(at("2026-01-01T10:14:59")) == at("2026-01-01T10:15:00")


def test_next_after_rolls_over_the_year():
    expression = CronExpression.parse("0 0 1 1 *")
    assert expression.next_after(at("2026-06-01T00:00:00")) == at("2027-01-01T00:00:00")


def test_leap_day_only():
    expression = CronExpression.parse("0 12 29 2 *")
    assert expression.next_after(at("2026-03-01T00:00:00")) == at("2028-02-29T12:00:00")


def test_impossible_date_is_an_error():
    expression = CronExpression.parse("0 0 30 2 *")
    with pytest.raises(CronError, match="never matches"):
        expression.next_after(at("2026-01-01T00:00:00"))


def test_day_of_month_or_weekday_when_both_restricted():
    # Vixie cron: the 13th of the month OR any Friday.
    expression = CronExpression.parse("0 0 13 * fri")
    after = at("2026-03-01T00:00:00")  # a Sunday
    assert expression.next_after(after) == at("2026-03-06T00:00:00")  # Friday the 6th
    assert expression.next_after(at("2026-03-12T00:00:00")) == at("2026-03-13T00:00:00")


def test_day_of_month_and_weekday_when_one_is_a_star():
    expression = CronExpression.parse("0 0 */2 * fri")  # starts with '*': both must match
    assert expression.day_restricted is False
    found = expression.next_after(at("2026-03-01T00:00:00"))
    assert found.weekday() == 4  # a Friday
    assert found.day in expression.days


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CronExpression.parse("* * * * *").next_after(datetime(2026, 1, 1))


def test_wall_clock_time_in_another_zone():
    berlin = ZoneInfo("Europe/Berlin")
    expression = CronExpression.parse("0 9 * * *")
    found = expression.next_after(at("2026-01-15T10:00:00"), berlin)  # 11:00 in Berlin
    assert found == at("2026-01-16T09:00:00", berlin)
    assert found.astimezone(UTC) == at("2026-01-16T08:00:00")


def test_time_in_the_spring_forward_gap_fires_after_the_gap():
    berlin = ZoneInfo("Europe/Berlin")  # 2026-03-29 02:00 CET -> 03:00 CEST
    expression = CronExpression.parse("30 2 * * *")
    found = expression.next_after(at("2026-03-29T00:00:00", berlin), berlin)
    assert found.astimezone(UTC) == at("2026-03-29T01:30:00")  # 03:30 CEST
    # and on the next day it is back to 02:30 local
    following = expression.next_after(found, berlin)
    assert following == at("2026-03-30T02:30:00", berlin)


def test_repeated_hour_in_autumn_fires_once():
    berlin = ZoneInfo("Europe/Berlin")  # 2026-10-25 03:00 CEST -> 02:00 CET
    expression = CronExpression.parse("30 2 * * *")
    first = expression.next_after(at("2026-10-25T00:00:00", berlin), berlin)
    assert first.astimezone(UTC) == at("2026-10-25T00:30:00")  # 02:30 CEST
    assert expression.next_after(first, berlin) == at("2026-10-26T02:30:00", berlin)


def test_results_are_monotonic_across_a_dst_change():
    berlin = ZoneInfo("Europe/Berlin")
    expression = CronExpression.parse("*/20 * * * *")
    moment = at("2026-03-28T23:00:00", berlin)
    for _ in range(20):
        following = expression.next_after(moment, berlin)
        assert following > moment
        moment = following


fields = st.tuples(
    st.sampled_from(["*", "*/7", "0", "5,35", "10-20", "45-59/5", "0-59/13"]),
    st.sampled_from(["*", "*/5", "0", "23", "9-17", "1,13"]),
    st.sampled_from(["*", "1", "15", "28-31", "*/10", "31"]),
    st.sampled_from(["*", "2", "feb-apr", "*/4", "12", "jan,jul", "2,4"]),
    st.sampled_from(["*", "0", "mon-fri", "6,0", "*/3", "3"]),
)


@settings(max_examples=60, deadline=None)
@given(
    fields=fields,
    after=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
)
def test_next_after_agrees_with_a_minute_by_minute_search(fields, after):
    expression = CronExpression.parse(" ".join(fields))
    start = after.replace(tzinfo=UTC)
    expected = brute_force_next(expression, start)
    if expected is None:  # such as "* * 31 2 *"
        with pytest.raises(CronError, match="never matches"):
            expression.next_after(start)
    else:
        assert expression.next_after(start) == expected


@pytest.mark.parametrize(
    ("text", "moment", "expected"),
    [
        ("30 9 * * mon-fri", "2026-03-02T09:30:00", True),  # a Monday
        ("30 9 * * mon-fri", "2026-03-01T09:30:00", False),  # a Sunday
        ("30 9 * * mon-fri", "2026-03-02T09:31:00", False),
        ("0 0 1,15 * *", "2026-07-15T00:00:00", True),
        ("0 0 1,15 * *", "2026-07-16T00:00:00", False),
        ("* * * jun *", "2026-06-30T23:59:00", True),
        ("* * * jun *", "2026-07-01T00:00:00", False),
        ("0 12 13 * 5", "2026-03-13T12:00:00", True),  # the 13th (a Friday too)
        ("0 12 13 * 5", "2026-03-20T12:00:00", True),  # a Friday
        ("0 12 13 * 5", "2026-03-19T12:00:00", False),
    ],
)
def test_matches(text, moment, expected):
    assert CronExpression.parse(text).matches(at(moment)) is expected
