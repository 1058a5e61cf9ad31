"""Comment markups beyond WordPress: Drupal's indented replies, replies nested in a comment of
the same class (Isso, Coral), opaque ids, classic Blogger's ``<dl>``, and schema.org comments
in JSON-LD; and look-alikes outside any comment area that are no comments.

Whole pages of each kind are in ``fixtures/pages/comments/cm2-*.html``; these tests pin the
single rules and the cases they must leave alone.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import lxml.html
import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.comments import comments_and_areas, extract_comments
from newscrawl.extract.comments.authors import clean_author
from newscrawl.extract.comments.ids import opaque_id, own_id
from newscrawl.extract.comments.roles import token_role
from newscrawl.items import Comment

URL = "https://news.example.com/2021/05/story/"
FETCHED = datetime(2026, 1, 1, tzinfo=timezone.utc)
ARTICLE = (
    "<article><h1>Harbour Wall Repairs Start In June</h1><div class='entry-content'>"
    "<p>Work on the old harbour wall starts in June and should take about four months.</p>"
    "<p>The footpath along the wall stays closed while the crews are on site.</p>"
    "</div></article>"
)


def page(after_article: str, head: str = "") -> str:
    return (
        f"<html><head><title>Harbour Wall Repairs Start In June</title>{head}</head>"
        f"<body>{ARTICLE}{after_article}</body></html>"
    )


def comments_of(html: str) -> list[Comment]:
    return extract_comments(lxml.html.document_fromstring(html), URL)


def bodies(comments: list[Comment]) -> list[str]:
    return [comment.body for comment in comments]


# -- vocabulary and ids ------------------------------------------------------------------------


def test_indented_alone_names_no_replies_list() -> None:
    # Only Drupal's place for it (right after a comment) makes it one: see below.
    assert token_role("indented") is None


@pytest.mark.parametrize(
    ("element_id", "expected"),
    [
        ("isso-41", "41"),  # a known comment system and a number: the number
        ("c-7", "7"),  # a comment word and a number: the number
        ("cmt_12", "12"),
        ("r-7", "r-7"),  # any other word: the whole id (a reply "r-7" beside "c-7")
        ("entry-tpl1", "entry-tpl1"),
        ("t1_k2x9q", "t1_k2x9q"),  # an opaque key with a digit: the whole id
        ("comment-b7e2f0aa-19c4-4d0e-8a31-2f6d9c0b4e17", "b7e2f0aa-19c4-4d0e-8a31-2f6d9c0b4e17"),
        ("sidebar", None),  # no digit: no key
        ("", None),
    ],
)
def test_opaque_ids(element_id: str, expected: str | None) -> None:
    el = lxml.html.fragment_fromstring(f"<div id='{element_id}'>x</div>")
    assert opaque_id(el) == expected


def test_uuid_after_comment_is_the_whole_key() -> None:
    el = lxml.html.fragment_fromstring(
        "<div id='comment-b7e2f0aa-19c4-4d0e-8a31-2f6d9c0b4e17'>x</div>"
    )
    assert own_id(el) == "b7e2f0aa-19c4-4d0e-8a31-2f6d9c0b4e17"


@pytest.mark.parametrize("line", ["Mira Holt said...", "Mira Holt said…", "Mira Holt said:"])
def test_blogger_said_line_is_cleaned(line: str) -> None:
    assert clean_author(line) == "Mira Holt"


# -- replies nested in a comment of the same class ------------------------------------------


def test_same_class_comment_inside_a_comment_is_a_reply() -> None:
    html = page("""
<div id="comments" class="comments">
<div class="note-comment" id="n-7"><span class="author">Mira</span>
<p>Four months sounds optimistic for a wall that old.</p>
<div class="note-comment" id="n-8"><span class="author">Tom</span>
<p>They did the east side in three, so it may work.</p></div>
</div></div>""")
    comments = comments_of(html)
    assert bodies(comments) == [
        "Four months sounds optimistic for a wall that old.",
        "They did the east side in three, so it may work.",
    ]
    assert [(c.external_id, c.parent_id) for c in comments] == [("n-7", None), ("n-8", "n-7")]


def test_same_class_wrapper_without_words_is_the_same_comment() -> None:
    # An outer element that only wraps the inner one is not a parent comment.
    html = page("""
<div id="comments" class="comments">
<div class="note-comment"><div class="note-comment"><span class="author">Mira</span>
<p>Four months sounds optimistic for a wall that old.</p></div></div>
</div>""")
    comments = comments_of(html)
    assert bodies(comments) == ["Four months sounds optimistic for a wall that old."]
    assert comments[0].parent_id is None


def test_same_class_inner_text_part_is_not_a_reply() -> None:
    # The outer comment holds only its "Posted by … on …" line; the inner one of the same
    # class only the words: one comment, with the name and the time of the outer one.
    html = page("""
