"""The page's own ``articleBody`` (JSON-LD, microdata) as a reference for the lines found."""

from __future__ import annotations

import re

from newscrawl.extract.body.lines import Line
from newscrawl.extract.page import Page

# JSON-LD articleBody: used as a reference when at least this long ...
MIN_REFERENCE_CHARS = 300


# ... trusted over the tree when the tree's text covers less than this share of it ...
MIN_REFERENCE_COVERAGE = 0.4


# ... and used to filter lines when it is at least this share of the text found.
REFERENCE_LENGTH_SHARE = 0.6


# ... but long paragraphs stay even when it lacks them (some CMSs leave out the paragraphs
# that hold links or embeds); furniture lines are short.
MIN_UNREFERENCED_PARAGRAPH = 250


_WORD_RE = re.compile(r"\w+")


def structured_body(page: Page) -> str | None:
    """The longest JSON-LD ``articleBody`` (or microdata ``articleBody`` meta), if any."""
    texts = [
        node["articleBody"]
        for node in page.article_nodes()
        if isinstance(node.get("articleBody"), str)
    ]
    texts += [
        el.get("content") or "" for el in page.itemprops.get("articlebody", ()) if el.tag == "meta"
    ]
    best = max(texts, key=len, default="")
    return best if len(best) >= MIN_REFERENCE_CHARS else None


def check_against_reference(lines: list[Line], reference: str) -> list[Line]:
    """Use the page's own ``articleBody`` as a reference for the lines found in the tree.

    When the reference is about as long as the text found, lines it does not contain
    (captions, furniture) are dropped; when the tree yielded little of it, the tree was
    misread and the reference itself is the body.
    """
    ref_words = _WORD_RE.findall(reference.casefold())
    ref_grams = set(_grams(ref_words))
    if not ref_grams:
        return lines
    # Each line's words and three-word windows, read once for the coverage, the length
    # comparison and the filter below.
    line_words = [_WORD_RE.findall(line.text.casefold()) for line in lines]
    line_grams = [_grams(words) for words in line_words]
    found_words = sum(map(len, line_words))
    covered = set().union(*line_grams)
    coverage = len(covered & ref_grams) / len(ref_grams)
    if coverage < MIN_REFERENCE_COVERAGE:
        return [Line(text, 0, "p") for text in _reference_lines(reference)]
    if len(ref_words) < REFERENCE_LENGTH_SHARE * found_words:
        return lines  # a teaser or summary, not the whole story
    return [
        line
        for line, grams in zip(lines, line_grams, strict=True)
        if len(line.text) >= MIN_UNREFERENCED_PARAGRAPH or _share_in(grams, ref_grams) >= 0.5
    ]


def _grams(words: list[str]) -> list[tuple[str, ...]]:
    if len(words) < 3:
        return [tuple(words)] if words else []
    return list(zip(words, words[1:], words[2:], strict=False))  # three-word windows


def _share_in(grams: list[tuple[str, ...]], ref_grams: set[tuple[str, ...]]) -> float:
    """The share of a line's three-word windows ``grams`` that the reference holds."""
    if not grams:
        return 0.0
    return sum(1 for gram in grams if gram in ref_grams) / len(grams)


def _reference_lines(reference: str) -> list[str]:
    reference = re.sub(r"<br\s*/?>|</p>|</h\d>|</li>", "\n", reference)
    reference = re.sub(r"<[^>]+>", " ", reference)
    lines = [" ".join(part.split()) for part in reference.split("\n")]
    return [line for line in lines if line]
