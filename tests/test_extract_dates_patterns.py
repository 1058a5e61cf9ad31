"""Date patterns of common page kinds: spaced numeric dates, short-year date lines, local
clock times under UTC stamps, bare date lines, comment times, and generic date meta tags."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.extract.dates import extract_dates, parse_datetime
from newscrawl.extract.page import Page

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
UTC = timezone.utc
MINUS4 = timezone(timedelta(hours=-4))
LONG_BODY = "<p>" + "Invented body text of the story, long enough to be a paragraph. " * 4 + "</p>"


def _dates(html: str, url: str = "https://news.example.com/story", now: datetime = NOW):
    return extract_dates(Page.parse(html, url), None, now=now)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Von Beispielverband 4. 2. 2022.", datetime(2022, 2, 4, tzinfo=UTC)),
        ("4. 2. 2022, 10:15", datetime(2022, 2, 4, 10, 15, tzinfo=UTC)),
        ("3.5. 2022", datetime(2022, 5, 3, tzinfo=UTC)),
        ("12 Mär. 2021", datetime(2021, 3, 12, tzinfo=UTC)),
        ("5 de setiembre de 2021", datetime(2021, 9, 5, tzinfo=UTC)),
        ("7 augusti 2021", datetime(2021, 8, 7, tzinfo=UTC)),
    ],
)
def test_parse_datetime_more_formats(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 3 June 20 people came",
        "Seite 1 | 2 | 3",
        "10 | 13 | 2022",
        "Kapitel 4. 2. Absatz",
        # Regressions: pipes set scores, and a two-digit year is too easily another number.
        "Score 3 | 1 | 2022 season",
        "17 | 04 | 2023",
        "Posted on 3 June 20",
        "( Beispielort, 9 Marzo 19 )",
    ],
)
def test_parse_datetime_rejects_lookalikes(text: str) -> None:
    assert parse_datetime(text) is None


def test_local_clock_under_utc_stamp_gives_the_local_day() -> None:
    html = """<html lang="es"><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Una noticia inventada de ejemplo",
     "datePublished": "Fri, 07 Oct 2022 01:17:00 GMT"}</script></head><body>
    <h1>Una noticia inventada de ejemplo</h1><h2>Una bajada inventada</h2>
    <div><h6><a href="/autor/x"><strong>Ana Ejemplo</strong></a> <span>6/10/2022 21:17</span>
    </h6></div><p>Texto del artículo, lo bastante largo para ser un párrafo.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2022, 10, 6, 21, 17, tzinfo=MINUS4)
    assert published.date().isoformat() == "2022-10-06"


PUBLISHED_UTC = '<meta property="article:published_time" content="2022-05-04T20:00:00Z"/>'


@pytest.mark.parametrize(
    "line",
    [
        '<p class="date">Updated: May 5, 2022 9:00</p>',  # an update, not the stamp shifted
        "<p>Match kicks off May 5, 2022 at 8:00</p>",  # a sentence, not a date line
        "<p>May 5, 2022 9:10</p>",  # a shift of 13 h 10 min is no zone
        "<p>May 3, 2022 23:00</p>",  # -21 h: beyond any zone
    ],
)
def test_other_clock_times_are_not_the_stamp_in_local_time(line: str) -> None:
    html = f"""<html><head>{PUBLISHED_UTC}</head><body><article>
    <h1>An invented headline about a match</h1>{line}{LONG_BODY}</article></body></html>"""
    published, _ = _dates(html, now=NOW)
    assert published == datetime(2022, 5, 4, 20, 0, tzinfo=UTC)
    assert published.utcoffset() == timedelta(0)  # the same moment in another zone is wrong


def test_half_hour_zone_shift_is_read() -> None:
    html = f"""<html><head>{PUBLISHED_UTC}</head><body><article>
    <h1>An invented headline about a match</h1><p>May 5, 2022 1:30</p>
    {LONG_BODY}</article></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2022, 5, 5, 1, 30, tzinfo=timezone(timedelta(hours=5.5)))


def test_utc_stamp_without_a_shifted_clock_stays_utc() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2022-05-04T02:41:00Z"}</script></head><body>
    <h1>An invented headline for a test</h1><div class="byline">By Jo Example</div>
    <p>Body text.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2022, 5, 4, 2, 41, tzinfo=UTC)


def test_comment_time_is_not_the_article_date() -> None:
    html = """<html><body><h1>Tomaten schneiden wie ein Profi</h1>
    <div class="tip-user"><span>von <a href="/u/anna">Anna</a><br/> am 20.09.2020</span></div>
    <p>Ein Tipp aus der Küche.</p>
    <div id="comments"><div class="comment"><time datetime="2020-09-23T18:19:06+02:00">
    23.09.20 | 18:19</time> Toller Tipp!</div></div></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2020-09-20"


def test_time_element_beats_a_generic_date_meta() -> None:
    html = """<html><head><meta name="dcterms.date" content="2021-03-02T10:05+01:00"/></head>
    <body><article><h1>An invented report</h1><p>Lead paragraph of the report, long enough
    to be a paragraph of the body.</p><div class="article-meta"><time class="published"
    datetime="2021-03-09T08:00:00+01:00">09.03.2021</time></div></article></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2021-03-09"


def test_unmarked_masthead_time_does_not_beat_a_generic_date_meta() -> None:
    html = f"""<html><head><meta name="date" content="2021-05-01"/></head><body>
    <header class="masthead"><div class="today"><time datetime="2021-06-10">Thursday,
    June 10, 2021</time></div><nav>{"<a href='/x'>Section</a>" * 20}</nav></header>
    <main><article><h1>An invented headline</h1>
    {LONG_BODY}</article></main></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2021, 5, 1, tzinfo=UTC)


