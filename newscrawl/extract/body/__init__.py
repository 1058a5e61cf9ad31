"""The article body as plain text: one paragraph per line, sub-headings and list items kept.

Steps (the tree is mutated, so this runs after every other field):

1. drop what is never content: scripts, forms' controls, navigation, hidden elements, the
   site rules' ``drop`` list;
2. one bottom-up pass scores every element: each text block adds its non-link text when it
   reads like a paragraph and subtracts link text and short fragments; the score of an
   element is the sum over its subtree (a maximum-sum subtree, so the winner is the element
   that holds the story's paragraphs and as little around them as possible);
3. boilerplate containers (share bars, related stories, newsletter boxes, ads, author boxes)
   recognised by their class/id are removed, unless they hold most of the page's text;
4. the winning container (or the site rules' body) is written out line by line, and lines
   that are still boilerplate (link lists, "Advertisement", "Share this") are filtered."""

from __future__ import annotations

import lxml.html

from newscrawl.extract.body.cleanup import finish, same_text
from newscrawl.extract.body.containers import (
    named_story_element,
    standfirst_before,
    story_containers,
    with_split_parts,
)
from newscrawl.extract.body.lines import Line, lines_of
from newscrawl.extract.body.naming import NameMemo
from newscrawl.extract.body.pruning import (
    drop_all,
    drop_element,
    remove_comment_like,
    remove_junk,
    remove_junk_tags,
)
from newscrawl.extract.body.recipes import ingredient_lines
from newscrawl.extract.body.reference import check_against_reference, structured_body
from newscrawl.extract.body.scoring import (
    Stats,
    best_container,
    prune_and_score,
    remove_boilerplate,
    score_tree,
)
from newscrawl.extract.body.vocabulary import MIN_STORY_GOOD
from newscrawl.extract.page import Page
from newscrawl.extract.rules import SiteRules

# A story container with less paragraph text is read again with links scored leniently.
MIN_BODY_CHARS = 1000


LENIENT_GAIN = 3.0


def extract_body(page: Page, rules: SiteRules | None = None, *, title: str | None = None) -> str:
    """The article text of ``page`` (mutates ``page.root``; call it last)."""
    root = page.root
    memo = NameMemo()
    if rules is not None:
        drop_all(el for sel in rules.selectors("drop") for el in sel.elements(root))
        for selector in rules.selectors("body"):
            containers = [el for el in selector.elements(root) if el.getparent() is not None]
            if containers:
                remove_junk(root, memo)
                lines = [line for el in containers for line in lines_of(el)]
                text = finish(lines, title)
                if text:
                    return text
    body = root.find("body")
    if body is None:
        body = root
    # Only the body is read from here on. Hidden elements, comment sections and
    # ``<noscript>`` blocks go in the scoring walk itself.
    remove_junk_tags(body, noscript=False)
    stats, named = prune_and_score(body, memo)
    # The standfirst is looked for before the boilerplate boxes go: pages often print it in
    # a box named as a teaser.
    best = best_container(body, stats)
    standfirst = standfirst_before(body, best, stats, page)
    remove_boilerplate(body, stats, named, best)
    best = best_container(body, stats)
    strict_good = stats[best].good
    if strict_good < MIN_BODY_CHARS:
        # Shopping lists and link-rich posts: read again without penalising links, and take
        # that reading when it finds far more text.
        lenient = score_tree(body, lenient=True)
        lenient_best = best_container(body, lenient)
        if lenient[lenient_best].good >= LENIENT_GAIN * max(strict_good, 1):
            stats, best = lenient, lenient_best
    text = _text_of_best(body, best, stats, page, title, memo, standfirst)
    if len(text) < MIN_STORY_GOOD:
        # No paragraphs at all (results lists, tables in <pre>): take the element that is
        # named as the story, or the <article>, when it holds text.
        named_story = named_story_element(body, stats, memo)
        if named_story is not None:
            text = finish(lines_of(named_story), title) or text
    return text


def _text_of_best(
    body: lxml.html.HtmlElement,
    best: lxml.html.HtmlElement,
    stats: Stats,
    page: Page,
    title: str | None,
    memo: NameMemo,
    standfirst: str | None,
) -> str:
    containers = with_split_parts(body, story_containers(best, stats, memo), stats)
    lines = [line for c in containers for line in lines_of(c)]
    reference = structured_body(page)
    if reference:
        lines = check_against_reference(lines, reference)
    ingredients, before = ingredient_lines(page, containers, stats, lines)
    # After the reference check: an ``articleBody`` rarely repeats the standfirst.
    with_standfirst = standfirst is not None and not any(
        same_text(ln.text, standfirst) for ln in lines
    )
    if with_standfirst:
        lines.insert(0, Line(standfirst, 0, "p"))
    text = finish(lines, title)
    if not ingredients or not text:
        return text
    # Put beside the story once it is finished: the leading and trailing trims take a
    # list of short rows for labels.
    rows = "\n".join(line.text for line in ingredients)
    if not before:
        return f"{text}\n{rows}"
    if with_standfirst and text.startswith(f"{standfirst}\n"):
        return f"{standfirst}\n{rows}{text[len(standfirst) :]}"
    return f"{rows}\n{text}"


__all__ = ["drop_element", "extract_body", "remove_comment_like"]
