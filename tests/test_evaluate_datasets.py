"""Dataset loaders on tiny hand-made sets in a temporary folder (never the shared data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.evaluate import datasets
from newscrawl.evaluate.datasets import DatasetError, LabelledPage


def _write_naeb(root: Path, entries: list[dict[str, object]], files: list[str]) -> Path:
    folder = root / "naeb"
    (folder / "html").mkdir(parents=True)
    (folder / "news_articles.json").write_text(json.dumps(entries), encoding="utf-8")
    for name in files:
        (folder / "html" / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    return folder


def _naeb_entry(number: int, **overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": str(number),
        "link": f"https://example.org/{number}",
        "site": "https://example.org",
        "title": f"Title {number}",
        "date": "2023-12-01",
        "authors": "Ann Lee, Bo Chen",
        "text": "Some body text here.",
        "html_file": f"page{number}",
    }
    entry.update(overrides)
    return entry


def test_naeb_pages_carry_their_labels(tmp_path: Path) -> None:
    folder = _write_naeb(tmp_path, [_naeb_entry(1)], ["page1"])
    page_set = datasets.load_naeb(folder)
    assert page_set.pages == [
        LabelledPage(
            set_name="naeb",
            page_id="1",
            url="https://example.org/1",
            html_path=folder / "html" / "page1.html",
            text="Some body text here.",
            title="Title 1",
            date="2023-12-01",
            authors=("Ann Lee, Bo Chen",),
        )
    ]


def test_naeb_missing_html_is_counted_not_fatal(tmp_path: Path) -> None:
    folder = _write_naeb(tmp_path, [_naeb_entry(1), _naeb_entry(2)], ["page2"])
    page_set = datasets.load_naeb(folder)
    assert [page.page_id for page in page_set.pages] == ["2"]
    assert page_set.missing_html == 1


def test_naeb_malformed_entry_is_counted_not_fatal(tmp_path: Path) -> None:
    broken = _naeb_entry(1)
    del broken["link"]
    folder = _write_naeb(tmp_path, [broken, _naeb_entry(2, title=["not", "a string"])], ["page1"])
    page_set = datasets.load_naeb(folder)
    assert page_set.pages == []
    assert page_set.malformed == 2


def test_naeb_blank_labels_mean_no_label(tmp_path: Path) -> None:
    folder = _write_naeb(tmp_path, [_naeb_entry(1, authors=" ", date=None)], ["page1"])
    page = datasets.load_naeb(folder).pages[0]
    assert page.authors == ()
    assert page.date is None


def _write_trafilatura(root: Path, entries: dict[str, object]) -> Path:
    folder = root / "trafilatura-dev"
    (folder / "html").mkdir(parents=True)
    (folder / "evaldata.json").write_text(json.dumps(entries), encoding="utf-8")
    (folder / "html" / "a.html").write_text("<html></html>", encoding="utf-8")
    return folder


def test_trafilatura_pages_carry_snippets_and_labels(tmp_path: Path) -> None:
    folder = _write_trafilatura(
        tmp_path,
        {
            "https://blog.example/a": {
                "file": "a.html",
                "with": ["kept"],
                "without": ["dropped", ""],
                "title": "A",
                "date": "2020-01-02",
                "author": ["Ann", "Bo"],
                "comments": ["nice post"],
            }
        },
    )
    page = datasets.load_trafilatura_dev(folder).pages[0]
    assert page.url == "https://blog.example/a"
    assert page.text is None
    assert page.must_contain == ("kept",)
    assert page.must_not_contain == ("dropped",)
    assert (page.title, page.date, page.authors) == ("A", "2020-01-02", ("Ann", "Bo"))
    assert page.comments == ("nice post",)


def test_trafilatura_optional_labels_default_to_none(tmp_path: Path) -> None:
    folder = _write_trafilatura(
        tmp_path,
        {
            "https://blog.example/a": {"file": "a.html", "with": ["x"], "without": []},
            "https://blog.example/b": {"file": "missing.html", "with": ["x"], "without": []},
        },
    )
    page_set = datasets.load_trafilatura_dev(folder)
    page = page_set.pages[0]
    assert (page.title, page.date, page.authors, page.comments) == (None, None, (), ())
    assert page_set.missing_html == 1


def test_absent_index_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not found"):
        datasets.load_naeb(tmp_path / "naeb")


def test_unknown_set_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown set"):
        datasets.load_sets(tmp_path, ["nope"])


def test_default_dataset_dir_honours_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_DATASETS", str(tmp_path))
    assert datasets.default_dataset_dir() == tmp_path


def _pages(count: int) -> list[LabelledPage]:
    return [LabelledPage("s", str(i), f"u{i}", Path(f"p{i}")) for i in range(count)]


def test_select_every_kth_page() -> None:
    chosen = datasets.select_pages(_pages(10), stride=3)
    assert [page.page_id for page in chosen] == ["0", "3", "6", "9"]


def test_select_evenly_spaced_sample() -> None:
    chosen = datasets.select_pages(_pages(10), sample=4)
    assert [page.page_id for page in chosen] == ["0", "2", "5", "7"]


def test_select_first_pages() -> None:
    assert [p.page_id for p in datasets.select_pages(_pages(10), limit=2)] == ["0", "1"]
    assert len(datasets.select_pages(_pages(3), sample=10)) == 3
