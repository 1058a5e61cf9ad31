"""Date parsing (``parse_datetime``) and page-level published/updated extraction."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.dates import extract_dates, parse_datetime
from newscrawl.extract.page import Page

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
EDT = timezone(timedelta(hours=-4))
UTC = timezone.utc
PLUS2 = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-06-03T10:12:00+02:00", datetime(2015, 6, 3, 10, 12, tzinfo=PLUS2)),
        ("2015-06-03T10:12:00Z", datetime(2015, 6, 3, 10, 12, tzinfo=UTC)),
        ("2015-06-03 10:12:00", datetime(2015, 6, 3, 10, 12, tzinfo=UTC)),
        ("2015-06-03T10:12:00-0400", datetime(2015, 6, 3, 10, 12, tzinfo=EDT)),
        ("Wed, 03 Jun 2015 10:12:00 -0400", datetime(2015, 6, 3, 10, 12, tzinfo=EDT)),
        ("June 3, 2015 at 10:12 am", datetime(2015, 6, 3, 10, 12, tzinfo=UTC)),
        ("Jun 3rd, 2015 10:12 PM EDT", datetime(2015, 6, 3, 22, 12, tzinfo=EDT)),
        ("3 June 2015", datetime(2015, 6, 3, tzinfo=UTC)),
        ("3. Juni 2015, 10.12 Uhr", datetime(2015, 6, 3, 10, 12, tzinfo=UTC)),
        ("le 1er juin 2015 à 10h12", datetime(2015, 6, 1, 10, 12, tzinfo=UTC)),
        ("3 de junio de 2015", datetime(2015, 6, 3, tzinfo=UTC)),
        ("03.06.2015 10:12", datetime(2015, 6, 3, 10, 12, tzinfo=UTC)),
        ("2015/06/03", datetime(2015, 6, 3, tzinfo=UTC)),
        ("06/03/2015", datetime(2015, 6, 3, tzinfo=UTC)),
        ("25/12/2015", datetime(2015, 12, 25, tzinfo=UTC)),
        ("20150603", datetime(2015, 6, 3, tzinfo=UTC)),
    ],
)
def test_parse_datetime_formats(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    ["", "garbage", "12:30", "phone 0123 456 7890", "31/31/2015", "\x00\xff" * 300, "May 2015"],
)
def test_parse_datetime_garbage_is_none(text: str) -> None:
    assert parse_datetime(text) is None


def test_parse_datetime_never_raises_on_odd_input() -> None:
    assert parse_datetime(None) is None  # type: ignore[arg-type]
    assert parse_datetime("2015-02-30") is None
    assert parse_datetime("9999-01-01") is None


def test_parse_datetime_attaches_default_tz_to_naive_dates() -> None:
    berlin_summer = timezone(timedelta(hours=2))
    parsed = parse_datetime("3. Juni 2015, 10:12 Uhr", default_tz=berlin_summer)
    assert parsed == datetime(2015, 6, 3, 10, 12, tzinfo=berlin_summer)


def test_parse_datetime_keeps_stated_offset_over_default() -> None:
    parsed = parse_datetime("2015-06-03T10:12:00-04:00", default_tz=timezone.utc)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=-4)


def test_relative_dates_need_now() -> None:
    assert parse_datetime("3 hours ago") is None
    assert parse_datetime("3 hours ago", now=NOW) == NOW - timedelta(hours=3)
    assert parse_datetime("vor 2 Tagen", now=NOW) == NOW - timedelta(days=2)


def _dates(html: str, url: str = "https://news.example.com/story", now: datetime = NOW):
    return extract_dates(Page.parse(html, url), None, now=now)


def test_json_ld_published_and_modified_kept_apart() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "H", "datePublished": "2020-05-01T08:00:00+02:00",
     "dateModified": "2020-05-02T09:30:00+02:00"}</script></head><body><p>x</p></body></html>"""
    published, updated = _dates(html)
    assert published == datetime(2020, 5, 1, 8, tzinfo=timezone(timedelta(hours=2)))
    assert updated == datetime(2020, 5, 2, 9, 30, tzinfo=timezone(timedelta(hours=2)))


