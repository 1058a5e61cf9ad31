"""Reader comments: generic detection, threading, fields, comment areas and odd markup."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newscrawl.extract import extract_article
from newscrawl.extract.comments import comments_and_areas, extract_comments, find_comment_areas
from newscrawl.items import Comment

URL = "https://news.example.com/2020/01/story/"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "comments"


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def comments_of(html: str, **kwargs: str) -> list[Comment]:
    return extract_comments(parse(html), URL, **kwargs)


def page(comments_html: str, *, article: str | None = None) -> str:
    """A page with a headline, an article body and the given comment markup after it."""
    body = article or (
        "<h1>Headline of the story</h1><div class='entry-content'>"
        "<p>First paragraph of the article body.</p><p>Second paragraph.</p></div>"
    )
    return (
        "<html><head><title>t</title></head><body>"
        f"<article>{body}</article>{comments_html}</body></html>"
    )


WP_CLASSIC = page("""
<div id="comments">
<ol class="commentlist">
  <li class="comment depth-1" id="li-comment-10">
    <div id="comment-10">
      <div class="comment-author vcard"><img class="avatar" src="a.png">
        <cite class="fn">Ann</cite> <span class="says">says:</span></div>
      <div class="comment-meta commentmetadata">
        <a href="#comment-10">March 3, 2015 at 10:12 am</a></div>
      <p>First paragraph of Ann.</p>
      <p>Second paragraph of Ann.</p>
      <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
    </div>
    <ul class="children">
      <li class="comment depth-2" id="li-comment-11">
        <div id="comment-11">
          <div class="comment-author vcard">
            <cite class="fn">Bob</cite> <span class="says">says:</span></div>
          <div class="comment-meta commentmetadata">
            <a href="#comment-11">March 3, 2015 at 11:00 am</a></div>
          <p>Bob answers Ann.</p>
          <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
        </div>
      </li>
    </ul>
  </li>
  <li class="pingback" id="li-comment-12">
    <div id="comment-12">Pingback: <a href="x">Other blog</a></div></li>
  <li class="comment depth-1" id="li-comment-13">
    <div id="comment-13">
      <div class="comment-author vcard">
        <cite class="fn">Cleo</cite> <span class="says">says:</span></div>
      <div class="comment-meta commentmetadata">
        <a href="#comment-13">March 4, 2015 at 9:00 am</a></div>
      <p>Cleo on her own.</p>
    </div>
  </li>
</ol>
<div id="respond"><h3 id="reply-title">Leave a Reply</h3>
<form id="commentform" action="/wp-comments-post.php">
  <textarea name="comment"></textarea></form></div>
