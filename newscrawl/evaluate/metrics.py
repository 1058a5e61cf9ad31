"""Pure scoring functions for the extraction evaluation.

Nothing here reads files or calls an extractor: every function maps plain values (texts, labels,
predictions) to numbers or booleans, so each rule can be unit-tested on hand-made inputs.

Body text uses the article-extraction-benchmark (AEB) metric: texts are split into ``\\w+`` tokens
(Unicode, case kept), turned into overlapping 4-token shingles counted as a multiset, and each page
gets tp/fp/fn = shingles in both / only predicted / only in the truth, as fractions of their sum.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

SHINGLE_SIZE = 4

_TOKEN = re.compile(r"\w+")
_WHITESPACE = re.compile(r"\s+")
# Quote marks differ between a page and a hand-written label for no reason that matters to a reader.
_QUOTES = re.compile("[\"'`´‘’‚‛“”„‟«»‹›「」『』〝〞＂＇]")
# Hyphen, en/em dash, minus: a label writer types "-" where the page has "–".
_DASHES = re.compile("[‐‑‒–—―−]")
_DASH_RUN = re.compile("-{2,}")  # "--" typed for a dash
# Separators between several names in one author label ("A, B & C", "A; B", "A | B", "A and B").
_NAME_SEPARATORS = re.compile(r"\s*(?:[,;|&/]|\band\b|\bund\b)\s*", re.IGNORECASE)
_LABEL_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class Overlap:
    """Shingle overlap of one page as fractions of ``tp + fp + fn`` (all 0 for two empty texts)."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1; ``None`` where no page could be scored."""

    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class SnippetCounts:
    """One page's snippets: must-contain found (tp) or missing (fn); must-not found (fp)."""

    tp: int
    fp: int
    fn: int


# ---------------------------------------------------------------------------------------------
# Body: AEB shingle metric


def tokenize(text: str | None) -> list[str]:
    """Split ``text`` into ``\\w+`` tokens, Unicode-aware, case kept."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[str]:
    """Count the overlapping ``size``-token shingles of ``text``.

    As in the AEB reference, a text shorter than ``size`` tokens yields one shingle made of all of
    its tokens, and an empty text yields none.
    """
    tokens = tokenize(text)
    counts: Counter[str] = Counter()
    for start in range(max(1, len(tokens) - size + 1)):
        shingle = " ".join(tokens[start : start + size])
        if shingle:
            counts[shingle] += 1
    return counts


def shingle_overlap(truth: str | None, predicted: str | None) -> Overlap:
    """Return the page's tp/fp/fn: shared, predicted-only and truth-only shingles, normalised."""
    true_counts = shingles(truth)
    predicted_counts = shingles(predicted)
    tp = sum((true_counts & predicted_counts).values())
    fp = sum((predicted_counts - true_counts).values())
    fn = sum((true_counts - predicted_counts).values())
    total = tp + fp + fn
    if total == 0:
        return Overlap(0.0, 0.0, 0.0)
    return Overlap(tp / total, fp / total, fn / total)


def page_precision(overlap: Overlap) -> float:
    """AEB page precision: 1 if nothing is wrong, 0 if nothing was predicted, else tp/(tp+fp)."""
    if overlap.fp == 0 and overlap.fn == 0:
        return 1.0
    if overlap.tp == 0 and overlap.fp == 0:
        return 0.0
    return overlap.tp / (overlap.tp + overlap.fp)


def page_recall(overlap: Overlap) -> float:
    """AEB page recall: 1 when nothing is wrong, 0 when nothing was found, else tp/(tp+fn)."""
    if overlap.fp == 0 and overlap.fn == 0:
        return 1.0
    if overlap.tp == 0 and overlap.fn == 0:
        return 0.0
    return overlap.tp / (overlap.tp + overlap.fn)


