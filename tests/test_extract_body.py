"""Body: the story's text with its structure, without the page's furniture."""

from __future__ import annotations

import json

from newscrawl.extract import extract_article
from tests.bodyhelpers import PARAGRAPH, SECOND, body_of


def test_keeps_subheadings_lists_quotes_and_inline_captions() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><h2>What changes</h2>
    <ul><li>More buses on weekdays</li><li>A new bike lane</li></ul>
    <blockquote><p>We listened to residents, and this is the result of that work.</p></blockquote>
    <figure><img src="a.jpg"><figcaption>The council chamber on Tuesday.</figcaption></figure>
    <p>{PARAGRAPH}</p></div>""")
    lines = body.splitlines()
    assert "What changes" in lines
    assert "More buses on weekdays" in lines and "A new bike lane" in lines
    assert "We listened to residents, and this is the result of that work." in lines
    assert "The council chamber on Tuesday." in lines


def test_drops_share_related_newsletter_ads_and_author_box() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <div class="social-share"><a href="#">Share on Facebook</a><a href="#">Tweet</a></div>
    <div class="related-articles"><h3>Related</h3><ul><li><a href="/a">Other story one</a></li>
    <li><a href="/b">Other story two</a></li></ul></div>
    <div class="newsletter-signup"><p>Get our newsletter every morning, delivered free of charge
    to your inbox, with the best of the day's news and analysis.</p></div>
    <div class="ad-slot"><span>Advertisement</span></div>
    <p>{PARAGRAPH}</p>
    <div class="author-bio"><p>Sam Lee has covered city hall for the paper since 2010 and
    writes about local politics, budgets and planning decisions.</p></div></div>""")
    assert PARAGRAPH in body
    for furniture in ("Share on Facebook", "Other story", "newsletter", "Advertisement", "Sam Lee"):
        assert furniture not in body


def test_drops_navigation_and_footer() -> None:
    body = body_of(f"""<nav><a href="/">Home</a><a href="/news">News</a></nav>
    <div class="story"><p>{PARAGRAPH}</p></div><footer>Copyright 2020 Example</footer>""")
    assert body == PARAGRAPH


def test_drops_generic_comment_sections_and_forms() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p></div>
    <div id="comments"><h3>3 Responses</h3><div class="comment"><p>I disagree with the council,
    they always waste money on projects nobody asked for in this town.</p></div></div>
    <div id="respond"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>""")
    assert "disagree" not in body and "Leave a Reply" not in body


def test_one_paragraph_per_line_and_br_splits() -> None:
    lines = "<p>First line<br>second line</p>"
    body = body_of(f"<div class='story'><p>{PARAGRAPH}</p>{lines}<p>{SECOND}</p></div>")
    assert body.splitlines() == [PARAGRAPH, "First line", "second line", SECOND]


def test_link_lists_inside_the_story_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <p><strong>Read more:</strong> <a href="/x">A completely different story about something</a></p>
    <p>{PARAGRAPH}</p></div>""")
    assert "completely different" not in body


def test_story_hidden_by_a_paywall_style_is_kept() -> None:
    hidden = "".join(f"<p>{PARAGRAPH} ({n})</p>" for n in range(6))
    body = body_of(f'<div class="story" style="display: none">{hidden}</div>')
    assert f"{PARAGRAPH} (5)" in body


