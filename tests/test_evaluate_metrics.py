"""The evaluation's scoring rules, on tiny hand-made inputs with numbers worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from newscrawl.evaluate import metrics
from newscrawl.evaluate.metrics import Overlap, SnippetCounts


def test_tokens_are_unicode_word_runs_with_case_kept() -> None:
    assert metrics.tokenize("Hello, wörld! x_y 42 — Ünïcode") == [
        "Hello",
        "wörld",
        "x_y",
        "42",
        "Ünïcode",
    ]
    assert metrics.tokenize(None) == []


def test_shingles_are_overlapping_four_token_windows() -> None:
    assert metrics.shingles("a b c d e") == {"a b c d": 1, "b c d e": 1}


def test_shingles_of_a_short_text_is_one_shingle_of_all_its_tokens() -> None:
    assert metrics.shingles("a b") == {"a b": 1}
    assert metrics.shingles("  ,; ") == {}


def test_shingles_count_repeats() -> None:
    # a b c d a b c d -> abcd, bcda, cdab, dabc, abcd
    assert metrics.shingles("a b c d a b c d")["a b c d"] == 2


def test_overlap_fractions_of_their_sum() -> None:
    # truth {abcd, bcde}, predicted {abcd, bcdx}: one each of tp, fp, fn
    overlap = metrics.shingle_overlap("a b c d e", "a b c d x")
    assert overlap == Overlap(pytest.approx(1 / 3), pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert metrics.page_precision(overlap) == pytest.approx(0.5)
    assert metrics.page_recall(overlap) == pytest.approx(0.5)


def test_overlap_is_a_multiset_comparison() -> None:
    # truth: abcd x2, bcda, cdab, dabc (5); predicted: abcd x1 -> tp 1, fp 0, fn 4
    overlap = metrics.shingle_overlap("a b c d a b c d", "a b c d")
    assert overlap.tp == pytest.approx(0.2)
    assert overlap.fp == 0
    assert overlap.fn == pytest.approx(0.8)
    assert metrics.page_precision(overlap) == 1.0
    assert metrics.page_recall(overlap) == pytest.approx(0.2)


def test_overlap_is_case_sensitive() -> None:
    overlap = metrics.shingle_overlap("A b c d", "a b c d")
    assert (overlap.tp, overlap.fp, overlap.fn) == (0, 0.5, 0.5)


def test_page_scores_are_one_when_nothing_is_wrong_even_if_both_are_empty() -> None:
    empty = Overlap(0.0, 0.0, 0.0)
    assert metrics.page_precision(empty) == 1.0
    assert metrics.page_recall(empty) == 1.0


def test_page_scores_are_zero_for_an_empty_prediction() -> None:
    overlap = metrics.shingle_overlap("a b c d", "")
    assert overlap == Overlap(0.0, 0.0, 1.0)
    assert metrics.page_precision(overlap) == 0.0
    assert metrics.page_recall(overlap) == 0.0


def test_page_body_f1() -> None:
    assert metrics.page_body_f1("a b c d e", "a b c d x") == pytest.approx(0.5)
    assert metrics.page_body_f1("a b c d", "a b c d") == 1.0


def test_corpus_precision_and_recall_average_over_different_pages() -> None:
    pairs = [
        ("a b c d e", "a b c d x"),  # P 0.5, R 0.5
        ("a b c d", ""),  # no prediction: recall 0, not in precision
        ("", "x y z w"),  # no truth: precision 0, not in recall
    ]
    scores = metrics.corpus_body_scores(pairs)
    assert scores.precision == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert scores.recall == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert scores.f1 == pytest.approx(0.25)


def test_corpus_f1_is_harmonic_mean_of_the_two_means() -> None:
    pairs = [("a b c d a b c d", "a b c d")]  # P 1, R 0.2
    scores = metrics.corpus_body_scores(pairs)
    assert scores.f1 == pytest.approx(2 * 1 * 0.2 / 1.2)


def test_corpus_f1_is_zero_when_nothing_was_predicted() -> None:
    scores = metrics.corpus_body_scores([("a b c d", ""), ("e f g h", None)])
    assert scores.precision is None
    assert scores.recall == 0.0
    assert scores.f1 == 0.0


def test_snippet_counts_use_whitespace_normalised_containment() -> None:
    counts = metrics.snippet_counts(
        "The  quick\nbrown\u00a0fox", ["quick brown", "lazy dog"], ["brown fox", "cat"]
    )
    assert counts == SnippetCounts(tp=1, fp=1, fn=1)


def test_snippet_counts_are_case_sensitive() -> None:
    assert metrics.snippet_counts("Quick", ["quick"], []) == SnippetCounts(0, 0, 1)


def test_corpus_snippet_scores_sum_counts_over_pages() -> None:
    scores = metrics.corpus_snippet_scores([SnippetCounts(1, 1, 1), SnippetCounts(2, 0, 0)])
    # tp 3, fp 1, fn 1
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.75)
    assert scores.f1 == pytest.approx(0.75)


def test_corpus_snippet_scores_with_no_prediction() -> None:
    scores = metrics.corpus_snippet_scores([SnippetCounts(0, 0, 2)])
    assert (scores.precision, scores.recall, scores.f1) == (None, 0.0, 0.0)


def test_comment_snippets_are_looked_up_in_all_comments_joined() -> None:
    found = metrics.comment_snippets_found(
        ["Sehr cooles", "Thema! Danke", "absent"], ["Sehr  cooles Thema!", "Danke schön"]
    )
    assert found == 2


def test_comment_leak_is_any_comment_snippet_in_the_body() -> None:
    assert metrics.comments_leaked(["nope", "great\npost"], "What a great post.")
    assert not metrics.comments_leaked(["nope"], "What a great post.")
    assert not metrics.comments_leaked(["  "], "anything")


def test_titles_match_ignoring_case_quotes_dashes_and_spacing() -> None:
    assert metrics.titles_match("“Hello”  World – Now", "'hello' world - now")
    assert metrics.titles_match("ﬁnance News", "finance news")  # NFKC ligature
    assert metrics.titles_match("Crash -- Allegedly", "Crash — allegedly")
    assert not metrics.titles_match("Hello World", "Hello World | Site")


def test_an_empty_title_never_matches() -> None:
    assert not metrics.titles_match("", "")
    assert not metrics.titles_match("Title", None)


def test_label_days_tolerate_unpadded_parts() -> None:
    assert metrics.parse_label_day("2022-11-1") == date(2022, 11, 1)
    assert metrics.parse_label_day("2023-13-01") is None
    assert metrics.parse_label_day("yesterday") is None


def test_dates_match_on_the_day() -> None:
    assert metrics.dates_match("2022-11-1", "2022-11-01")
    assert not metrics.dates_match("2023-12-17", "2023-12-18")
    assert not metrics.dates_match("2023-12-17", None)
    assert not metrics.dates_match(None, None)


def test_author_labels_with_separators_become_a_set_of_names() -> None:
    assert metrics.author_set(["RALPH D. RUSSO, BOB FERRANTE"]) == {
        "ralph d russo",
        "bob ferrante",
    }
    assert metrics.author_set(["Laura Baisas |"]) == {"laura baisas"}
    assert metrics.author_set(["A Smith; B Jones & C Doe and D Roe"]) == {
        "a smith",
        "b jones",
        "c doe",
        "d roe",
    }


def test_initials_match_with_or_without_full_stops() -> None:
    assert metrics.authors_match(["Günter W. Kienitz"], ["Günter W Kienitz"])
    assert metrics.authors_match(["R.D. Russo"], ["R. D. Russo"])


def test_author_names_containing_and_are_not_split() -> None:
    assert metrics.author_set(["Andrew Anderson"]) == {"andrew anderson"}


def test_authors_match_as_case_insensitive_sets() -> None:
    assert metrics.authors_match(
        ["RALPH D. RUSSO, BOB FERRANTE"], ["Bob Ferrante", "Ralph D. Russo"]
    )
    assert not metrics.authors_match(["A Smith; B Jones"], ["A Smith"])
    assert not metrics.authors_match(["A Smith"], ["A Smith", "Staff"])


def test_an_empty_author_label_never_matches() -> None:
    assert not metrics.authors_match([], [])


def test_share_and_median() -> None:
    assert metrics.share([True, False, True, True]) == 0.75
    assert metrics.share([]) is None
    assert metrics.median([3.0, 1.0, 2.0]) == 2.0
    assert metrics.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert metrics.median([]) is None


def test_f1_score() -> None:
    assert metrics.f1_score(0.5, 1.0) == pytest.approx(2 / 3)
    assert metrics.f1_score(0.0, 0.0) == 0.0
    assert metrics.f1_score(None, 1.0) is None
