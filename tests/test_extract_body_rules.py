"""Body: the boilerplate rules added for issue 3, and the per-page name memo."""

from __future__ import annotations

import lxml.html

from newscrawl.extract.body.naming import NameMemo, has_content_hint, is_boilerplate
from tests.bodyhelpers import PARAGRAPH, SECOND, body_of


def test_pictures_with_linked_credits_do_not_sink_the_story() -> None:
    # A picture story: short text and many pictures whose credit is a link. Counted as link
    # lists, the pictures left the other box on the page as the only text.
    figures = "".join(
        f'<figure><img src="{i}.jpg"><figcaption><a href="/credit">Photo {i}: Jane Doe, '
        f"CC BY 2.0</a></figcaption></figure>"
        for i in range(12)
    )
    other = (
        "The other box on this page tells about another topic altogether, with enough words "
        "in it to look like a paragraph of some story."
    )
    body = body_of(f"""<article><div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    {figures}</div></article><div class="box"><p>{other}</p><p>{other} Twice.</p></div>""")
    assert PARAGRAPH in body and SECOND in body


def test_closing_newsletter_app_and_support_calls_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <p>For the latest stories download the Example News apps for iOS and Android.</p>
    <p>Want more? Get the best stories of the week in your inbox: sign up for our newsletter!</p>
    <p>If you enjoyed reading this post, would you consider supporting our work?</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_long_closing_post_stamp_and_capital_box_titles_are_dropped() -> None:
    categories = ", ".join(f"Category number {i}" for i in range(20))
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <p>This entry was posted on Wednesday, 27 November 2019 at 15:21 and filed under
    {categories}. You can follow any responses to this entry through the RSS feed.</p>
    <p>MOST POPULAR PRODUCTS THIS WEEK</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_closing_category_and_modified_labels_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <p>News date: 04/21/2022 Category: Press Releases</p>
    <p>story.html - Created 03-10-2004 - Last Modified: 03-10-2004 2:20pm</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_a_list_that_ends_the_story_is_kept() -> None:
    winners = "".join(f"<li>{year}: Jane Doe</li>" for year in range(2015, 2024))
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <h2>Past winners</h2><ul>{winners}</ul></div>""")
    lines = body.splitlines()
    assert "Past winners" in lines
    assert "2015: Jane Doe" in lines and "2023: Jane Doe" in lines


def test_short_labels_after_the_story_are_still_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <p>Filed by</p><p>Jane Doe</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_hidden_boxes_and_comment_sections_are_dropped_in_the_scoring_walk() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <div style="display: none"><p>This hidden notice must never be read as part of the
    story, whatever the length of the text that it holds.</p></div>
    <div aria-hidden="true"><span>Screen-reader-hidden duplicate text</span></div>
    <p>{SECOND}</p></div>
    <div id="comments"><p>What a great article, I fully agree with every word the author
    wrote about the budget and the pool.</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_scripts_and_images_go_but_the_text_around_them_stays() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH} <img src="a.jpg">Then the vote
    came.<script>var x = 1;</script> It passed by seven votes to two.</p>
    <noscript><p>{SECOND}</p><p>{SECOND.upper()}</p></noscript></div>""")
    first = body.splitlines()[0]
    assert first == f"{PARAGRAPH} Then the vote came. It passed by seven votes to two."
    assert "var x" not in body
    assert SECOND in body  # a <noscript> holding the story is unwrapped, not dropped


def test_name_memo_reads_class_and_id_names() -> None:
    memo = NameMemo()
    assert memo.verdict("share-bar", None) == (False, 2, False)
    assert memo.verdict("meta-box", None) == (False, 1, False)
    assert memo.verdict("entry-content", "main") == (False, 0, True)
    assert memo.verdict(None, "comments") == (True, 2, False)
    assert memo.verdict("Comments-Area", None)[0]  # exact names, any case
    assert memo.verdict("comments-open post", None)[0] is False
    assert memo.verdict("category-schools tag-budget", None) == (False, 0, False)
    assert memo.verdict("relatedPosts", None)[1] == 2  # camelCase words
    assert memo.verdict("  ", None) == (False, 0, False)
    # the same pair is answered from the memo
    assert memo.verdict("share-bar", None) is memo.verdict("share-bar", None)