<div id="comments" class="comments-area">
<div class="comment"><div class="meta">Posted by Mira Holt on May 3, 2021 at 9:12 am</div>
<div class="comment"><p>Four months sounds optimistic for a wall that old.</p></div></div>
<div class="comment"><div class="meta">Posted by Tom Berg on May 4, 2021 at 6:40 pm</div>
<div class="comment"><p>They did the east side in three, so it may work.</p></div></div>
</div>""")
    comments = comments_of(html)
    assert [(c.author, c.body, c.parent_id) for c in comments] == [
        ("Mira Holt", "Four months sounds optimistic for a wall that old.", None),
        ("Tom Berg", "They did the east side in three, so it may work.", None),
    ]
    assert [c.posted_at for c in comments] == [
        datetime(2021, 5, 3, 9, 12, tzinfo=timezone.utc),
        datetime(2021, 5, 4, 18, 40, tzinfo=timezone.utc),
    ]


# -- ids -------------------------------------------------------------------------------------


def test_reply_ids_of_another_word_stay_whole() -> None:
    # "c-1" and its reply "r-1": cut both to "1" and the reply would be its own parent.
    html = page("""
<div id="comments" class="comments-area"><ul>
<li class="comment" id="c-1"><b class="comment-author">Mira</b>
<div class="comment-body">Four months sounds optimistic.</div>
<ul class="replies"><li class="comment" id="r-1"><b class="comment-author">Tom</b>
<div class="comment-body">They did the east side in three.</div></li></ul></li>
<li class="comment" id="c-2"><b class="comment-author">Ana</b>
<div class="comment-body">Will the car park stay open?</div></li>
</ul></div>""")
    comments = comments_of(html)
    assert [(c.author, c.external_id, c.parent_id) for c in comments] == [
        ("Mira", "1", None),
        ("Tom", "r-1", "1"),
        ("Ana", "2", None),
    ]


def test_repeated_opaque_ids_are_dropped() -> None:
    # A template that stamps one id on every comment gives no key: storage would keep one.
    html = page(
        "<div id='comments' class='comments-area'>"
        + "".join(
            f"<div class='comment' id='entry-tpl1'><b class='comment-author'>Reader {n}</b>"
            f"<div class='comment-body'>Comment number {n} on the harbour wall.</div></div>"
            for n in range(3)
        )
        + "<div class='comment' id='entry-9'><b class='comment-author'>Ana</b>"
        "<div class='comment-body'>A comment with a key of its own.</div></div></div>"
    )
    comments = comments_of(html)
    assert [c.external_id for c in comments] == [None, None, None, "entry-9"]


# -- Drupal's indented replies -----------------------------------------------------------------


def test_indented_after_a_comment_holds_its_replies() -> None:
    html = page("""
