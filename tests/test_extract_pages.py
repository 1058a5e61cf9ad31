"""Every saved page under fixtures/pages/ against its hand-written expected JSON, plus the
invariants every extraction must satisfy (aware dates not after the fetch time, a body, no
comment text in the body)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newscrawl.extract import extract_article
from newscrawl.items import Article

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
FETCHED = datetime(2026, 1, 1, tzinfo=timezone.utc)
HTML_FILES = sorted(PAGES.rglob("*.html"))


def _expected_path(html: Path) -> Path:
    return html.with_name(html.name[: -len(".html")] + ".expected.json")


def _load(html: Path) -> tuple[dict, Article]:
    expected_path = _expected_path(html)
    expected = json.loads(expected_path.read_text("utf-8")) if expected_path.exists() else {}
    url = expected.get("fetched_url") or f"https://{html.parent.name}.example.com/{html.stem}/"
    return expected, extract_article(html.read_bytes(), url, now=FETCHED)


def _page_id(path: Path) -> str:
    return str(path.relative_to(PAGES))


def test_fixture_pages_exist() -> None:
    assert len(HTML_FILES) >= 9
    assert all(_expected_path(p).exists() for p in HTML_FILES if p.parent.name != "comments")


@pytest.mark.parametrize("html", HTML_FILES, ids=_page_id)
def test_page_matches_expected_json(html: Path) -> None:
    expected, article = _load(html)
    actual = article.to_json_dict()
    for key, value in expected.items():
        assert actual[key] == value, f"{key} differs"


@pytest.mark.parametrize("html", HTML_FILES, ids=_page_id)
def test_dates_are_aware_and_not_after_fetch_time(html: Path) -> None:
    _, article = _load(html)
    for value in (article.published_at, article.updated_at):
        if value is not None:
            assert value.tzinfo is not None and value.utcoffset() is not None
            assert value <= FETCHED
    if article.published_at and article.updated_at:
        assert article.updated_at >= article.published_at


@pytest.mark.parametrize("html", HTML_FILES, ids=_page_id)
def test_body_is_not_empty(html: Path) -> None:
    _, article = _load(html)
    assert article.body.strip()
    assert article.title


@pytest.mark.parametrize("html", HTML_FILES, ids=_page_id)
def test_no_comment_text_in_body(html: Path) -> None:
    _, article = _load(html)
    for comment in article.comments:
        for line in comment.body.splitlines():
            if len(line) >= 20:
                assert line not in article.body
    for furniture in ("Leave a Comment", "Leave a Reply", "Post Comment", "Pingback"):
        assert furniture not in article.body