def test_published_line_in_a_sidebar_does_not_beat_a_generic_date_meta() -> None:
    html = f"""<html><head><meta name="date" content="2021-05-01"/></head><body>
    <article><h1>An invented headline</h1>{LONG_BODY}</article>
    <aside><p>Published on 3 March 2018</p></aside></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2021, 5, 1, tzinfo=UTC)


def test_published_line_in_the_article_beats_a_generic_date_meta() -> None:
    html = f"""<html><head><meta name="date" content="2021-05-01"/></head><body>
    <article><h1>An invented headline</h1>{LONG_BODY}<p>Published on 3 March 2021</p>
    </article></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2021-03-03"


def test_generic_date_meta_is_kept_without_a_shown_date() -> None:
    html = """<html><head><meta name="date" content="2006-12-16"/></head>
    <body><h1>An invented page</h1><p>Nothing dated here.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2006, 12, 16, tzinfo=UTC)


def test_bare_date_line_under_the_headline_is_the_shown_date() -> None:
    html = f"""<html><body><div><h1>Ways to recycle an invented lamp</h1>
    <div><h4>By <span><a href="/bios/jo">Jo Example</a></span></h4>
    <h4>October 14, 2021</h4></div></div>{LONG_BODY}</body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2021-10-14"


JSON_LD = """<script type="application/ld+json">
{"@type": "NewsArticle", "datePublished": "2021-01-10T09:00:00+01:00"}</script>"""


@pytest.mark.parametrize(
    "after_h1",
    [
        # An event's day, a timeline entry, a related link: none is the page's date.
        "<p><strong>Saturday, 14 March 2021</strong></p><p>Doors open at seven.</p>",
        "<p>The timeline:</p><h4>March 3, 2021</h4><p>Something happened.</p>",
        '<ul class="related"><li>March 3, 2021</li></ul>',
        "<p>January 11, 2021</p>",  # a day later than the stamp, still no evidence
    ],
)
def test_bare_date_line_does_not_override_structured_data(after_h1: str) -> None:
    html = f"""<html><head>{JSON_LD}</head><body><article><h1>An invented headline</h1>
    {after_h1}{LONG_BODY}</article></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2021, 1, 10, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def test_deadline_line_does_not_override_a_published_meta() -> None:
    html = f"""<html><head><meta property="article:published_time"
    content="2021-01-10T09:00:00Z"/></head><body><article><h1>An invented call</h1>
    <div class="teaser-text">Deadline</div><p>15 January 2021</p>{LONG_BODY}</article>
    </body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2021, 1, 10, 9, 0, tzinfo=UTC)


def test_labelled_line_under_the_headline_is_not_a_bare_date() -> None:
    html = """<html><head><meta property="article:published_time"
    content="2018-10-03T14:12:40+01:00"/></head><body><h1>Invented tasting dates</h1>
    <p>Termin: 17.01.2019, 20 Uhr</p><p>Ort: Beispielbar, Beispielstraße 1</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2018-10-03"


def test_wordpress_entry_date_marked_updated_is_the_shown_date() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2021-06-02T21:14:05+00:00",
     "dateModified": "2021-06-04T11:08:51+00:00"}</script></head><body>
    <h1>An invented film review headline</h1>
    <div class="meta-info"><span class="post-date"><time class="entry-date updated td-module-date"
    datetime="2021-06-03T07:08:51-05:00">Jun 3, 2021</time></span></div>
    <p>Body.</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2021-06-03"


def test_bare_updated_stamp_is_still_not_the_published_date() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2023-12-18T10:00:00+00:00"}</script></head><body>
    <h1>An invented film review headline</h1>
    <div class="meta-info"><time class="updated" datetime="2023-12-21T08:42:26-05:00">
    Dec 21, 2023</time></div><p>Body.</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2023-12-18"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Publiziert am 12.03.2021", "2021-03-12"),
        ("Mis en ligne le 4 février 2021", "2021-02-04"),
        ("Geplaatst op 7 mei 2021", "2021-05-07"),
        ("Publicada el 9 de setiembre de 2021", "2021-09-09"),
    ],
)
def test_published_lines_in_more_languages(line: str, day: str) -> None:
    html = f"""<html><body><h1>Invented headline</h1><p>Lead.</p><p>Lead two.</p>
    <p>Lead three.</p><p>Lead four.</p><div class="footer"><p>Seite 1 | 2 | 3</p></div>
    <div><span>{line}</span></div></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == day


def test_comment_date_line_is_not_a_bare_date_line() -> None:
    html = """<html><head><meta property="article:published_time"
    content="2015-03-01T08:00:00-05:00"/></head><body><article><h1>Invented headline</h1>
    <p>Body.</p></article><div id="comments"><div class="comment-meta">
    March 3, 2015 at 10:12 am</div><p>A reader says hello.</p></div></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2015-03-01"
