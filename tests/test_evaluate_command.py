"""``newscrawl evaluate`` / ``python -m benchmarks.extraction`` end to end on a tiny hand-made set.

newscrawl's extractor is replaced by a fake one here so the test pins the command's behaviour
(table, failures, crash listing, JSON, floors, exit codes), not the extractor's quality.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from benchmarks.extraction import main
from newscrawl.evaluate import runners
from newscrawl.items import Article, Comment

PAGE = "<html><head><title>{title}</title></head><body><p>{body}</p></body></html>"


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    naeb = tmp_path / "naeb"
    (naeb / "html").mkdir(parents=True)
    entries = []
    for number, title in enumerate(["First story", "Second story", "Crashing story"]):
        body = f"Body of story number {number} has several words in it."
        entries.append(
            {
                "id": str(number),
                "link": f"https://news.example/{number}",
                "site": "https://news.example",
                "title": title,
                "date": "2023-12-01",
                "authors": "Ann Lee",
                "text": body,
                "html_file": f"p{number}",
            }
        )
        (naeb / "html" / f"p{number}.html").write_text(
            PAGE.format(title=title, body=body), encoding="utf-8"
        )
    (naeb / "news_articles.json").write_text(json.dumps(entries), encoding="utf-8")
    dev = tmp_path / "trafilatura-dev"
    (dev / "html").mkdir(parents=True)
    (dev / "html" / "a.html").write_text(PAGE.format(title="Blog", body="kept words"), "utf-8")
    evaldata = {
        "https://blog.example/a": {
            "file": "a.html",
            "with": ["kept words"],
            "without": ["menu"],
            "comments": ["great post"],
        }
    }
    (dev / "evaldata.json").write_text(json.dumps(evaldata), encoding="utf-8")
    return tmp_path


def _fake_extract(html: bytes, url: str) -> Article:
    """A stand-in extractor: right on page 0, wrong title on page 1, crashes on page 2."""
    if url.endswith("/2"):
        raise RuntimeError("parser exploded")
    text = html.decode()
    title = text.split("<title>")[1].split("</title>")[0]
    body = text.split("<p>")[1].split("</p>")[0]
    return Article(
        url=url,
        fetched_url=url,
        site="example",
        title="Wrong" if url.endswith("/1") else title,
        body=body,
        authors=["Ann Lee"],
        # late evening at UTC-5 is already the next day in UTC: the page's own day must count
        published_at=datetime(2023, 12, 1, 22, 30, tzinfo=timezone(timedelta(hours=-5))),
        comments=[Comment(body="A great post indeed")],
    )


@pytest.fixture(autouse=True)
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        runners,
        "newscrawl_system",
        lambda: runners.System(runners.NEWSCRAWL, _fake_extract, runners._from_article),
    )


def test_prints_a_table_per_set(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(dataset_dir), "--no-peers"]) == 0
    out = capsys.readouterr().out
    assert "### naeb: 3 pages" in out
    assert "### trafilatura-dev: 1 pages" in out
    naeb_row = next(line for line in out.splitlines() if line.startswith("| newscrawl | "))
    # body: pages 0 and 1 perfect, page 2 crashed -> P 1, R 2/3; title 1/3; date 2/3; authors 2/3
    assert naeb_row.startswith("| newscrawl | 1.000 | 0.667 | 0.800 | 0.333 | 0.667 | 0.667 |")


def test_lists_crashes(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(dataset_dir), "--no-peers"])
    out = capsys.readouterr().out
    assert "newscrawl crashed on 1 page(s)" in out
    assert "https://news.example/2 [p2.html]: RuntimeError: parser exploded" in out


def test_lists_failures_of_one_field(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(dataset_dir), "--no-peers", "--failures", "title"])
    out = capsys.readouterr().out
    assert "naeb: worst pages for title (2 failing)" in out
    assert "expected: 'Second story'" in out
    assert "got:      'Wrong'" in out


def test_writes_json(dataset_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert (
        main([str(dataset_dir), "--no-peers", "--set", "trafilatura-dev", "--json", str(target)])
        == 0
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    summary = data["sets"][0]["summaries"][0]
    assert summary["snippets"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert summary["comment_recall"] == 1.0
    assert summary["comment_leak"] == 0.0
    assert data["sets"][0]["pages"]["newscrawl"][0]["url"] == "https://blog.example/a"


def test_floors_fail_the_run(dataset_dir: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.toml"
    floors.write_text("[floors.naeb]\ntitle = 0.9\n", encoding="utf-8")
    assert main([str(dataset_dir), "--no-peers", "--floors", str(floors)]) == 1
    floors.write_text("[floors.naeb]\ntitle = 0.3\n", encoding="utf-8")
    assert main([str(dataset_dir), "--no-peers", "--floors", str(floors)]) == 0


def test_absent_dataset_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere"), "--no-peers"]) == 2
    assert "not found" in capsys.readouterr().err


def test_limit_applies_per_set(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(dataset_dir), "--no-peers", "--limit", "1"])
    assert "### naeb: 1 pages" in capsys.readouterr().out


def test_unknown_peer_exits_2(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(dataset_dir), "--peers", "newspaper"]) == 2
    assert "unknown peer(s) newspaper" in capsys.readouterr().err


def test_losses_to_a_peer_that_does_not_run_exits_2(
    dataset_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(dataset_dir), "--no-peers", "--losses-to", "trafilatura"]) == 2
    assert "not a peer that runs" in capsys.readouterr().err


def test_peers_run_side_by_side(dataset_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("trafilatura")
    pytest.importorskip("readability")
    assert main([str(dataset_dir), "--losses-to", "trafilatura"]) == 0
    out = capsys.readouterr().out
    rows = [line.split(" | ")[0] for line in out.splitlines() if line.startswith("| ")]
    # per set: header, newscrawl, trafilatura, readability (the rule line starts with "|-")
    assert rows.count("| trafilatura") == 2
    assert rows.count("| readability") == 2
    assert "body worse than trafilatura" in out