def test_meta_tags_give_published_and_modified() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2019-03-01T10:00:00-05:00">
    <meta property="article:modified_time" content="2019-03-01T15:00:00-05:00">
    </head><body><p>x</p></body></html>"""
    published, updated = _dates(html)
    assert published is not None and published.isoformat() == "2019-03-01T10:00:00-05:00"
    assert updated is not None and updated.isoformat() == "2019-03-01T15:00:00-05:00"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Updated on June 4, 2015", 4),
        ("Last updated: 4 June 2015", 4),
        ("Updated: 2015-06-04 08:00", 4),
        ("Aktualisiert am 4. Juni 2015", 4),
        ("Mis à jour le 4 juin 2015", 4),
        ("Actualizado el 4 de junio de 2015", 4),
    ],
)
def test_visible_updated_phrases(line: str, day: int) -> None:
    html = f"""<html><body><h1>Title</h1>
    <div class="meta"><span>Published June 3, 2015</span> <span>{line}</span></div>
    <p>Body text.</p></body></html>"""
    published, updated = _dates(html)
    assert published is not None and published.day == 3
    assert updated is not None and updated.day == day


def test_time_element_is_used() -> None:
    html = """<html><body><h1>T</h1><time datetime="2018-07-09T06:30:00+00:00">July 9</time>
    <p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2018, 7, 9, 6, 30, tzinfo=UTC)


def test_url_date_is_the_last_resort() -> None:
    published, updated = _dates("<html><body><p>No dates here.</p></body></html>",
                                url="https://blog.example.com/2017/08/21/a-post/")
    assert published == datetime(2017, 8, 21, tzinfo=UTC)
    assert updated is None


def test_dates_after_the_fetch_time_are_ignored() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2030-01-01T00:00:00Z">
    </head><body><h1>T</h1><p class="date">March 2, 2021</p><p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2021, 3, 2, tzinfo=UTC)



def test_naive_fetch_time_is_read_as_utc() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2021-03-02T10:00:00+02:00">
    </head><body><p>Body</p></body></html>"""
    published, _ = _dates(html, now=datetime(2021, 3, 2, 8, 30))
    assert published == datetime(2021, 3, 2, 10, tzinfo=PLUS2)
    assert published.utcoffset() == timedelta(hours=2)
    assert _dates(html, now=datetime(2021, 3, 2, 7, 30)) == (None, None)


def test_updated_before_published_is_dropped() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2021-03-02T10:00:00Z">
    <meta property="article:modified_time" content="2021-03-01T10:00:00Z">
    </head><body><p>Body</p></body></html>"""
    published, updated = _dates(html)
    assert published is not None and updated is None


def test_naive_visible_date_takes_the_page_offset() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2021-03-02T10:00:00+05:30">
    </head><body><h1>T</h1><div class="byline">Updated: March 3, 2021 9:15 am</div>
    <p>Body</p></body></html>"""
    _, updated = _dates(html)
    assert updated == datetime(2021, 3, 3, 9, 15, tzinfo=timezone(timedelta(hours=5, minutes=30)))


def test_extract_article_default_now_rejects_future_dates() -> None:
    html = """<html><head><meta property="article:published_time" content="2999-01-01T00:00:00Z">
    </head><body><h1>T</h1><p>Some body text that is long enough to count as a paragraph of
    the story, with commas, and more words.</p></body></html>"""
    article = extract_article(html, "https://news.example.com/a")
    assert article.published_at is None


def test_numeric_dates_follow_the_page_language() -> None:
    html = '<html lang="{lang}"><body><h1>T</h1><p class="date">06/03/2015</p></body></html>'
    published_us, _ = _dates(html.format(lang="en-US"))
    published_de, _ = _dates(html.format(lang="de-DE"))
    assert published_us is not None and (published_us.month, published_us.day) == (6, 3)
    assert published_de is not None and (published_de.month, published_de.day) == (3, 6)


def test_date_in_plain_text_after_the_headline_is_the_last_resort() -> None:
    html = """<html lang="de"><body><h1>Pressemitteilung zum Haushalt</h1>
    <div><span>Berlin, 29.10.2021</span></div><p>Der Text der Meldung.</p></body></html>"""
    published, _ = _dates(html, url="https://example.org/presse/meldung")
    assert published == datetime(2021, 10, 29, tzinfo=UTC)


def test_dotted_date_is_day_first_when_the_page_states_no_language() -> None:
    html = '<html><body><h1>T</h1><span class="date">07.11.2023</span><p>Body</p></body></html>'
    published, _ = _dates(html)
    assert published == datetime(2023, 11, 7, tzinfo=UTC)


def test_shown_local_day_wins_over_a_utc_stamp_of_the_next_day() -> None:
    # 8 pm EST on the 19th is 01:00 UTC on the 20th: the page states the 19th.
    html = """<html><head>
    <meta property="article:published_time" content="2023-12-20T01:00:21Z">
    </head><body><h1>Headline of the story</h1>
    <div class="timestamp">Published 8:00 PM EST, Tue December 19, 2023</div>
    <p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2023-12-19"


