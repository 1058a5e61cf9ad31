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


def _dates(html: str, url: str = "https://news.example.com/story", now: datetime = NOW):
    return extract_dates(Page.parse(html, url), None, now=now)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Von Beispielverband 4. 2. 2022.", datetime(2022, 2, 4, tzinfo=UTC)),
        ("4. 2. 2022, 10:15", datetime(2022, 2, 4, 10, 15, tzinfo=UTC)),
        ("3.5. 2022", datetime(2022, 5, 3, tzinfo=UTC)),
        ("26 | 01 | 2022", datetime(2022, 1, 26, tzinfo=UTC)),
        ("( Roccaraso, 14 Gennaio 20 )", datetime(2020, 1, 14, tzinfo=UTC)),
        ("Posted 3 Jan 21", datetime(2021, 1, 3, tzinfo=UTC)),
        ("12 Mär. 2021", datetime(2021, 3, 12, tzinfo=UTC)),
        ("5 de setiembre de 2021", datetime(2021, 9, 5, tzinfo=UTC)),
        ("7 augusti 2021", datetime(2021, 8, 7, tzinfo=UTC)),
    ],
)
def test_parse_datetime_more_formats(text: str, expected: datetime) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    ["On 3 June 20 people came", "Seite 1 | 2 | 3", "10 | 13 | 2022", "Kapitel 4. 2. Absatz"],
)
def test_parse_datetime_rejects_lookalikes(text: str) -> None:
    assert parse_datetime(text) is None


def test_local_clock_under_utc_stamp_gives_the_local_day() -> None:
    html = """<html lang="es"><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Una noticia inventada de ejemplo",
     "datePublished": "Wed, 04 May 2022 02:41:00 GMT"}</script></head><body>
    <h1>Una noticia inventada de ejemplo</h1>
    <div><h6><a href="/autor/x">Ana Ejemplo</a> <span>3/5/2022 22:41</span></h6></div>
    <p>Texto del artículo.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2022, 5, 3, 22, 41, tzinfo=MINUS4)
    assert published.date().isoformat() == "2022-05-03"


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
    html = """<html><head><meta name="dcterms.date" content="2022-01-21T09:43+01:00"/></head>
    <body><header><h1 class="visually-hidden">Site name | Section</h1></header>
    <main><h2>An invented report</h2><p>Lead paragraph of the report, long enough.</p>
    <div class="article-meta"><time class="date-display-single"
    datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></div></main></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2022-01-25"


def test_generic_date_meta_is_kept_without_a_shown_date() -> None:
    html = """<html><head><meta name="date" content="2006-12-16"/></head>
    <body><h1>An invented page</h1><p>Nothing dated here.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2006, 12, 16, tzinfo=UTC)


def test_bare_date_line_under_the_headline_is_the_shown_date() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2022-12-27T11:00:00.000-05:00"}</script></head>
    <body><div><h1>Ways to recycle an invented tree</h1>
    <div><h4>By <span><a href="/bios/jo">Jo Example</a></span></h4>
    <h4>December 11, 2023</h4></div></div><p>Body text of the story.</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2023-12-11"


def test_labelled_line_under_the_headline_is_not_a_bare_date() -> None:
    html = """<html><head><meta property="article:published_time"
    content="2019-11-27T15:21:21+01:00"/></head><body><h1>Invented tasting dates</h1>
    <p>Termin: 21.02.2020, 19 Uhr</p><p>Ort: Beispielbar, Beispielstraße 1</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2019-11-27"


def test_wordpress_entry_date_marked_updated_is_the_shown_date() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2023-12-18T22:32:39+00:00",
     "dateModified": "2023-12-21T13:42:26+00:00"}</script></head><body>
    <h1>An invented film review headline</h1>
    <div class="meta-info"><span class="post-date"><time class="entry-date updated td-module-date"
    datetime="2023-12-21T08:42:26-05:00">Dec 21, 2023</time></span></div>
    <p>Body.</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2023-12-21"


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
