"""Body: the standfirst found from the page's meta description when the description is cut
short, typed with plain quotes, or printed in a box named as a teaser; editor's notes."""

from __future__ import annotations

from tests.bodyhelpers import PARAGRAPH, SECOND, THIRD, body_of

STANDFIRST = (
    "The town's library will open on Sundays from next spring, after a vote that took the "
    "council most of the night and left the pool without new money."
)
# Links around the story make the page as a whole score below the story's own container.
LINK_LIST = (
    "<ul>"
    + "".join(
        f'<li><a href="/s{i}">Another story from the archive number {i}</a></li>' for i in range(6)
    )
    + "</ul>"
)
STORY = f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p></div>{LINK_LIST}'


def _description(text: str) -> str:
    return f'<meta name="description" content="{text}">'


def test_a_standfirst_whose_description_is_cut_short_is_kept() -> None:
    cut = STANDFIRST[:90].rsplit(" ", 1)[0] + " ..."
    body = body_of(f'<p class="dek">{STANDFIRST}</p>{STORY}', _description(cut))
    assert body.splitlines()[:2] == [STANDFIRST, PARAGRAPH]


def test_a_standfirst_whose_description_stops_mid_sentence_is_kept() -> None:
    cut = STANDFIRST[:100].rsplit(" ", 1)[0]
    body = body_of(f'<p class="dek">{STANDFIRST}</p>{STORY}', _description(cut))
    assert body.splitlines()[:2] == [STANDFIRST, PARAGRAPH]


def test_a_standfirst_printed_with_curly_quotes_matches_a_plain_description() -> None:
    printed = STANDFIRST.replace("'", "\u2019")
    body = body_of(f'<p class="dek">{printed}</p>{STORY}', _description(STANDFIRST))
    assert body.splitlines()[:2] == [printed, PARAGRAPH]


def test_a_standfirst_in_a_box_named_as_a_teaser_is_kept() -> None:
    body = body_of(f'<div class="teaser-text">{STANDFIRST}</div>{STORY}', _description(STANDFIRST))
    assert body.splitlines() == [STANDFIRST, PARAGRAPH, SECOND, THIRD]


def test_a_teaser_box_that_is_not_the_standfirst_still_goes() -> None:
    teaser = "Read our other stories about the town council and its long budget nights."
    body = body_of(f'<div class="teaser">{teaser}</div>{STORY}', _description(STANDFIRST))
    assert teaser not in body


def test_a_wrapper_starting_with_a_cut_description_is_not_taken_as_the_standfirst() -> None:
    # The description is the lead paragraph cut short; the box that holds the lead paragraph
    # and a short note must not come out as one line above the story.
    cut = PARAGRAPH[:100].rsplit(" ", 1)[0] + "…"
    note = "Council meetings are open to the public."
    html = f'<div class="intro"><p>{PARAGRAPH}</p><p>{note}</p></div>{STORY}'
    body = body_of(html, _description(cut))
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_an_editors_note_is_dropped() -> None:
    note = (
        "Editor\u2019s note: This story is part of a series on how towns spend their money; "
        "find the other parts on our budget page."
    )
    body = body_of(f'<div class="story"><p>{note}</p><p>{PARAGRAPH}</p><p>{SECOND}</p></div>')
    assert body.splitlines() == [PARAGRAPH, SECOND]
