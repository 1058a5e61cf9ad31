"""``newscrawl extract``: a saved page is printed as JSON; unreadable sources exit with 2."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from newscrawl.extract import command

STORY = "<p>" + "The quarterly figures beat every estimate by a wide margin. " * 5 + "</p>"


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_saved_page_is_printed_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "story.html"
    page.write_text(f"<html><body>{STORY}</body></html>", encoding="utf-8")
    assert command.run(_args(str(page), "--url", "https://news.example.com/a")) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fetched_url"] == "https://news.example.com/a"
    assert "beat every estimate" in data["body"]


def test_malformed_url_exits_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(_args("http://[broken/story")) == 2
    assert "cannot read" in capsys.readouterr().err


def test_missing_file_exits_with_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert command.run(_args(str(tmp_path / "missing.html"))) == 2
    assert "cannot read" in capsys.readouterr().err
