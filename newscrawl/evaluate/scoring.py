"""Score a system's predictions against a set's labels: per-page outcomes and one summary row.

Which body metric applies depends on the labels: a page with a full ``text`` label (``naeb``) gets
the AEB shingle precision/recall/F1; a page with snippet labels (``trafilatura-dev``) gets the
snippet metric. The summary carries both families; a family without pages is ``None`` ("n/a").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from newscrawl.evaluate import metrics
from newscrawl.evaluate.datasets import LabelledPage
from newscrawl.evaluate.runners import Prediction, SystemRun

FAILURE_FIELDS: tuple[str, ...] = ("body", "title", "date", "authors", "comments")


@dataclass(frozen=True)
class PageOutcome:
    """One page's scores for one system; ``None`` where the page has no label for that field."""

    page: LabelledPage
    prediction: Prediction
    body_f1: float | None = None  # AEB page F1 (full-text labels)
    snippets: metrics.SnippetCounts | None = None  # snippet labels
    title_ok: bool | None = None
    date_ok: bool | None = None
    authors_ok: bool | None = None
    comments_found: int | None = None  # of len(page.comments)
    comments_leaked: bool | None = None


@dataclass
class Summary:
    """One table row: a system's figures on one set (``None`` = not applicable / not measured)."""

    system: str
    set_name: str
    pages: int
    errors: int
    body: metrics.PRF | None = None
    snippets: metrics.PRF | None = None
    title: float | None = None
    date: float | None = None
    authors: float | None = None
    comment_recall: float | None = None
    comment_leak: float | None = None
    ms_median: float | None = None
    ms_mean: float | None = None
    labelled: dict[str, int] = field(default_factory=dict)  # pages with each label


def _prf_part(family: str, part: str) -> Callable[[Summary], float | None]:
    def read(summary: Summary) -> float | None:
        scores: metrics.PRF | None = getattr(summary, family)
        return getattr(scores, part) if scores is not None else None

    return read


# The figures of a summary, by the names the floors file uses (also the table columns).
METRICS: dict[str, Callable[[Summary], float | None]] = {
    "body_precision": _prf_part("body", "precision"),
    "body_recall": _prf_part("body", "recall"),
    "body_f1": _prf_part("body", "f1"),
    "snippet_precision": _prf_part("snippets", "precision"),
    "snippet_recall": _prf_part("snippets", "recall"),
    "snippet_f1": _prf_part("snippets", "f1"),
    "title": lambda s: s.title,
    "date": lambda s: s.date,
    "authors": lambda s: s.authors,
    "comment_recall": lambda s: s.comment_recall,
    "comment_leak": lambda s: s.comment_leak,
    "crashes": lambda s: float(s.errors),
}


def score_page(page: LabelledPage, prediction: Prediction, fields: frozenset[str]) -> PageOutcome:
    """Compare one prediction with one page's labels; fields the system lacks stay ``None``."""
    body_f1 = None
    if page.text is not None:
        body_f1 = metrics.page_body_f1(page.text, prediction.body)
    snippets = None
    if page.must_contain or page.must_not_contain:
        snippets = metrics.snippet_counts(prediction.body, page.must_contain, page.must_not_contain)
    found = leaked = None
    if page.comments:
        leaked = metrics.comments_leaked(page.comments, prediction.body)
        if "comments" in fields:
            found = metrics.comment_snippets_found(page.comments, prediction.comments)
    return PageOutcome(
        page=page,
        prediction=prediction,
        body_f1=body_f1,
        snippets=snippets,
        title_ok=_check(page.title, "title", fields, metrics.titles_match, prediction.title),
        date_ok=_check(page.date, "date", fields, metrics.dates_match, prediction.published_day),
        authors_ok=(
            metrics.authors_match(page.authors, prediction.authors)
            if page.authors and "authors" in fields
            else None
        ),
        comments_found=found,
        comments_leaked=leaked,
    )


def _check(
    label: str | None,
    field_name: str,
    fields: frozenset[str],
    compare: Callable[[str | None, str | None], bool],
    got: str | None,
) -> bool | None:
    if not label or field_name not in fields:
        return None
    return bool(compare(label, got))


def score_run(run: SystemRun) -> list[PageOutcome]:
    """Score every page of a run."""
    return [
        score_page(page, prediction, run.system.fields)
        for page, prediction in zip(run.pages, run.predictions, strict=True)
    ]