</div>
""")


# -- WordPress ---------------------------------------------------------------------------------


def test_wordpress_comments_come_in_document_order_with_their_ids() -> None:
    comments = comments_of(WP_CLASSIC)
    assert [c.external_id for c in comments] == ["10", "11", "13"]


def test_wordpress_reply_in_children_list_points_to_its_parent() -> None:
    comments = comments_of(WP_CLASSIC)
    assert [c.parent_id for c in comments] == [None, "10", None]


def test_wordpress_author_without_says_and_avatar() -> None:
    assert [c.author for c in comments_of(WP_CLASSIC)] == ["Ann", "Bob", "Cleo"]


def test_wordpress_permalink_text_gives_the_time_in_utc_when_no_zone_is_stated() -> None:
    first = comments_of(WP_CLASSIC)[0]
    assert first.posted_at == datetime(2015, 3, 3, 10, 12, tzinfo=timezone.utc)


def test_wordpress_body_is_paragraph_lines_without_meta_or_reply_link() -> None:
    first = comments_of(WP_CLASSIC)[0]
    assert first.body == "First paragraph of Ann.\nSecond paragraph of Ann."


def test_pingbacks_are_skipped() -> None:
    assert all("Pingback" not in c.body for c in comments_of(WP_CLASSIC))


def test_html5_comment_body_keeps_the_stated_offset() -> None:
    html = page("""
    <section id="comments" class="comments-area"><ol class="comment-list">
    <li id="comment-5" class="comment">
      <article id="div-comment-5" class="comment-body">
        <footer class="comment-meta">
          <div class="comment-author vcard">
            <b class="fn">Dora</b> <span class="says">sagt:</span></div>
          <div class="comment-metadata"><a href="#comment-5">
            <time datetime="2021-03-10T19:02:11+01:00">10. März 2021 um 19:02 Uhr</time></a></div>
        </footer>
        <div class="comment-content"><p>Gut so.</p></div>
        <div class="reply"><a class="comment-reply-link" href="#">Antworten</a></div>
      </article>
    </li></ol></section>
    """)
    (comment,) = comments_of(html)
    assert comment == Comment(
        body="Gut so.",
        author="Dora",
        posted_at=datetime(2021, 3, 10, 19, 2, 11, tzinfo=timezone(timedelta(hours=1))),
        external_id="5",
        parent_id=None,
    )


# -- other engines -----------------------------------------------------------------------------


def test_schema_org_microdata_comments_outside_any_named_area() -> None:
    html = page("""
    <section class="feedback">
      <div itemprop="comment" itemscope itemtype="https://schema.org/Comment" data-comment-id="77">
        <span itemprop="author" itemscope itemtype="https://schema.org/Person">
          <span itemprop="name">Eve</span></span>
        <meta itemprop="dateCreated" content="2022-09-14T16:05:00-04:00">
        <div itemprop="text"><p>Nice.</p></div>
      </div>
    </section>
    """)
    (comment,) = comments_of(html)
    assert (comment.author, comment.external_id, comment.body) == ("Eve", "77", "Nice.")
    assert comment.posted_at == datetime(2022, 9, 14, 16, 5, tzinfo=timezone(timedelta(hours=-4)))


def test_rdfa_comment_with_drupal_anchor_id() -> None:
    html = page("""
    <section class="comment-wrapper" id="comments">
      <a id="comment-321"></a>
      <article class="comment" typeof="sioc:Post sioct:Comment">
        <header><span property="dc:date dc:created" content="2023-10-18T13:11:26+02:00">
          <span class="username" property="foaf:name">Gerd</span> am
          <time datetime="2023-10-18T13:11:26+02:00">18. Oktober 2023</time></span></header>
        <div class="field field-name-comment-body field-label-hidden">
          <div property="content:encoded"><p>Stimmt nicht ganz.</p></div></div>
        <ul class="links"><li class="comment-reply"><a href="/reply">Antworten</a></li></ul>
      </article>
    </section>
    """)
    (comment,) = comments_of(html)
    assert comment.external_id == "321"
    assert comment.author == "Gerd"
    assert comment.body == "Stimmt nicht ganz."
    assert comment.posted_at is not None and comment.posted_at.utcoffset() == timedelta(hours=2)


def test_blogger_comment_ids_and_nested_replies() -> None:
    html = page("""
    <div class="comments" id="comments"><div class="comment-thread"><ol>
      <li class="comment" id="c1234567">
        <div class="comment-block">
          <div class="comment-header"><cite class="user"><a href="https://www.blogger.com/profile/9">Ruby</a></cite>
            <span class="datetime"><a href="#">May 10, 2017 4:14 PM</a></span></div>
          <p class="comment-content">Tolles Interview!</p>
          <span class="comment-actions"><a class="comment-reply">Antworten</a></span>
        </div>
        <div class="comment-replies"><div class="comment-thread inline-thread"><ol>
          <li class="comment" id="c7654321"><div class="comment-block">
            <div class="comment-header"><cite class="user">Sanne</cite></div>
            <p class="comment-content">Danke!</p></div></li>
        </ol></div></div>
      </li>
    </ol></div></div>
    """)
    comments = comments_of(html)
    assert [(c.external_id, c.parent_id, c.author, c.body) for c in comments] == [
        ("1234567", None, "Ruby", "Tolles Interview!"),
        ("7654321", "1234567", "Sanne", "Danke!"),
    ]


def test_div_comments_with_data_ids_and_replies_block() -> None:
    html = page("""
    <div class="comments">
      <div class="comment" data-comment-id="88">
        <div class="comment-header"><a class="username" href="/users/x">xavier</a>
          <span class="comment-date">2019-11-02 14:30</span></div>
        <div class="comment-text">Line one<br>Line two</div>
        <div class="replies"><div class="comment" data-comment-id="91">
          <a class="username" href="/users/y">yan</a>
          <div class="comment-text">Reply text</div></div></div>
      </div>
    </div>
    """)
    comments = comments_of(html)
    assert [(c.external_id, c.parent_id, c.author) for c in comments] == [
        ("88", None, "xavier"),
        ("91", "88", "yan"),
    ]
    assert comments[0].body == "Line one\nLine two"


def test_definition_list_pairs_author_line_and_text() -> None:
    html = page("""
    <div id="comments"><dl id="comment_list">
      <dt class="comment" id="comment-1"><span class="comment_author">Leo</span>
        <span class="comment_time"><a href="#comment-1">July 23, 2015 at 3:20 pm</a></span></dt>
      <dd class="comment"><div class="format_text"><p>Where is it?</p></div></dd>
      <dt class="comment" id="comment-2"><span class="comment_author">Mia</span></dt>
      <dd class="comment"><div class="format_text"><p>Here.</p></div></dd>
    </dl></div>
    """)
    comments = comments_of(html)
    assert [(c.external_id, c.author, c.body) for c in comments] == [
        ("1", "Leo", "Where is it?"),
        ("2", "Mia", "Here."),
    ]
    assert comments[0].posted_at == datetime(2015, 7, 23, 15, 20, tzinfo=timezone.utc)


def test_flat_list_is_threaded_by_depth_classes() -> None:
    html = page("""
    <div id="comments">
      <div class="comment depth-1" id="comment-1"><p>Top.</p></div>
      <div class="comment depth-2" id="comment-2"><p>Reply to top.</p></div>
      <div class="comment depth-1" id="comment-3"><p>Second top.</p></div>
    </div>
    """)
    assert [c.parent_id for c in comments_of(html)] == [None, "1", None]


def test_replies_list_placed_after_its_parent() -> None:
    html = page("""
    <div id="comments">
      <div class="comment" id="comment-1"><p>Parent.</p></div>
      <div class="comment-replies"><div class="comment" id="comment-2"><p>Child.</p></div></div>
    </div>
    """)
    assert [(c.external_id, c.parent_id) for c in comments_of(html)] == [("1", None), ("2", "1")]


def test_dated_entries_under_a_comments_heading() -> None:
    html = page("""
    <div class="sect"><h2>Leserkommentare</h2>
      <ul>
        <li id="msg_501"><a class="person" href="/u/1"><h4>Martin</h4></a>
          <time datetime="2020-01-14T13:47:02+01:00">14. 01. 2020</time>
          <div class="objlink"><p>Das sehe ich anders als der Autor.</p></div></li>
        <li id="msg_502"><a class="person" href="/u/2"><h4>Jana</h4></a>
          <time datetime="2020-01-14T14:00:00+01:00">14. 01. 2020</time>
          <div class="objlink"><p>Ich stimme dem Artikel zu.</p></div></li>
      </ul>
    </div>
    """)
    comments = comments_of(html)
    assert [(c.external_id, c.body) for c in comments] == [
        ("501", "Das sehe ich anders als der Autor."),
        ("502", "Ich stimme dem Artikel zu."),
    ]


def test_disqus_static_fallback() -> None:
    html = page("""
    <div id="disqus_thread"><ul id="dsq-comments">
      <li class="comment" id="dsq-comment-9001"><div id="dsq-comment-9001">
        <div class="dsq-comment-header"><cite><span>Kim</span></cite></div>
        <div class="dsq-comment-body"><div class="dsq-comment-message">Static text.</div></div>
      </div>
      <ul class="children"><li class="comment" id="dsq-comment-9002"><div id="dsq-comment-9002">
        <div class="dsq-comment-header"><cite><span>Lou</span></cite></div>
        <div class="dsq-comment-body"><div class="dsq-comment-message">Reply.</div></div>
      </div></li></ul></li>
    </ul></div>
    """)
    comments = comments_of(html)
    assert [(c.external_id, c.parent_id, c.author, c.body) for c in comments] == [
        ("9001", None, "Kim", "Static text."),
        ("9002", "9001", "Lou", "Reply."),
    ]


def test_typepad_footer_gives_author_and_time() -> None:
    html = page("""
    <div id="comments" class="comments"><div class="comments-content">
      <div class="comment" id="comment-6a00d8341c4f"><div class="comment-content">
        <p>Typepad comment body.</p></div>
        <p class="comment-footer">Posted by: <a href="http://x.example">Nina</a> |
          <a href="#comment-6a00d8341c4f">March 3, 2015 at 10:12 AM</a></p></div>
    </div></div>
    """)
    (comment,) = comments_of(html)
    assert (comment.external_id, comment.author) == ("6a00d8341c4f", "Nina")
    assert comment.posted_at == datetime(2015, 3, 3, 10, 12, tzinfo=timezone.utc)
    assert comment.body == "Typepad comment body."


def test_comment_id_on_a_plain_wrapper_around_the_comment() -> None:
    html = page("""
    <div id="comments"><div class="comments-list">
      <div class="even" id="comment-item-123"><div class="rbox"><div class="comment-box">
        <span class="comment-author">Olaf</span> <span class="comment-date">2019-05-01 10:00</span>
        <div class="comment-body">Joomla comment text.</div></div></div></div>
    </div></div>
    """)
    (comment,) = comments_of(html)
    assert (comment.external_id, comment.author, comment.body) == (
        "123", "Olaf", "Joomla comment text."
    )


# -- what is not a comment ---------------------------------------------------------------------


def test_opinion_teaser_with_comment_class_is_not_a_reader_comment() -> None:
    html = page("""
    <aside class="teasers"><div class="teaser comment"><h3><a href="/opinion/1">Our view</a></h3>
    <p>Why the budget is wrong.</p></div></aside>
    """)
    assert comments_of(html) == []


def test_recent_comments_widget_is_not_a_comment_section() -> None:
    html = page("""
    <aside><h2>Recent Comments</h2><ul class="recent-comments">
      <li class="recentcomments">
        <span class="comment-author-link">Ann</span> on <a href="/x">Story</a></li>
    </ul></aside>
    """)
    assert comments_of(html) == []


def test_latest_comments_widget_of_other_pages_is_not_this_pages_discussion() -> None:
    html = page("""
    <div class="module comments"><h3>Neueste Kommentare</h3><ul class="jcomments-latest">
      <li><div class="comment"><span class="article">Other story</span>
        <a class="title" href="/other-story#comment-5">A reply elsewhere</a></div></li>
      <li><div class="comment"><span class="article">Third story</span>
        <a class="title" href="/third#comment-6">Another one</a></div></li>
    </ul></div>
    """)
    assert comments_of(html) == []


def test_says_line_becomes_the_author_not_the_text() -> None:
    html = page("""
    <div id="comments"><ul class="comment-list">
      <li class="comment"><p>Betina sagt:</p><p>So cool geschrieben.</p></li>
    </ul></div>
    """)
    (comment,) = comments_of(html)
    assert (comment.author, comment.body) == ("Betina", "So cool geschrieben.")


def test_placeholder_and_empty_entries_are_skipped() -> None:
    html = page("""
    <div id="comments">
      <div class="comment" id="comment-1"><div class="comment-author">Ghost</div></div>
      <div class="comment"><p>There are no comments yet - be the first.</p></div>
    </div>
    """)
    assert comments_of(html) == []


def test_page_with_only_a_comment_form_has_no_comments() -> None:
    html = page("""
    <div id="respond"><h3>Leave a Comment</h3>
    <form action="/wp-comments-post.php"><textarea name="comment"></textarea></form></div>
    """)
    assert comments_of(html) == []


# -- site profile selector ---------------------------------------------------------------------


def test_item_selector_from_a_site_profile_is_used_first() -> None:
    html = page("""
    <div class="talk"><div class="post" id="p-1"><span class="nick">Ida</span><p>Hello.</p></div>
    <div class="post" id="p-2"><span class="nick">Jon</span><p>Hi.</p></div></div>
    """)
    assert comments_of(html) == []
    comments = comments_of(html, item_selector="div.talk > div.post")
    assert [(c.author, c.body) for c in comments] == [("Ida", "Hello."), ("Jon", "Hi.")]


def test_item_selector_for_top_level_comments_still_gets_the_replies() -> None:
    comments = comments_of(WP_CLASSIC, item_selector="ol.commentlist > li.comment")
    assert [(c.external_id, c.parent_id) for c in comments] == [
        ("10", None), ("11", "10"), ("13", None)
    ]


def test_bad_or_empty_item_selector_falls_back_to_generic_detection() -> None:
    assert len(comments_of(WP_CLASSIC, item_selector="div[[[")) == 3
    assert len(comments_of(WP_CLASSIC, item_selector="div.nothing-here")) == 3


# -- comment areas -----------------------------------------------------------------------------


def test_areas_hold_the_comment_section_and_not_the_article() -> None:
    root = parse(WP_CLASSIC)
    areas = find_comment_areas(root)
    assert [area.get("id") for area in areas] == ["comments"]
    assert all(not area.xpath(".//h1") for area in areas)


def test_areas_cover_every_extracted_comment() -> None:
    root = parse(WP_CLASSIC)
    text = " ".join(area.text_content() for area in find_comment_areas(root))
    for comment in extract_comments(root, URL):
        assert comment.body.split("\n")[0] in text


def test_leave_a_comment_heading_and_its_form_are_areas() -> None:
    html = page("""<h3>Leave a Comment</h3><form action="/post"><textarea></textarea></form>""")
    tags = [area.tag for area in find_comment_areas(parse(html))]
    assert tags == ["h3", "form"]


def test_comment_area_wrapping_the_article_is_refused() -> None:
    html = """<html><body><div id="comments"><h1>Story</h1><div itemprop="articleBody">
    <p>Text.</p></div><ol class="comment-list"><li class="comment" id="comment-1"><p>Hi.</p></li>
    </ol></div></body></html>"""
    areas = find_comment_areas(parse(html))
    assert areas, "the comment list itself is still found"
    assert all(area.get("id") != "comments" for area in areas)
    assert all(not area.xpath(".//h1") for area in areas)


def test_area_named_by_a_category_class_on_the_post_is_refused() -> None:
    article = "".join(f"<p>Paragraph {n} of a long article on the session.</p>" for n in range(150))
    html = f"""<html><body><section id="content" class="post category-comentarios">
    <h2 class="title">Story</h2><div class="entry">{article}</div>
    <div id="comments"><ol class="commentlist"><li class="comment" id="comment-1">
    <p>Real comment.</p></li></ol></div></section></body></html>"""
    areas = find_comment_areas(parse(html))
    assert [area.get("id") for area in areas] == ["comments"]


def test_hentry_post_wrapper_is_never_an_area() -> None:
    html = """<html><body><div class="hentry comments-open-wrapper comments">
    <h2>Story</h2><p>Text of the story.</p></div></body></html>"""
    assert find_comment_areas(parse(html)) == []


def test_areas_are_never_nested_in_each_other() -> None:
    areas = find_comment_areas(parse(WP_CLASSIC))
    for area in areas:
        assert not any(other is not area and area in other.iterdescendants() for other in areas)


def test_plain_article_page_has_no_comment_areas() -> None:
    assert find_comment_areas(parse(page(""))) == []


def test_one_analysis_gives_the_same_comments_and_areas() -> None:
    root = parse(WP_CLASSIC)
    comments, areas = comments_and_areas(root, URL)
    assert comments == extract_comments(root, URL)
    assert areas == find_comment_areas(root)


# -- purity and odd markup ---------------------------------------------------------------------


def test_extraction_does_not_change_the_tree() -> None:
    root = parse(WP_CLASSIC)
    before = etree.tostring(root)
    extract_comments(root, URL)
    find_comment_areas(root)
    assert etree.tostring(root) == before


@pytest.mark.parametrize(
    "html",
    [
        "<html></html>",
        "<p>just text</p>",
        "<div id='comments'><li class='comment' id='comment-x'>",
        "<div id='comments'><div class='comment'><div class='comment'><div class='comment'>",
        "<ol class='comment-list'><li class='comment' id='comment-1'><!-- c --><?pi x?>t</li></ol>",
        "<div class='comments'>" + "<div class='comment'>" * 3000 + "deep",
        "<div itemtype='https://schema.org/Comment' itemscope><time datetime='garbage'>x</time>"
        "<span itemprop='dateCreated' content='9999-99-99'>y</span></div>",
    ],
)
def test_odd_markup_never_raises(html: str) -> None:
    root = parse(html)
    assert isinstance(extract_comments(root, URL), list)
    assert isinstance(find_comment_areas(root), list)


_TAGS = st.sampled_from(
    ["div", "li", "ol", "ul", "p", "article", "section", "span", "time", "cite"]
)
_CLASSES = st.sampled_from(
    ["comment", "comments", "comment-list", "children", "comment-content", "comment-author",
     "fn", "reply", "comment-meta", "respond", "", "depth-2"]
)
_IDS = st.sampled_from(["", "comments", "comment-1", "comment-2", "li-comment-3", "respond"])


@st.composite
def _fragments(draw: st.DrawFn, depth: int = 0) -> str:
    tag, cls, ident = draw(_TAGS), draw(_CLASSES), draw(_IDS)
    text = draw(st.text(max_size=12))
    children = "" if depth > 3 else "".join(
        draw(st.lists(_fragments(depth + 1), max_size=3))  # type: ignore[call-arg]
    )
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return f"<{tag} class='{cls}' id='{ident}'>{escaped}{children}</{tag}>"


@settings(max_examples=60, deadline=None)
@given(_fragments())
def test_random_comment_like_markup_never_raises(fragment: str) -> None:
    root = parse(f"<html><body>{fragment}</body></html>")
    comments = extract_comments(root, URL)
    areas = find_comment_areas(root)
    assert all(c.body and c.body == c.body.strip() for c in comments)
    assert all(c.posted_at is None or c.posted_at.tzinfo is not None for c in comments)
    assert all(not area.xpath(".//h1") for area in areas)


# -- fixtures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.html")))
def test_fixture_comments_match_expected(name: str) -> None:
    root = lxml.html.document_fromstring((FIXTURES / f"{name}.html").read_bytes())
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = [
        {**vars(c), "posted_at": c.posted_at.isoformat() if c.posted_at else None}
        for c in extract_comments(root, URL)
    ]
    assert got == expected["comments"]


# -- the package's parts -----------------------------------------------------------------------


def test_page_without_comment_vocabulary_gives_nothing() -> None:
    # The common case: nothing is named like a comment and no heading speaks of comments.
    root = parse(page("<footer class='site-footer'><p>About us</p></footer>"))
    assert comments_and_areas(root, URL) == ([], [])
    assert find_comment_areas(root) == []


def test_comment_heading_alone_is_an_area() -> None:
    root = parse(page("<h3>Leave a Reply</h3><p>Log in to reply.</p>"))
    comments, areas = comments_and_areas(root, URL)
    assert comments == []
    assert [area.text_content() for area in areas] == ["Leave a Reply"]


def test_legend_names_a_comment_form() -> None:
    from newscrawl.extract.comments.records import find_comment_headings

    root = parse(page("<fieldset><legend>Kommentar schreiben</legend></fieldset>"))
    headings = find_comment_headings(root)
    assert [(h.element.tag, h.names_comments) for h in headings] == [("legend", False)]


def test_count_heading_names_comments() -> None:
    from newscrawl.extract.comments.records import find_comment_headings

    root = parse(page("<h2>3 Comments</h2><h2>Related stories</h2>"))
    headings = find_comment_headings(root)
    assert [(h.element.text, h.names_comments) for h in headings] == [("3 Comments", True)]


@pytest.mark.parametrize(
    ("token", "role"),
    [
        ("comment", "item"),
        ("comment-list", "area"),
        ("commentlist", "area"),  # glued compound cut after the root
        ("comments", "area"),
        ("children", "children"),
        ("comment-replies", "children"),
        ("comment-form", "form"),
        ("respond", "form"),
        ("comment-count", None),  # a control, not content
        ("recent-comments", None),  # a widget
        ("comment-content", None),  # a part of one comment
        ("commentsCon", "area"),  # camelCase hump
    ],
)
def test_token_roles(token: str, role: str | None) -> None:
    from newscrawl.extract.comments.roles import token_role

    assert token_role(token) == role


@pytest.mark.parametrize(
    ("token", "role"),
    [
        ("comment-author", "author"),
        ("comment-content", "body"),
        ("comment-meta", "date"),
        ("reply-link", "noise"),
        ("avatar", "label"),
        ("field--label-hidden", None),  # how a Drupal label is shown, not a label
    ],
)
def test_part_roles(token: str, role: str | None) -> None:
    from newscrawl.extract.comments.roles import part_role

    assert part_role(token) == role


def test_role_map_demotes_an_item_holding_items_to_a_list() -> None:
    from newscrawl.extract.comments.role_map import RoleMap

    root = parse(
        "<html><body><div class='comment' id='wrap'>"
        "<div class='comment'>First reader comment with words.</div>"
        "<div class='comment'>Second reader comment with words.</div>"
        "</div></body></html>"
    )
    roles = RoleMap(root)
    wrapper = root.get_element_by_id("wrap")
    assert roles.get(wrapper) == "area"
    assert len(roles.item_elements()) == 2


def test_visible_text_start_is_the_prefix_of_the_visible_text() -> None:
    from newscrawl.extract.comments.tree import visible_text_start

    root = parse("<div><p>abc</p><script>var x;</script><p>defgh</p><p>ijk</p></div>")
    div = root.find(".//div")
    assert visible_text_start(div, 5) == "abcde"
    assert visible_text_start(div, 100) == "abcdefghijk"


def test_package_has_no_mutable_module_state() -> None:
    import importlib
    import pkgutil

    import newscrawl.extract.comments as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("__"):
                continue
            assert not isinstance(value, (dict, list, set, bytearray)), f"{info.name}.{name}"


def test_extract_article_forgets_comment_times_after_the_fetch_time() -> None:
    html = page(WP_CLASSIC)
    after = extract_article(html, URL, now=datetime(2015, 3, 3, 11, tzinfo=timezone.utc))
    assert after.comments[0].posted_at == datetime(2015, 3, 3, 10, 12, tzinfo=timezone.utc)
    before = extract_article(html, URL, now=datetime(2015, 3, 3, 10, tzinfo=timezone.utc))
    assert before.comments and before.comments[0].posted_at is None


def test_comment_time_without_zone_takes_the_given_default_zone() -> None:
    plus2 = timezone(timedelta(hours=2))
    first = extract_comments(parse(WP_CLASSIC), URL, default_tz=plus2)[0]
    assert first.posted_at == datetime(2015, 3, 3, 10, 12, tzinfo=plus2)


def test_extract_article_reads_zoneless_comment_times_in_the_page_zone() -> None:
    head = '<meta property="article:published_time" content="2015-03-01T08:00:00-05:00">'
    html = page(WP_CLASSIC).replace("<head>", f"<head>{head}")
    article = extract_article(html, URL, now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    minus5 = timezone(timedelta(hours=-5))
    assert article.published_at == datetime(2015, 3, 1, 8, tzinfo=minus5)
    assert article.comments[0].posted_at == datetime(2015, 3, 3, 10, 12, tzinfo=minus5)