def f1_score(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean of precision and recall (0 when both are 0, ``None`` when either is)."""
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def page_body_f1(truth: str | None, predicted: str | None) -> float:
    """F1 of one page from its AEB precision and recall (used to rank the worst pages)."""
    overlap = shingle_overlap(truth, predicted)
    return f1_score(page_precision(overlap), page_recall(overlap)) or 0.0


def corpus_body_scores(pairs: Iterable[tuple[str | None, str | None]]) -> PRF:
    """Corpus AEB scores over ``(truth, predicted)`` pairs.

    Precision is the mean page precision over pages with a (non-empty) prediction, recall the
    mean page recall over pages with a (non-empty) truth, and F1 comes from those two means.
    """
    precisions: list[float] = []
    recalls: list[float] = []
    for truth, predicted in pairs:
        overlap = shingle_overlap(truth, predicted)
        if shingles(predicted):
            precisions.append(page_precision(overlap))
        if shingles(truth):
            recalls.append(page_recall(overlap))
    return _prf(_mean(precisions), _mean(recalls))


# ---------------------------------------------------------------------------------------------
# Snippets (trafilatura-dev labels) and comments


def normalise_whitespace(text: str | None) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space and strip."""
    return _WHITESPACE.sub(" ", text or "").strip()


def contains_snippet(haystack_normalised: str, snippet: str) -> bool:
    """Whether ``snippet`` occurs in an already whitespace-normalised text (empty never does)."""
    needle = normalise_whitespace(snippet)
    return bool(needle) and needle in haystack_normalised


def snippet_counts(
    body: str | None, must_contain: Sequence[str], must_not: Sequence[str]
) -> SnippetCounts:
    """Count one page's snippet outcomes against the extracted ``body``."""
    text = normalise_whitespace(body)
    found = sum(1 for snippet in must_contain if contains_snippet(text, snippet))
    leaked = sum(1 for snippet in must_not if contains_snippet(text, snippet))
    return SnippetCounts(tp=found, fp=leaked, fn=len(must_contain) - found)


def corpus_snippet_scores(counts: Iterable[SnippetCounts]) -> PRF:
    """Precision, recall and F1 of snippet counts summed over the corpus."""
    tp = fp = fn = 0
    for page in counts:
        tp, fp, fn = tp + page.tp, fp + page.fp, fn + page.fn
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return _prf(precision, recall)


def _prf(precision: float | None, recall: float | None) -> PRF:
    # Precision is undefined when nothing at all was predicted; F1 is then 0, not unknown, as
    # long as there was something to find.
    if precision is None and recall is not None:
        return PRF(None, recall, 0.0)
    return PRF(precision, recall, f1_score(precision, recall))


def comment_snippets_found(snippets: Sequence[str], comment_texts: Sequence[str]) -> int:
    """How many comment snippets occur in the concatenated extracted comment texts."""
    joined = normalise_whitespace(" ".join(comment_texts))
    return sum(1 for snippet in snippets if contains_snippet(joined, snippet))


def comments_leaked(snippets: Sequence[str], body: str | None) -> bool:
    """Whether any comment snippet occurs in the extracted body."""
    text = normalise_whitespace(body)
    return any(contains_snippet(text, snippet) for snippet in snippets)


# ---------------------------------------------------------------------------------------------
# Title, date, authors


def normalise_title(title: str | None) -> str:
    """Title key: NFKC, case folded, quote marks dropped, dashes unified, whitespace collapsed.

    Nothing else is forgiven: a site-name suffix or a different headline is a wrong title.
    """
    text = unicodedata.normalize("NFKC", title or "").casefold()
    text = _DASH_RUN.sub("-", _DASHES.sub("-", _QUOTES.sub("", text)))
    return normalise_whitespace(text)


def titles_match(expected: str | None, got: str | None) -> bool:
    """Whether two titles are equal after :func:`normalise_title` (an empty guess never matches)."""
    key = normalise_title(got)
    return bool(key) and key == normalise_title(expected)


def parse_label_day(label: str | None) -> date | None:
    """Parse a ``YYYY-MM-DD`` label, unpadded parts allowed (``2022-11-1``); ``None`` if invalid."""
    match = _LABEL_DAY.match(label or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def dates_match(label: str | None, got_day: str | None) -> bool:
    """Whether the predicted day (``YYYY-MM-DD``, page's own offset) equals the label's day."""
    expected = parse_label_day(label)
    return expected is not None and expected == parse_label_day(got_day)


def normalise_name(name: str) -> str:
    """Name key: NFKC, case folded, full stops dropped, whitespace collapsed, edges trimmed.

    Full stops go because "Ralph D. Russo" and "Ralph D Russo" name the same person.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace(".", " ")
    return normalise_whitespace(text).strip(" ,;:|-")


def author_set(names: Iterable[str]) -> frozenset[str]:
    """The set of normalised names in ``names``; each item may itself hold several names."""
    result: set[str] = set()
    for item in names:
        for part in _NAME_SEPARATORS.split(item or ""):
            key = normalise_name(part)
            if key:
                result.add(key)
    return frozenset(result)


def authors_match(expected: Iterable[str], got: Iterable[str]) -> bool:
    """Exact match of the two author sets (case-insensitive); an empty label never matches."""
    wanted = author_set(expected)
    return bool(wanted) and wanted == author_set(got)


# ---------------------------------------------------------------------------------------------
# Aggregates


def share(flags: Iterable[bool]) -> float | None:
    """Fraction of true flags, ``None`` for an empty sequence."""
    values = [bool(flag) for flag in flags]
    return sum(values) / len(values) if values else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    """Median of ``values`` (``None`` when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