def test_is_boilerplate_tags_and_story_hints() -> None:
    fragment = lxml.html.fragment_fromstring(
        '<div><aside class="x"></aside><div class="related"></div>'
        '<div class="related article-body"></div><p class="share"></p>'
        '<div class="sidebar" itemprop="articleBody"></div></div>'
    )
    aside, related, hinted, paragraph, itemprop = fragment
    memo = NameMemo()
    assert is_boilerplate(aside, memo) == 2
    assert is_boilerplate(related, memo) == 2
    assert is_boilerplate(hinted, memo) == 0  # named as the story body
    assert is_boilerplate(paragraph, memo) == 0  # a paragraph is never a box
    assert is_boilerplate(itemprop) == 0
    assert has_content_hint(hinted) and has_content_hint(itemprop, memo)
    assert not has_content_hint(related, memo)


def test_paywall_advertising_and_consent_notes_inside_the_story_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>*Werbung. This post contains affiliate links to
    the shop of the brand.</p><p>{PARAGRAPH}</p>
    <p>To view the full story, please subscribe to Example News. A year costs $60.</p>
    <p>We respect your privacy: no connection to Twitter is made without your consent.</p>
    <p>{SECOND}</p>
    <p>First-time subscribers also receive a welcome gift from our shop.</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_rating_widgets_downloads_and_paging_lines_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>(No ratings yet)</p>
    <p>Download this as PDF</p><p>Video verfügbar bis 28.02.2021</p><p>Next article</p>
    <p>{SECOND}</p><p>Comments are closed.</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_headings_of_related_boxes_and_their_teasers_are_dropped() -> None:
    teaser = "A short teaser of another story on the site"
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <p>Mehr Kolumnen auf Example:</p><p>{teaser} one</p><p>{teaser} two</p>
    <p>{SECOND}</p><p>Weitere aktuelle Themen aus der Region</p><p>{teaser} three</p>
    <p>Tagged with</p><p>{PARAGRAPH.upper()}</p></div>""")
    lines = body.splitlines()
    assert lines[:2] == [PARAGRAPH, SECOND]
    assert not any(teaser in line for line in lines)
    assert "Tagged with" not in lines


def test_noscript_notices_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <noscript><p>Please enable JavaScript to see this content.</p></noscript>
    <p>{SECOND}</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_a_numbered_list_written_as_paragraphs_that_ends_the_story_is_kept() -> None:
    ranks = "".join(f"<p>{rank}. Jane Doe</p>" for rank in range(1, 6))
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p>{ranks}</div>')
    assert body.splitlines()[-1] == "5. Jane Doe"


def test_the_story_ends_at_the_authors_bio_or_contact_line() -> None:
    third = (
        "The budget also sets aside money for a new fire station in the north of the town, "
        "which the chief said is long overdue given how the district has grown."
    )
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{third}</p>
    <p>Jane Doe can be reached at jane.doe@example.com.</p>
    <p>Watch: firefighters rescue a cat from a tree on Main Street</p>
    <p>Firefighters needed more than an hour to get the frightened cat down safely.</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND, third]


def test_a_bio_like_sentence_early_in_the_story_is_kept() -> None:
    opening = "Sam Lee was a reporter for twenty years before she ran for mayor of the town."
    body = body_of(f"""<div class="story"><p>{opening}</p><p>{PARAGRAPH}</p>
    <p>{SECOND}</p></div>""")
    assert body.splitlines() == [opening, PARAGRAPH, SECOND]


def test_subscription_offers_and_topic_archive_links_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p>
    <p>Join us for a dollar a month. Cancel anytime.</p><p>{SECOND}</p>
    <p>Alle Nachrichten zum Naturschutz in Bayern</p><p>Ein kurzer Anriss</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]
