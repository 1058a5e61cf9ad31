"""The revisit policy and page-state transitions (pure functions; the clock is passed in)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.revisit import (
    DEFAULT_LADDER,
    PageState,
    RevisitPolicy,
    page_hash,
    parse_ladder,
    record_fetch,
)
from tests.dbhelpers import T0, article, comment

H = timedelta(hours=1)
URL = "https://news.example/a"


def fetch(previous: PageState | None, at: datetime, **fields) -> PageState:
    values = {"status": 200, "content_hash": "h1", "published_at": T0, **fields}
    return record_fetch(previous, url=URL, site="news.example", fetched_at=at, **values)


def test_default_ladder_is_1h_6h_24h_7d() -> None:
    assert (H, 6 * H, 24 * H, timedelta(days=7)) == DEFAULT_LADDER


def test_checks_follow_the_ladder_after_publication() -> None:
    state = fetch(None, T0 + timedelta(minutes=5))
    due = []
    while state.next_check_at is not None:
        due.append(state.next_check_at - T0)
        state = fetch(state, state.next_check_at)  # the clock moves to each check

    assert due == [H, 6 * H, 24 * H, timedelta(days=7)]


def test_missed_checks_collapse_into_one() -> None:
    state = fetch(None, T0 + timedelta(minutes=5))

    later = fetch(state, T0 + 30 * H)  # the crawler was down for a day

    assert later.next_check_at == T0 + timedelta(days=7)


def test_archive_article_is_never_revisited() -> None:
    state = fetch(None, T0 + timedelta(days=400))

    assert state.next_check_at is None


def test_without_publication_date_the_first_fetch_counts() -> None:
    state = fetch(None, T0, published_at=None)

    assert state.next_check_at == T0 + H


def test_an_edit_restarts_the_ladder() -> None:
    state = fetch(None, T0 + timedelta(minutes=5))
    state = fetch(state, T0 + 30 * H)
    assert state.next_check_at == T0 + timedelta(days=7)

    edited = fetch(state, T0 + timedelta(days=7), content_hash="h2")

    assert edited.last_changed_at == T0 + timedelta(days=7)
    assert edited.next_check_at == T0 + timedelta(days=7) + H


def test_not_modified_keeps_hash_and_validators() -> None:
    first = fetch(None, T0, etag='"v1"', last_modified="Sun, 01 Mar 2026 12:00:00 GMT")

    second = record_fetch(
        first, url=URL, site="news.example", fetched_at=T0 + H, status=304, policy=RevisitPolicy()
    )

    assert (second.content_hash, second.last_changed_at) == ("h1", T0)
    assert second.conditional_headers() == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": "Sun, 01 Mar 2026 12:00:00 GMT",
    }
    assert (second.last_status, second.last_fetched_at, second.first_fetched_at) == (
        304,
        T0 + H,
        T0,
    )


def test_same_hash_is_no_change() -> None:
    first = fetch(None, T0)

    second = fetch(first, T0 + 2 * H)

    assert second.last_changed_at == T0
    assert second.next_check_at == T0 + 6 * H


def test_gone_pages_are_not_revisited() -> None:
    state = fetch(fetch(None, T0), T0 + H, status=404, content_hash=None)

    assert state.next_check_at is None and state.content_hash == "h1"


def test_sitemap_lastmod_tells_whether_to_fetch() -> None:
    state = fetch(None, T0)

    assert not state.changed_since_fetch(T0 - H)
    assert state.changed_since_fetch(T0 + H)
    assert state.changed_since_fetch(None)
    assert PageState(url=URL, site="s").changed_since_fetch(T0)


def test_is_due_compares_with_the_clock() -> None:
    state = fetch(None, T0)

    assert not state.is_due(T0 + 30 * timedelta(minutes=1))
    assert state.is_due(T0 + H)


def test_times_are_utc_whatever_the_offset() -> None:
    local = T0.astimezone(timezone(timedelta(hours=-5)))

    state = fetch(None, local, published_at=local)

    assert state.next_check_at == T0 + H
    assert state.next_check_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("1h,6h,24h,7d", DEFAULT_LADDER),
        ("30m, 2h", (timedelta(minutes=30), 2 * H)),
        (["90s", 3600], (timedelta(seconds=90), H)),
        ("", ()),
    ],
)
def test_ladder_settings_parse(setting, expected) -> None:
    assert parse_ladder(setting) == expected
    assert RevisitPolicy.from_setting(setting).ladder == expected


def test_a_custom_ladder_is_used() -> None:
    policy = RevisitPolicy.from_setting("2h,3d")

    state = record_fetch(
        None, url=URL, site="s", fetched_at=T0, status=200, published_at=T0, policy=policy
    )

    assert state.next_check_at == T0 + 2 * H


def test_an_empty_ladder_never_revisits() -> None:
    assert (
        RevisitPolicy(()).next_check_at(
            published_at=T0, first_fetched_at=T0, last_changed_at=T0, last_fetched_at=T0
        )
        is None
    )


@pytest.mark.parametrize("bad", ["6h,1h", "0h", "soon", "5 parsecs"])
def test_bad_ladders_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        RevisitPolicy.from_setting(bad)


def test_page_hash_covers_comments_but_not_whitespace() -> None:
    base = article("a", comments=[comment("Hi", "1")])

    assert page_hash(base) == page_hash(
        article("a", comments=[comment("Hi", "1")], body=base.body + "  ")
    )
    assert page_hash(base) != page_hash(
        article("a", comments=[comment("Hi", "1"), comment("Yo", "2")])
    )
    assert page_hash(base) != page_hash(
        article("a", comments=[comment("Hi", "1")], body="New text.")
    )