def test_shown_date_far_from_the_structured_one_does_not_win() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2023-12-20T01:00:21Z">
    </head><body><h1>Headline of the story</h1>
    <div class="date">December 1, 2023</div><p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2023-12-20"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/factchecks/2023/dec/21/a-claim/", datetime(2023, 12, 21)),
        ("https://example.org/media-news/meldungen/29-10-2021", datetime(2021, 10, 29)),
        ("https://example.org/2019/03/07/a-post/", datetime(2019, 3, 7)),
    ],
)
def test_url_date_forms(url: str, expected: datetime) -> None:
    published, _ = _dates("<html><body><p>No dates here.</p></body></html>", url=url)
    assert published == expected.replace(tzinfo=UTC)


def test_url_date_beats_an_unlabelled_date_elsewhere_on_the_page() -> None:
    html = """<html><body><h2>A claim checked</h2>
    <div class="statement-meta">stated on December 13, 2023 in a post</div>
    <p>Body text.</p></body></html>"""
    published, _ = _dates(html, url="https://example.org/factchecks/2023/dec/21/a-claim/")
    assert published == datetime(2023, 12, 21, tzinfo=UTC)


def test_slashed_date_is_day_first_on_a_british_page() -> None:
    html = '<html lang="en-GB"><body><h1>T</h1><span class="date">02/10/2020</span></body></html>'
    published, _ = _dates(html)
    assert published == datetime(2020, 10, 2, tzinfo=UTC)


def test_date_in_the_kicker_line_above_the_headline() -> None:
    html = """<html lang="de"><body><p class="category">24. April 2020 | <a>Presse</a></p>
    <h1>Ein Künstler gestaltet die Titelseite</h1><p>Der Text der Meldung.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2020, 4, 24, tzinfo=UTC)


def test_paragraph_opening_with_a_date_is_the_last_resort() -> None:
    html = """<html lang="de"><body><h1>Arbeitsmarkt im Januar</h1><div><p><strong>01.02.2022
    Der Arbeitsmarkt ist gut in das Jahr gestartet, sagte die Vorsitzende heute in Nürnberg vor
    der Presse, und die Zahl der Arbeitslosen sank.</strong></p></div></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2022, 2, 1, tzinfo=UTC)


def test_shown_date_beats_a_bare_date_meta_tag() -> None:
    html = """<html lang="de"><head><meta name="date" content="2020-02-12"></head><body>
    <h1>Faire Lieferketten</h1><div class="news-single-timedata">05.02.2020 - Redaktion</div>
    <p>Text.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2020, 2, 5, tzinfo=UTC)


def test_bare_date_meta_tag_is_used_when_nothing_is_shown() -> None:
    html = """<html><head><meta name="date" content="2020-02-12"></head><body>
    <h1>Headline</h1><p>Text.</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2020, 2, 12, tzinfo=UTC)