def test_json_ld_article_body_filters_captions() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", '
            f'"articleBody": "{PARAGRAPH} {SECOND}"}}</script>')
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <p class="credit">Photograph: a long credit line for a picture agency somewhere far away</p>
    <p>{SECOND}</p></div>""", head)
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_a_paragraph_printed_twice_is_kept_once() -> None:
    body = body_of(f"<div class='story'><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{PARAGRAPH}</p></div>")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_affiliate_disclaimer_and_related_box_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <p>If you buy something through a link on this page, we may earn a commission.</p>
    <p>{SECOND}</p><h3>Most read stories this week</h3><p>Teaser of another story</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_soft_hyphens_and_zero_width_characters_are_removed() -> None:
    hyphenated = PARAGRAPH.replace("council", "coun\u00adcil").replace("budget", "bud\u200bget")
    body = body_of(f'<div class="story"><p>{hyphenated}</p><p>{SECOND}</p></div>')
    assert body.splitlines()[0] == PARAGRAPH


STANDFIRST = "Officers searched the school library after a complaint about one book on the shelves."
# Links around the story make the page as a whole score below the story's own container.
LINK_LIST = "<ul>" + "".join(
    f'<li><a href="/s{i}">Another story from the archive number {i}</a></li>' for i in range(6)
) + "</ul>"


def test_standfirst_above_the_story_container_is_kept() -> None:
    head = f'<meta name="description" content="{STANDFIRST}">'
    body = body_of(
        f'<p class="dek">{STANDFIRST}</p><div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>'
        f"</div>{LINK_LIST}",
        head,
    )
    assert body.splitlines()[:2] == [STANDFIRST, PARAGRAPH]


def test_description_not_printed_on_the_page_is_not_added() -> None:
    head = f'<meta name="description" content="{STANDFIRST}">'
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p></div>', head)
    assert STANDFIRST not in body


def test_description_printed_above_the_headline_is_not_added() -> None:
    head = f'<meta name="description" content="{STANDFIRST}">'
    html = (
        f"<html><head>{head}</head><body><p>{STANDFIRST}</p><h1>Headline</h1>"
        f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p></div>{LINK_LIST}</body></html>'
    )
    body = extract_article(html, "https://news.example.com/story").body
    assert STANDFIRST not in body


NEXT_STORY = (
    "In other news, the harbour authority announced that the ferry timetable will change in "
    "the spring, with more crossings in the morning and fewer late in the evening."
)


def test_next_stories_loaded_below_in_their_own_article_are_left_out() -> None:
    stories = "".join(
        f'<article class="post"><h2>Story {i}</h2><div class="article-body">'
        f"<p>{text}</p><p>{text} More.</p></div></article>"
        for i, text in enumerate((PARAGRAPH, NEXT_STORY, NEXT_STORY + " Later."))
    )
    body = body_of(f'<div class="feed">{stories}</div>')
    assert PARAGRAPH in body.splitlines()
    assert NEXT_STORY not in body


def test_story_split_by_an_ad_inside_one_article_is_joined() -> None:
    body = body_of(
        f'<article><div class="article-body"><p>{PARAGRAPH}</p></div>'
        f'<div class="ad-slot">Advertisement</div>'
        f'<div class="article-body"><p>{SECOND}</p></div></article>'
    )
    assert body.splitlines() == [PARAGRAPH, SECOND]


LONG_LINKED = (
    "The library board, which met separately on Wednesday, said that it would publish the full "
    "list of new opening hours on its website next month, after a survey of residents that "
    "asked which evenings and weekend mornings they would use most, and how often they visit."
)


def test_long_paragraph_missing_from_article_body_json_ld_is_kept() -> None:
    article_body = "\n".join([PARAGRAPH, SECOND, PARAGRAPH + " Again.", SECOND + " Again."])
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": article_body}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><p>{LONG_LINKED}</p><p>{SECOND}</p>'
        f"<p>Short line the editors added.</p>"
        f"<p>{PARAGRAPH} Again.</p><p>{SECOND} Again.</p></div>",
        head,
    )
    lines = body.splitlines()
    assert LONG_LINKED in lines
    assert "Short line the editors added." not in lines


def test_closing_calls_to_follow_or_subscribe_are_dropped() -> None:
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>'
        "<p>Follow The Daily Example on Twitter and Instagram for more news every day.</p>"
        "<p>If you enjoyed reading this post, share it with your friends and family.</p>"
        "<p>Copyright © 2024 The Daily Example. Reproduction only with permission.</p></div>"
    )
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_follow_sentence_inside_the_story_is_kept() -> None:
    follow = "Follow the river on foot for two miles and you reach the old mill, the mayor said."
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{follow}</p><p>{SECOND}</p></div>')
    assert follow in body.splitlines()


def test_datelines_and_update_stamps_inside_the_story_are_dropped() -> None:
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><div>December 22, 2023</div>'
        "<div>Updated Nov. 6, 2023 6:00 a.m. PT Written by Jane Doe</div>"
        f"<p>By Jane Doe</p><p>{SECOND}</p></div>"
    )
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_sentences_with_years_or_by_are_kept() -> None:
    year = "By 2030 the town expects to double the number of buses on its main routes."
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{year}</p><p>{SECOND}</p></div>')
    assert year in body.splitlines()


def test_caption_paragraph_ending_with_a_picture_credit_is_dropped() -> None:
    caption = "The mayor at the harbour on Monday morning. Picture: Jane Doe"
    agency = "Crowds on the quay before the vote. (AP Photo/John Roe)"
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><p>{caption}</p><p>{agency}</p>'
        f"<p>{SECOND}</p></div>"
    )
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_sentence_ending_with_a_source_or_photo_word_is_kept() -> None:
    told = "The harbour master said the ferries would keep running, he told Reuters."
    photo = "Residents were asked to send in one photo: a view of the harbour at dawn."
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><p>{told}</p><p>{photo}</p><p>{SECOND}</p></div>'
    )
    assert told in body.splitlines() and photo in body.splitlines()


def test_captions_with_agency_credits_and_numbered_figures_are_dropped() -> None:
    captions = [
        "A stoat in its white winter coat. (jdoe / iStock.com)",
        "The skier after the race. © AFP / JANE DOE",
        "Abbildung 4: Der Querschnitt der Schneedecke.",
        "Figure 2: Ferry crossings per hour since 2019.",
    ]
    inner = "".join(f"<p>{caption}</p>" for caption in captions)
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p>{inner}<p>{SECOND}</p></div>')
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_copyright_sign_inside_a_sentence_is_kept() -> None:
    sentence = "He said the © sign on the old posters matters to collectors, and always has."
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{sentence}</p><p>{SECOND}</p></div>')
    assert sentence in body.splitlines()


def test_figcaption_with_a_credit_is_kept_as_part_of_the_story() -> None:
    caption = "The new ferry at the quay on Monday. (Photo by Jane Doe/Getty Images)"
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><figure><img src="f.jpg">'
        f"<figcaption>{caption}</figcaption></figure><p>{PARAGRAPH} Again.</p></div>"
    )
    assert caption in body.splitlines()