def summarise(system: str, set_name: str, outcomes: list[PageOutcome]) -> Summary:
    """Aggregate page outcomes into one summary row."""
    full_text = [o for o in outcomes if o.page.text is not None]
    snippet_pages = [o for o in outcomes if o.snippets is not None]
    with_comments = [o for o in outcomes if o.page.comments]
    found = [o for o in with_comments if o.comments_found is not None]
    times_ms = [o.prediction.seconds * 1000 for o in outcomes]
    summary = Summary(
        system=system,
        set_name=set_name,
        pages=len(outcomes),
        errors=sum(1 for o in outcomes if o.prediction.error),
        body=(
            metrics.corpus_body_scores((o.page.text, o.prediction.body) for o in full_text)
            if full_text
            else None
        ),
        snippets=(
            metrics.corpus_snippet_scores(o.snippets for o in snippet_pages if o.snippets)
            if snippet_pages
            else None
        ),
        title=metrics.share(o.title_ok for o in outcomes if o.title_ok is not None),
        date=metrics.share(o.date_ok for o in outcomes if o.date_ok is not None),
        authors=metrics.share(o.authors_ok for o in outcomes if o.authors_ok is not None),
        comment_recall=(
            sum(o.comments_found or 0 for o in found) / sum(len(o.page.comments) for o in found)
            if found
            else None
        ),
        comment_leak=metrics.share(bool(o.comments_leaked) for o in with_comments),
        ms_median=metrics.median(times_ms),
        ms_mean=sum(times_ms) / len(times_ms) if times_ms else None,
    )
    summary.labelled = {
        "body": len(full_text) or len(snippet_pages),
        "title": sum(1 for o in outcomes if o.page.title),
        "date": sum(1 for o in outcomes if o.page.date),
        "authors": sum(1 for o in outcomes if o.page.authors),
        "comments": len(with_comments),
    }
    return summary


def worst_pages(outcomes: list[PageOutcome], field_name: str) -> list[PageOutcome]:
    """Pages that failed ``field_name``, worst first (crashes are always included first)."""
    if field_name not in FAILURE_FIELDS:
        raise ValueError(f"unknown field {field_name!r} (known: {', '.join(FAILURE_FIELDS)})")
    failed = [o for o in outcomes if _failed(o, field_name)]
    return sorted(failed, key=lambda o: (o.prediction.error is None, _badness_key(o, field_name)))


def _failed(outcome: PageOutcome, field_name: str) -> bool:
    if field_name == "body":
        if outcome.body_f1 is not None and outcome.body_f1 < 1.0:
            return True
        snippets = outcome.snippets
        return snippets is not None and (snippets.fn > 0 or snippets.fp > 0)
    if field_name == "comments":
        missed = outcome.comments_found is not None and outcome.comments_found < len(
            outcome.page.comments
        )
        return missed or bool(outcome.comments_leaked)
    flag = {"title": outcome.title_ok, "date": outcome.date_ok, "authors": outcome.authors_ok}
    return flag[field_name] is False


def _badness_key(outcome: PageOutcome, field_name: str) -> float:
    # smaller sorts first = worse
    if field_name == "body":
        if outcome.body_f1 is not None:
            return outcome.body_f1
        snippets = outcome.snippets
        if snippets is None:
            return 1.0
        return -float(snippets.fn + snippets.fp)
    if field_name == "comments":
        missing = len(outcome.page.comments) - (outcome.comments_found or 0)
        return -float(missing + (1 if outcome.comments_leaked else 0))
    return 0.0


def page_body_score(outcome: PageOutcome) -> float | None:
    """One number for a page's body: its AEB F1, else its share of snippets right, else ``None``.

    The snippet share is (must-contain found - must-not found) / all snippets, in [-1, 1].
    """
    if outcome.body_f1 is not None:
        return outcome.body_f1
    snippets, page = outcome.snippets, outcome.page
    if snippets is None:
        return None
    total = len(page.must_contain) + len(page.must_not_contain)
    return (snippets.tp - snippets.fp) / total if total else None


@dataclass(frozen=True)
class BodyLoss:
    """A page where a system's body scored below another system's on the same page."""

    ours: PageOutcome
    theirs: PageOutcome
    our_score: float
    their_score: float


def body_losses(ours: list[PageOutcome], theirs: list[PageOutcome]) -> list[BodyLoss]:
    """Pages where ``ours`` scores below ``theirs`` on the body, biggest gap first."""
    losses = []
    for mine, other in zip(ours, theirs, strict=True):
        my_score, other_score = page_body_score(mine), page_body_score(other)
        if my_score is not None and other_score is not None and my_score < other_score:
            losses.append(BodyLoss(mine, other, my_score, other_score))
    return sorted(losses, key=lambda loss: loss.our_score - loss.their_score)