def test_published_line_in_plain_markup_beats_an_unlabelled_time_element() -> None:
    html = """<html lang="de"><body><h2>Folge 158</h2><p>Text der Sendung.</p>
    <p>Veröffentlicht am 16.08.2019<br/> Dauer: 1 Stunde</p>
    <div><time datetime="2019-08-24T03:36:11+02:00">24. August 2019</time></div>
    </body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2019, 8, 16, tzinfo=UTC)


def test_a_comment_time_near_the_headline_is_not_the_published_date() -> None:
    html = """<html><head>
    <meta property="article:published_time" content="2021-03-02T10:00:00Z">
    </head><body><h1>T</h1><p>Body</p><ol class="comment-list"><li class="comment">
    <time datetime="2021-03-05T09:00:00Z">March 5, 2021</time><p>Nice.</p></li></ol>
    </body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2021, 3, 2, 10, tzinfo=UTC)


def _page_stamped_at_2257_minus_5_showing(byline_time: str) -> str:
    """A page whose JSON-LD says 22:57 at UTC-5 on Dec 18, and whose byline shows
    ``byline_time``."""
    return f"""<html><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "headline": "H", "datePublished": "2023-12-18T22:57-05:00"}}
    </script></head><body><h1>The headline of the story</h1>
    <div class="x1"><span>By Jane Doe</span> <span>{byline_time}</span></div>
    <p>Body</p></body></html>"""


def test_byline_showing_the_utc_time_of_the_structured_stamp_gives_the_utc_day() -> None:
    # 22:57 at UTC-5 on the 18th is 03:57 UTC on the 19th, and the byline prints the latter.
    published, _ = _dates(_page_stamped_at_2257_minus_5_showing("Dec 19, 2023 3:57 AM"))
    assert published == datetime(2023, 12, 19, 3, 57, tzinfo=UTC)


def test_shown_local_time_keeps_the_structured_offset() -> None:
    # The byline shows the local wall time: nothing to convert.
    published, _ = _dates(_page_stamped_at_2257_minus_5_showing("Dec 18, 2023 10:57 PM"))
    assert published is not None and published.date().isoformat() == "2023-12-18"
    assert published.utcoffset() is not None and published.utcoffset().total_seconds() == -18000


def test_web_page_json_ld_dates_when_no_article_node_has_them() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@graph": [{"@type": "WebPage", "datePublished": "2018-06-07T10:13:17+00:00",
                 "dateModified": "2019-12-01T19:06:47+00:00"},
                {"@type": "VideoObject", "uploadDate": "2017-01-01T00:00:00+00:00"}]}
    </script></head><body><h1>About us</h1><p>Body</p></body></html>"""
    published, updated = _dates(html)
    assert published == datetime(2018, 6, 7, 10, 13, 17, tzinfo=UTC)
    assert updated == datetime(2019, 12, 1, 19, 6, 47, tzinfo=UTC)


def test_article_json_ld_date_beats_the_web_page_one() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@graph": [{"@type": "WebPage", "datePublished": "2018-06-07T10:13:17+00:00"},
                {"@type": "NewsArticle", "headline": "H",
                 "datePublished": "2019-02-03T04:05:06+00:00"}]}
    </script></head><body><h1>A story</h1><p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published == datetime(2019, 2, 3, 4, 5, 6, tzinfo=UTC)


def test_date_in_the_article_info_line_under_the_headline_is_the_shown_date() -> None:
    html = """<html lang="de"><head><script type="application/ld+json">
    {"@type": "Article", "headline": "H", "datePublished": "2022-01-04T07:29:00.000Z"}
    </script></head><body><h1>Vanlife in Schweden</h1>
    <div class="article__info"><div class="article__info-item">06.01.2022</div></div>
    <p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2022-01-06"


def test_shown_time_in_a_named_local_zone_is_not_taken_for_utc() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "H", "datePublished": "2023-12-18T22:57-05:00"}
    </script></head><body><h1>The headline of the story</h1>
    <div class="x1"><span>By Jane Doe</span> <span>Dec 18, 2023 10:57 PM EST</span></div>
    <p>Body</p></body></html>"""
    published, _ = _dates(html)
    assert published is not None and published.date().isoformat() == "2023-12-18"