<div id="comments" class="comment-wrapper">
<a id="comment-11"></a><div class="comment"><span class="username">Mira</span>
<div class="content"><p>Four months sounds optimistic for a wall that old.</p></div></div>
<div class="indented">
<a id="comment-12"></a><div class="comment"><span class="username">Tom</span>
<div class="content"><p>They did the east side in three, so it may work.</p></div></div>
</div>
<a id="comment-13"></a><div class="comment"><span class="username">Ana</span>
<div class="content"><p>Will the car park stay open?</p></div></div>
</div>""")
    comments = comments_of(html)
    assert [(c.author, c.external_id, c.parent_id) for c in comments] == [
        ("Mira", "11", None),
        ("Tom", "12", "11"),
        ("Ana", "13", None),
    ]


def test_indented_block_in_the_article_stays_in_the_body() -> None:
    # "indented" is a layout word; a reader's reaction quoted in the story is no comment.
    html = (
        "<html><head><title>Harbour Wall Repairs Start In June</title></head><body><article>"
        "<h1>Harbour Wall Repairs Start In June</h1><div class='entry-content'>"
        "<p>Work on the old harbour wall starts in June and should take about four months.</p>"
        "<div class='indented'><div class='reactie'><p>De wethouder noemde de planning"
        " ambitieus maar haalbaar, zolang het weer meezit.</p></div></div>"
        "<p>The footpath along the wall stays closed while the crews are on site.</p>"
        "</div></article></body></html>"
    )
    article = extract_article(html, URL, now=FETCHED)
    assert article.comments == []
    assert "De wethouder noemde de planning ambitieus" in (article.body or "")


# -- look-alikes outside any comment area --------------------------------------------------


def _lookalikes(inner: str, count: int = 3) -> str:
    return "".join(
        f"<div class='w'><div class='k1 Comment k2'>{inner.format(n=n)}</div></div>"
        for n in range(count)
    )


def test_lookalike_items_outside_an_area_are_not_comments() -> None:
    # Three alike "comment" boxes that read like comments, but nothing says "comments" around
    # them: quote boxes, testimonials and live-blog entries look just the same.
    html = page(
        "<div class='a9'>"
        + _lookalikes(
            "<a href='/user/u{n}/'>user{n}</a> <span>2 points</span>"
            "<p>Comment number {n} says the footpath should reopen at weekends.</p>"
        )
        + "</div>"
    )
    assert comments_of(html) == []


def test_lookalike_teasers_with_headlines_are_not_comments() -> None:
    # Opinion teasers named "comment": each has its headline.
    html = page(
        "<div class='more'>"
        + _lookalikes(
            "<h3><a href='/opinion/{n}'>Why the harbour matters {n}</a></h3>"
            "<p>A columnist on the town's oldest wall and what it is worth to us all.</p>"
        )
        + "</div>"
    )
    assert comments_of(html) == []


def test_lookalike_links_are_not_comments() -> None:
    html = page(
        "<div class='more'>"
        + _lookalikes("<a href='/story/{n}#c1'>A reader on story number {n} of this week</a>")
        + "</div>"
    )
    assert comments_of(html) == []


def test_kommentar_boxes_in_the_article_stay_in_the_body() -> None:
    # German opinion boxes ("Kommentar") inside the story, even under a count-like heading.
    boxes = "".join(
        f"<div class='kommentar'><p>Box {n}: Die Stadt hat lange gezögert, doch nun ist die"
        " Entscheidung gefallen.</p></div>"
        for n in range(3)
    )
    html = (
        "<html><head><title>Harbour Wall Repairs Start In June</title></head><body><article>"
        "<h1>Harbour Wall Repairs Start In June</h1><div class='entry-content'>"
        "<p>Work on the old harbour wall starts in June and should take about four months.</p>"
        f"<section><h3>3 Kommentare</h3>{boxes}</section>"
        "<p>The footpath along the wall stays closed while the crews are on site.</p>"
        "</div></article></body></html>"
    )
    article = extract_article(html, URL, now=FETCHED)
    assert article.comments == []
    assert "Box 2: Die Stadt hat lange gezögert" in (article.body or "")


def test_single_item_without_area_or_heading_is_not_a_comment() -> None:
    html = page(
        "<div class='teaser'><div class='comment'><p>Our view: the harbour wall is worth"
        " every euro the town spends on it.</p></div></div>"
    )
    assert comments_of(html) == []


# -- classic Blogger <dl> ----------------------------------------------------------------------


def test_definition_list_entries_are_one_comment_per_term() -> None:
    html = page("""
<div id="comments"><h4>2 comments:</h4>
<dl id="comments-block">
<dt class="comment-author" id="c5550001">
<a href="https://example.com/profile/1">Mira</a> said...</dt>
<dd class="comment-body"><p>Good to hear the crews start before the summer.</p></dd>
<dd class="comment-footer"><span class="comment-timestamp">May 3, 2021 at 9:12 AM</span></dd>
<dt class="comment-author" id="c5550002">Anonymous said...</dt>
<dd class="comment-body"><p>Will the car park stay open during the works?</p></dd>
<dd class="comment-footer"><span class="comment-timestamp">May 4, 2021 at 6:40 PM</span></dd>
</dl></div>""")
    comments = comments_of(html)
    assert [(c.author, c.external_id, c.body) for c in comments] == [
        ("Mira", "5550001", "Good to hear the crews start before the summer."),
        ("Anonymous", "5550002", "Will the car park stay open during the works?"),
    ]
    assert [c.posted_at.isoformat() if c.posted_at else None for c in comments] == [
        "2021-05-03T09:12:00+00:00",
        "2021-05-04T18:40:00+00:00",
    ]


def test_definition_descriptions_without_terms_stay_separate() -> None:
    html = page("""
