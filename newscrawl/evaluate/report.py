"""Format evaluation results: Markdown tables (README-ready), failure listings and JSON."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newscrawl.evaluate import metrics
from newscrawl.evaluate.datasets import PageSet
from newscrawl.evaluate.scoring import METRICS, BodyLoss, PageOutcome, Summary


@dataclass(frozen=True)
class Column:
    """One table column: its header, how to read its cell from a summary, and the label a set
    needs for the column to make sense (None: shown whenever any system has a value)."""

    header: str
    value: Callable[[Summary], float | int | None]
    digits: int = 3
    label: str | None = None


COLUMNS: tuple[Column, ...] = (
    Column("Body P", METRICS["body_precision"], label="body"),
    Column("Body R", METRICS["body_recall"], label="body"),
    Column("Body F1", METRICS["body_f1"], label="body"),
    Column("Snippet P", METRICS["snippet_precision"], label="snippets"),
    Column("Snippet R", METRICS["snippet_recall"], label="snippets"),
    Column("Snippet F1", METRICS["snippet_f1"], label="snippets"),
    Column("Title", METRICS["title"], label="title"),
    Column("Date", METRICS["date"], label="date"),
    Column("Authors", METRICS["authors"], label="authors"),
    Column("Comment recall", METRICS["comment_recall"], label="comments"),
    Column("Comment leak", METRICS["comment_leak"], label="comments"),
    Column("ms/page median", lambda s: s.ms_median, 1),
    Column("ms/page mean", lambda s: s.ms_mean, 1),
    Column("Crashes", lambda s: s.errors, 0),
)


def markdown_table(summaries: Sequence[Summary]) -> str:
    """One Markdown table, a row per system; columns with no value for any system are left out."""
    columns = [c for c in COLUMNS if _column_applies(c, summaries)]
    header = "| System | " + " | ".join(c.header for c in columns) + " |"
    rule = "|---|" + "|".join("---:" for _ in columns) + "|"
    rows = [
        f"| {s.system} | " + " | ".join(_cell(c.value(s), c.digits) for c in columns) + " |"
        for s in summaries
    ]
    return "\n".join([header, rule, *rows])


def _column_applies(column: Column, summaries: Sequence[Summary]) -> bool:
    label = column.label
    if label in ("body", "snippets"):
        return any(getattr(s, label) is not None for s in summaries)
    if label is not None:
        return any(s.labelled.get(label) for s in summaries)
    return any(column.value(s) is not None for s in summaries)


def _cell(value: float | int | None, digits: int) -> str:
    if value is None:
        return "n/a"
    if digits == 0:
        return str(int(value))
    return f"{value:.{digits}f}"


def set_heading(page_set: PageSet, summaries: Sequence[Summary]) -> str:
    """A line naming the set, its page count and label counts."""
    first = summaries[0] if summaries else None
    counts = ""
    if first is not None:
        counts = ", ".join(f"{name} {count}" for name, count in first.labelled.items() if count)
    skipped = []
    if page_set.missing_html:
        skipped.append(f"{page_set.missing_html} without HTML")
    if page_set.malformed:
        skipped.append(f"{page_set.malformed} malformed")
    skipped_text = f"; skipped: {', '.join(skipped)}" if skipped else ""
    pages = first.pages if first else 0
    return f"### {page_set.name}: {pages} pages (labelled: {counts}){skipped_text}"


METRIC_NOTES = """\
Body P/R/F1: article-extraction-benchmark shingle metric (4-token shingles of \\w+ tokens) against
the full text label (naeb). Snippet P/R/F1: must-contain snippets found (tp) or missing (fn),
must-not snippets found (fp), summed over the set (trafilatura-dev has no full-text label).
Title: equal after NFKC, case folding, dropping quote marks, unifying dashes and whitespace. Date:
the published day in the page's own offset equals the label. Authors: exact set of names,
case-insensitive. Comment recall: comment snippets found in the extracted comments; comment leak:
share of pages with comments whose body contains a comment snippet. ms/page: extraction call only.
Peers: trafilatura bare_extraction(with_metadata=True, include_comments=True), default precision/
recall balance; readability-lxml Document.summary() + short_title() (no date/authors/comments)."""


def failure_listing(
    set_name: str, field_name: str, outcomes: Sequence[PageOutcome], limit: int
) -> str:
    """Human-readable list of the worst pages for one field (expected vs got)."""
    lines = [f"#### {set_name}: worst pages for {field_name} ({len(outcomes)} failing)"]
    for outcome in outcomes[:limit]:
        lines += _page_entry(outcome, _failure_details(outcome, field_name))
    return "\n".join(lines + _more(len(outcomes), limit))


def _page_entry(outcome: PageOutcome, details: list[str], note: str | None = None) -> list[str]:
    """One listed page: its URL and file, then (indented) the note, any crash, the details."""
    indented = [note] if note else []
    if outcome.prediction.error:
        indented.append(f"CRASH: {outcome.prediction.error}")
    indented += details
    head = f"- {outcome.page.url}  [{outcome.page.html_path.name}]"
    return [head, *("    " + line for line in indented)]


def _more(total: int, limit: int) -> list[str]:
    return [f"... {total - limit} more"] if total > limit else []


def _failure_details(outcome: PageOutcome, field_name: str) -> list[str]:
    page, got = outcome.page, outcome.prediction
    if field_name == "title":
        return [f"expected: {page.title!r}", f"got:      {got.title!r}"]
    if field_name == "date":
        return [f"expected: {page.date!r}", f"got:      {got.published_day!r}"]
    if field_name == "authors":
        return [f"expected: {list(page.authors)!r}", f"got:      {list(got.authors)!r}"]
    if field_name == "comments":
        return _comment_details(outcome)
    return _body_details(outcome)


def losses_listing(
    set_name: str, system: str, peer: str, losses: Sequence[BodyLoss], limit: int
) -> str:
    """The pages where ``system``'s body scores furthest below ``peer``'s."""
    lines = [f"#### {set_name}: body worse than {peer} on {len(losses)} page(s)"]
    for loss in losses[:limit]:
        note = f"{system} {loss.our_score:.3f} vs {peer} {loss.their_score:.3f}"
        lines += _page_entry(loss.ours, _body_details(loss.ours), note)
    return "\n".join(lines + _more(len(losses), limit))


def _body_details(outcome: PageOutcome) -> list[str]:
    page, got = outcome.page, outcome.prediction
    details: list[str] = []
    if page.text is not None:
        overlap = metrics.shingle_overlap(page.text, got.body)
        details.append(
            f"F1 {outcome.body_f1:.3f}  P {metrics.page_precision(overlap):.3f}"
            f"  R {metrics.page_recall(overlap):.3f}  tokens expected "
            f"{len(metrics.tokenize(page.text))}, got {len(metrics.tokenize(got.body))}"
        )
        details.append(f"got starts: {_preview(got.body)}")
        details.append(f"expected starts: {_preview(page.text)}")
        extra = _first_unmatched(got.body, page.text)
        if extra:
            details.append(f"first extra text: {extra!r}")
        missed = _first_unmatched(page.text, got.body)
        if missed:
            details.append(f"first missed text: {missed!r}")
    if outcome.snippets is not None:
        body = metrics.normalise_whitespace(got.body)
        missing = [s for s in page.must_contain if not metrics.contains_snippet(body, s)]
        unwanted = [s for s in page.must_not_contain if metrics.contains_snippet(body, s)]
        if missing:
            details.append(f"missing: {missing!r}")
        if unwanted:
            details.append(f"unwanted: {unwanted!r}")
        details.append(f"got starts: {_preview(got.body)}")
    return details


def _first_unmatched(text: str | None, other: str | None, words: int = 16) -> str:
    """The words of ``text`` from its first shingle that ``other`` lacks ("" if none)."""
    tokens = metrics.tokenize(text)
    available = metrics.shingles(other)
    size = metrics.SHINGLE_SIZE
    for start in range(max(1, len(tokens) - size + 1)):
        shingle = " ".join(tokens[start : start + size])
        if available[shingle] > 0:
            available[shingle] -= 1
        elif shingle:
            return " ".join(tokens[start : start + words])
    return ""


def _comment_details(outcome: PageOutcome) -> list[str]:
    page, got = outcome.page, outcome.prediction
    joined = metrics.normalise_whitespace(" ".join(got.comments))
    body = metrics.normalise_whitespace(got.body)
    missing = [s for s in page.comments if not metrics.contains_snippet(joined, s)]
    leaked = [s for s in page.comments if metrics.contains_snippet(body, s)]
    details = [f"comments extracted: {len(got.comments)}"]
    if missing:
        details.append(f"missing: {missing!r}")
    if leaked:
        details.append(f"in body: {leaked!r}")
    return details


def _preview(text: str | None, length: int = 120) -> str:
    return repr(metrics.normalise_whitespace(text)[:length])


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """A JSON-ready dict of one summary row."""
    data: dict[str, Any] = {
        "system": summary.system,
        "set": summary.set_name,
        "pages": summary.pages,
        "crashes": summary.errors,
        "title": summary.title,
        "date": summary.date,
        "authors": summary.authors,
        "comment_recall": summary.comment_recall,
        "comment_leak": summary.comment_leak,
        "ms_median": summary.ms_median,
        "ms_mean": summary.ms_mean,
        "labelled": dict(summary.labelled),
    }
    for kind in ("body", "snippets"):
        scores = getattr(summary, kind)
        data[kind] = (
            None
            if scores is None
            else {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}
        )
    return data


def outcome_to_json(outcome: PageOutcome) -> dict[str, Any]:
    """A JSON-ready dict of one page's outcome (labels compared, not the page text)."""
    got = outcome.prediction
    snippets = outcome.snippets
    return {
        "url": outcome.page.url,
        "file": outcome.page.html_path.name,
        "error": got.error,
        "ms": got.seconds * 1000,
        "body_f1": outcome.body_f1,
        "snippets": None
        if snippets is None
        else {"tp": snippets.tp, "fp": snippets.fp, "fn": snippets.fn},
        "title": {"ok": outcome.title_ok, "expected": outcome.page.title, "got": got.title},
        "date": {"ok": outcome.date_ok, "expected": outcome.page.date, "got": got.published_day},
        "authors": {
            "ok": outcome.authors_ok,
            "expected": list(outcome.page.authors),
            "got": list(got.authors),
        },
        "comments": {
            "found": outcome.comments_found,
            "of": len(outcome.page.comments),
            "leaked": outcome.comments_leaked,
        },
    }
