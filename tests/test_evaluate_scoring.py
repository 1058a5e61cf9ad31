"""Per-page scoring, summaries, runners (timing, crashes), report formatting and floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.evaluate import floors as floors_module
from newscrawl.evaluate import report, runners, scoring
from newscrawl.evaluate.datasets import LabelledPage
from newscrawl.evaluate.runners import ALL_FIELDS, Prediction, System

NAEB_PAGE = LabelledPage(
    set_name="naeb",
    page_id="1",
    url="https://example.org/1",
    html_path=Path("unused.html"),
    text="one two three four five",
    title="A Title",
    date="2023-12-01",
    authors=("Ann Lee, Bo Chen",),
)
SNIPPET_PAGE = LabelledPage(
    set_name="trafilatura-dev",
    page_id="a.html",
    url="https://blog.example/a",
    html_path=Path("unused.html"),
    must_contain=("kept text", "also kept"),
    must_not_contain=("menu",),
    comments=("nice post", "thanks"),
)


def test_a_perfect_naeb_prediction_scores_everything() -> None:
    prediction = Prediction(
        body="one two three four five",
        title="a title",
        published_day="2023-12-01",
        authors=("Bo Chen", "Ann Lee"),
    )
    outcome = scoring.score_page(NAEB_PAGE, prediction, ALL_FIELDS)
    assert outcome.body_f1 == 1.0
    assert (outcome.title_ok, outcome.date_ok, outcome.authors_ok) == (True, True, True)
    assert outcome.snippets is None
    assert outcome.comments_found is None


def test_fields_a_system_lacks_are_not_scored() -> None:
    outcome = scoring.score_page(
        NAEB_PAGE, Prediction(title="A Title"), frozenset({"body", "title"})
    )
    assert outcome.title_ok is True
    assert outcome.date_ok is None
    assert outcome.authors_ok is None


def test_snippet_page_scores_snippets_and_comments() -> None:
    prediction = Prediction(body="kept text. menu. thanks", comments=("Nice post!",))
    outcome = scoring.score_page(SNIPPET_PAGE, prediction, ALL_FIELDS)
    assert outcome.snippets == scoring.metrics.SnippetCounts(tp=1, fp=1, fn=1)
    assert outcome.body_f1 is None
    assert outcome.comments_found == 0  # case kept: "Nice post!" does not contain "nice post"
    assert outcome.comments_leaked is True


def test_summary_of_two_pages() -> None:
    good = scoring.score_page(
        NAEB_PAGE, Prediction(body="one two three four five", title="A Title"), ALL_FIELDS
    )
    crashed = scoring.score_page(NAEB_PAGE, Prediction(error="Boom: x", seconds=0.004), ALL_FIELDS)
    summary = scoring.summarise("sys", "naeb", [good, crashed])
    assert summary.pages == 2
    assert summary.errors == 1
    assert summary.body is not None
    assert summary.body.precision == 1.0  # only the page with a prediction
    assert summary.body.recall == 0.5
    assert summary.title == 0.5
    assert summary.date == 0.0
    assert summary.ms_median == pytest.approx(2.0)
    assert summary.labelled == {"body": 2, "title": 2, "date": 2, "authors": 2, "comments": 0}


def test_summary_comment_recall_and_leak() -> None:
    outcome = scoring.score_page(
        SNIPPET_PAGE, Prediction(body="kept text", comments=("nice post",)), ALL_FIELDS
    )
    summary = scoring.summarise("sys", "trafilatura-dev", [outcome])
    assert summary.comment_recall == 0.5
    assert summary.comment_leak == 0.0
    assert summary.body is None
    assert summary.snippets is not None
    assert summary.snippets.recall == 0.5


def test_worst_pages_lists_crashes_first_then_lowest_f1() -> None:
    half = scoring.score_page(NAEB_PAGE, Prediction(body="one two three four"), ALL_FIELDS)
    perfect = scoring.score_page(NAEB_PAGE, Prediction(body="one two three four five"), ALL_FIELDS)
    crash = scoring.score_page(NAEB_PAGE, Prediction(error="Boom"), ALL_FIELDS)
    empty = scoring.score_page(NAEB_PAGE, Prediction(), ALL_FIELDS)
    worst = scoring.worst_pages([half, perfect, crash, empty], "body")
    assert worst == [crash, empty, half]


def test_worst_pages_refuses_an_unknown_field() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        scoring.worst_pages([], "colour")


def _system(call: object) -> System:
    return System("fake", call, lambda raw: Prediction(body=str(raw)))  # type: ignore[arg-type]


def test_run_system_counts_a_crash_as_an_empty_prediction(tmp_path: Path) -> None:
    html = tmp_path / "p.html"
    html.write_bytes(b"<p>hi</p>")
    page = LabelledPage("naeb", "1", "https://example.org/", html, text="hi")

    def explode(html: bytes, url: str) -> str:
        raise RuntimeError("bad page")

    run = runners.run_system(_system(explode), [page])
    assert run.predictions[0].body == ""
    assert run.predictions[0].error == "RuntimeError: bad page"


def test_run_system_passes_bytes_and_url(tmp_path: Path) -> None:
    html = tmp_path / "p.html"
    html.write_bytes(b"<p>hi</p>")
    page = LabelledPage("naeb", "1", "https://example.org/", html, text="hi")
    run = runners.run_system(_system(lambda data, url: f"{data!r} {url}"), [page])
    assert run.predictions[0].body == "b'<p>hi</p>' https://example.org/"
    assert run.predictions[0].error is None
    assert run.predictions[0].seconds >= 0


def test_run_system_counts_an_unreadable_file(tmp_path: Path) -> None:
    page = LabelledPage("naeb", "1", "https://example.org/", tmp_path / "absent.html")
    run = runners.run_system(_system(lambda data, url: "x"), [page])
    assert run.unreadable == 1
    assert run.predictions[0].error is not None


def test_run_systems_interleaves_the_systems_page_by_page(tmp_path: Path) -> None:
    pages = []
    for number in range(3):
        html = tmp_path / f"{number}.html"
        html.write_bytes(f"<p>{number}</p>".encode())
        pages.append(LabelledPage("naeb", str(number), f"https://example.org/{number}", html))
    calls: list[tuple[str, str]] = []

    def system(name: str) -> System:
        def call(data: bytes, url: str) -> str:
            calls.append((name, url[-1]))
            return f"{name} {data.decode()}"

        return System(name, call, lambda raw: Prediction(body=raw))

    runs = runners.run_systems([system("a"), system("b")], pages)

    timed = calls[2:]  # after one untimed warm-up call per system
    assert timed == [("a", "0"), ("b", "0"), ("b", "1"), ("a", "1"), ("a", "2"), ("b", "2")]
    assert [p.body for p in runs[0].predictions] == ["a <p>0</p>", "a <p>1</p>", "a <p>2</p>"]
    assert [p.body for p in runs[1].predictions] == ["b <p>0</p>", "b <p>1</p>", "b <p>2</p>"]


def test_html_to_text_puts_blocks_on_their_own_lines() -> None:
    fragment = "<div><h2>Head</h2><p>One <b>bold</b> word.</p><script>x()</script><p>Two</p></div>"
    assert runners.html_to_text(fragment) == "Head\nOne bold word.\nTwo"
    assert runners.html_to_text("") == ""


def test_unknown_peer_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown peer"):
        runners.build_systems(["newspaper"])


def test_markdown_table_has_a_row_per_system_and_na_cells() -> None:
    outcome = scoring.score_page(NAEB_PAGE, Prediction(body="one two three four five"), ALL_FIELDS)
    ours = scoring.summarise("newscrawl", "naeb", [outcome])
    peer_outcome = scoring.score_page(NAEB_PAGE, Prediction(), frozenset({"body", "title"}))
    peer = scoring.summarise("peer", "naeb", [peer_outcome])
    lines = report.markdown_table([ours, peer]).splitlines()
    assert lines[0].startswith("| System | Body P | Body R | Body F1 | Title | Date | Authors |")
    assert "Comment" not in lines[0]  # no comment labels on this set
    assert lines[2].startswith("| newscrawl | 1.000 | 1.000 | 1.000 | 0.000 | 0.000 | 0.000 |")
    assert lines[3].startswith("| peer | n/a | 0.000 | 0.000 | 0.000 | n/a | n/a |")


def test_floors_report_values_below_floor_and_unmeasured() -> None:
    outcome = scoring.score_page(NAEB_PAGE, Prediction(body="one two three four five"), ALL_FIELDS)
    summary = scoring.summarise("newscrawl", "naeb", [outcome])
    floors = floors_module.parse_floors(
        {"floors": {"naeb": {"body_f1": 0.9, "title": 0.5, "snippet_f1": 0.1}}}
    )
    assert floors_module.violations(summary, floors) == [
        "naeb title = 0.000 < floor 0.500",
        "naeb snippet_f1 = n/a < floor 0.100",
    ]


def test_ceilings_report_values_above() -> None:
    summary = scoring.summarise("newscrawl", "naeb", [])
    summary.errors = 3
    floors = floors_module.parse_floors({"ceilings": {"naeb": {"crashes": 0}}})
    assert floors_module.violations(summary, floors) == ["naeb crashes = 3.000 > ceiling 0.000"]


def test_floors_refuse_unknown_metrics_and_bad_stride() -> None:
    with pytest.raises(floors_module.FloorsError, match="unknown metric"):
        floors_module.parse_floors({"floors": {"naeb": {"beauty": 1}}})
    with pytest.raises(floors_module.FloorsError, match="stride"):
        floors_module.parse_floors({"gate": {"stride": 0}})


def test_the_shipped_floors_file_is_valid() -> None:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "floors.toml"
    assert floors_module.load_floors(path).stride >= 1


def test_decode_html_prefers_utf8_then_the_declared_charset() -> None:
    assert runners.decode_html("ü".encode()) == "ü"
    assert runners.decode_html(b'<meta charset="iso-8859-2">\xb1').endswith("ą")
    assert runners.decode_html("é".encode("cp1252")) == "é"
    assert runners.decode_html(b'<meta charset="no-such-codec">\xe9').endswith("é")


PEER_PAGE = (
    b"<html><head><title>Peer test | Site</title></head><body><nav>Home News</nav>"
    b"<article><h1>Peer test</h1>"
    + b"".join(
        b"<p>Paragraph %d of a long enough story that extractors keep as the main text.</p>" % i
        for i in range(8)
    )
    + b"</article></body></html>"
)


def test_trafilatura_adapter_returns_body_and_title() -> None:
    pytest.importorskip("trafilatura")
    system = runners.trafilatura_system()
    prediction = system.convert(system.call(PEER_PAGE, "https://example.org/story"))
    assert "Paragraph 7 of a long enough story" in prediction.body
    assert prediction.title is not None
    assert "Peer test" in prediction.title


def test_readability_adapter_returns_body_and_title() -> None:
    pytest.importorskip("readability")
    system = runners.readability_system()
    prediction = system.convert(system.call(PEER_PAGE, "https://example.org/story"))
    assert "Paragraph 7 of a long enough story" in prediction.body
    assert system.fields == frozenset({"body", "title"})


def test_page_body_score_uses_f1_or_snippet_share() -> None:
    full = scoring.score_page(NAEB_PAGE, Prediction(body="one two three four"), ALL_FIELDS)
    assert scoring.page_body_score(full) == pytest.approx(full.body_f1)
    # snippets: 1 of 2 kept found, 1 of 1 unwanted found -> (1 - 1) / 3
    partial = scoring.score_page(SNIPPET_PAGE, Prediction(body="kept text menu"), ALL_FIELDS)
    assert scoring.page_body_score(partial) == 0.0
    both = scoring.score_page(SNIPPET_PAGE, Prediction(body="kept text also kept"), ALL_FIELDS)
    assert scoring.page_body_score(both) == pytest.approx(2 / 3)


def test_body_losses_list_pages_where_the_peer_did_better_biggest_gap_first() -> None:
    pages = [NAEB_PAGE, SNIPPET_PAGE, NAEB_PAGE]
    ours = [
        scoring.score_page(pages[0], Prediction(body="one two three four"), ALL_FIELDS),
        scoring.score_page(pages[1], Prediction(body="menu"), ALL_FIELDS),
        scoring.score_page(pages[2], Prediction(body="one two three four five"), ALL_FIELDS),
    ]
    theirs = [
        scoring.score_page(pages[0], Prediction(body="one two three four five"), ALL_FIELDS),
        scoring.score_page(pages[1], Prediction(body="kept text also kept"), ALL_FIELDS),
        scoring.score_page(pages[2], Prediction(body=""), ALL_FIELDS),
    ]
    losses = scoring.body_losses(ours, theirs)
    assert [loss.ours for loss in losses] == [ours[1], ours[0]]  # gaps 1.0 and 1 - 2/3
    assert losses[0].our_score == pytest.approx(-1 / 3)
    assert losses[0].their_score == pytest.approx(2 / 3)


def _title_failure(number: int, error: str | None = None) -> scoring.PageOutcome:
    page = LabelledPage("naeb", str(number), f"https://a.example/{number}", Path(f"{number}.html"))
    return scoring.PageOutcome(page, Prediction(title="Wrong", error=error), title_ok=False)


def test_failure_listing_shows_each_page_its_crash_and_how_many_more() -> None:
    outcomes = [_title_failure(1, error="Boom"), _title_failure(2), _title_failure(3)]
    assert report.failure_listing("naeb", "title", outcomes, limit=2).splitlines() == [
        "#### naeb: worst pages for title (3 failing)",
        "- https://a.example/1  [1.html]",
        "    CRASH: Boom",
        "    expected: None",
        "    got:      'Wrong'",
        "- https://a.example/2  [2.html]",
        "    expected: None",
        "    got:      'Wrong'",
        "... 1 more",
    ]


def test_losses_listing_puts_both_scores_first() -> None:
    ours = _title_failure(1)
    loss = scoring.BodyLoss(ours, ours, 0.25, 0.75)
    assert report.losses_listing("naeb", "newscrawl", "peer", [loss], limit=5).splitlines() == [
        "#### naeb: body worse than peer on 1 page(s)",
        "- https://a.example/1  [1.html]",
        "    newscrawl 0.250 vs peer 0.750",
    ]