<dl class="comment-list">
<dd class="comment" id="comment-1"><p>Good to hear the crews start before the summer.</p></dd>
<dd class="comment" id="comment-2"><p>Will the car park stay open during the works?</p></dd>
</dl>""")
    assert len(comments_of(html)) == 2


# -- JSON-LD -------------------------------------------------------------------------------------

_JSON_LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Harbour Wall Repairs Start In June",
    "datePublished": "2021-05-02T08:00:00+02:00",
    "comment": [
        {
            "@type": "Comment",
            "@id": "https://news.example.com/2021/05/story/#comment-71",
            "text": "<p>Good to hear the crews start<br>before the summer.</p>",
            "dateCreated": "2021-05-03T09:12:00+02:00",
            "author": {"@type": "Person", "name": "Mira"},
            "comment": [
                {
                    "@type": "Comment",
                    "@id": "https://news.example.com/2021/05/story/#comment-72",
                    "text": "They said so at the meeting.",
                    "dateCreated": "2021-05-03T10:00:00",
                    "author": "Tom",
                }
            ],
        },
        {
            "@type": "Comment",
            "identifier": 73,
            "text": "Will the car park stay open?",
            "author": [{"@type": "Person", "name": "Ana"}],
            "parentItem": {"@id": "https://news.example.com/2021/05/story/#comment-71"},
        },
        {"@type": "Comment", "text": ""},
        {"@type": "Comment", "text": "<"},  # a stray character is no comment
        {"@type": "Comment", "text": "ok"},
    ],
}


def _json_ld_page(after_article: str = "<div id='comment-app'></div>") -> str:
    script = f"<script type='application/ld+json'>{json.dumps(_JSON_LD)}</script>"
    return page(after_article, head=script)


def test_json_ld_comments_are_read_when_the_markup_has_none() -> None:
    article = extract_article(_json_ld_page(), URL, now=FETCHED)
    assert [(c.author, c.body, c.external_id, c.parent_id) for c in article.comments] == [
        ("Mira", "Good to hear the crews start\nbefore the summer.", "71", None),
        ("Tom", "They said so at the meeting.", "72", "71"),
        ("Ana", "Will the car park stay open?", "73", "71"),
    ]
    times = [c.posted_at.isoformat() if c.posted_at else None for c in article.comments]
    # A time without a zone is read in the zone of the page's own date.
    assert times == ["2021-05-03T09:12:00+02:00", "2021-05-03T10:00:00+02:00", None]


def test_markup_comments_win_over_json_ld() -> None:
    html = _json_ld_page(
        "<ol class='comment-list'><li class='comment' id='comment-90'>"
        "<p>Seen from the markup itself.</p></li></ol>"
    )
    article = extract_article(html, URL, now=FETCHED)
    assert bodies(article.comments) == ["Seen from the markup itself."]


def test_json_ld_without_comments_gives_none() -> None:
    script = (
        "<script type='application/ld+json'>"
        '{"@type": "NewsArticle", "headline": "Harbour", "commentCount": 4}</script>'
    )
    article = extract_article(page("", head=script), URL, now=FETCHED)
    assert article.comments == []


def test_json_ld_is_not_read_without_a_parsed_page() -> None:
    # The tree-only entry point has no JSON-LD index and does not walk scripts.
    root = lxml.html.document_fromstring(_json_ld_page())
    assert comments_and_areas(root, URL)[0] == []


def test_comment_heading_does_not_vouch_for_a_list_of_links() -> None:
    # "Comments" over links to other pages' comments: a site-wide list, not this thread.
    html = page("""
<div class="box"><h3>Comments</h3>
<div class="comment"><a href="/story/1#c4">Mira on the new ferry timetable</a></div>
<div class="comment"><a href="/story/2#c9">Tom on the school roof</a></div>
</div>""")
    assert comments_of(html) == []


# -- times without a marked date part ----------------------------------------------------------


def test_blogger_permalink_gives_the_time_when_the_text_is_only_a_clock() -> None:
    html = page("""
<div class="comments" id="comments"><ol>
<li class="comment" id="c7001002003004005"><div class="comment-block">
<div class="comment-header"><cite class="user">Mira</cite>
<span class="datetime secondary-text">
<a href="/2021/05/story.html?showComment=1620033120000#c7001002003004005">11:12</a>
</span></div>
<p class="comment-content">Good to hear the crews start before the summer.</p>
</div></li></ol></div>""")
    (comment,) = comments_of(html)
    assert comment.posted_at == datetime(2021, 5, 3, 9, 12, tzinfo=timezone.utc)


def test_unmarked_date_line_under_the_name_is_the_time() -> None:
    html = page("""
<ol class="comment-list"><li class="comment" id="li-comment-5">
<div id="comment-5" class="comment-body"><div class="entry-wrap">
<span class="author">Mira</span><br> Mai 3, 2021
<p>Good to hear the crews start before the summer.</p></div></div></li></ol>""")
    (comment,) = comments_of(html)
    assert comment.author == "Mira"
    assert comment.posted_at == datetime(2021, 5, 3, tzinfo=timezone.utc)
    assert comment.body == "Good to hear the crews start before the summer."


def test_a_date_inside_the_comment_text_is_not_its_time() -> None:
    html = page("""
<ol class="comment-list"><li class="comment" id="li-comment-6">
<div id="comment-6" class="comment-body"><span class="author">Mira</span>
<p>3.6.2021</p><p>That is the day the footpath reopens, says the notice.</p></div></li></ol>""")
    (comment,) = comments_of(html)
    assert comment.posted_at is None
