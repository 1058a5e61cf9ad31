"""Body: editorial notes, log-in prompts, closing appeals and generated class names (issue 3,
second pass)."""

from __future__ import annotations

import lxml.html

from newscrawl.extract.body.naming import is_boilerplate
from tests.bodyhelpers import PARAGRAPH, SECOND, THIRD, body_of


def _story(*extra: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in (PARAGRAPH, SECOND, *extra))
    return body_of(f'<div class="story">{paragraphs}</div>')


def test_log_in_prompts_paywall_counters_and_like_buttons_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>Thank you for registering</p>
    <p>Please refresh the page or navigate to another page on the site to be automatically
    logged in</p><p>{PARAGRAPH}</p><p>Like this:</p><p>{SECOND}</p><p>Like Loading...</p>
    <p>2 free articles left</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_republication_and_interview_notes_and_bare_correction_labels_are_dropped() -> None:
    body = _story(
        "This story was originally published in our winter issue. Click here to read more.",
        "A version of this story appeared in Science, Vol 12, Issue 3.",
        "This interview has been lightly edited and condensed for clarity.",
        "Correction: December 20, 2023:",
        THIRD,
    )
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_the_text_of_a_correction_is_kept_as_part_of_the_story() -> None:
    # What a story got wrong, and that it was corrected, is news a reader (and a consumer of
    # the article_versions table) needs; only a bare "Correction:" label is furniture.
    notes = (
        "Correction: an earlier version misstated a figure.",
        "A previous version of this article incorrectly stated the date of the meeting.",
    )
    body = _story(*notes, THIRD)
    assert body.splitlines() == [PARAGRAPH, SECOND, *notes, THIRD]


def test_citation_stamps_consent_lines_and_widget_errors_are_dropped() -> None:
    body = _story(
        "Citation: Council votes on budget (2023, December 22) retrieved 24 December 2023 "
        "from https://news.example.com/story.html",
        "By clicking subscribe, you agree to receive news and offers by email from us.",
        "We're sorry, this feature is currently unavailable. Please try again later.",
        THIRD,
    )
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_mention_of_an_earlier_publication_in_the_story_is_kept() -> None:
    line = (
        "The report was first published in 1923 by the town's historical society, which "
        "still keeps the original copy in its archive."
    )
    assert line in _story(line, THIRD)


def test_staff_bylines_and_source_notes_are_dropped() -> None:
    body = body_of(f"""<div class="story"><p>By Jane Doe, Staff Writer</p><p>{PARAGRAPH}</p>
    <p>{SECOND}</p><p>Source: News agencies</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND]


def test_the_story_ends_at_a_closing_appeal_and_what_follows_it() -> None:
    body = _story(
        THIRD,
        "If you enjoyed reading this post, would you consider supporting our work?",
        "All the best, Jane Doe, editor in chief of the magazine and its blog",
    )
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_newsletter_box_between_the_last_paragraphs_does_not_end_the_story() -> None:
    body = _story(
        THIRD,
        "Never miss a story: sign up for our free daily newsletter to stay up to date.",
        "The pool will stay open until nine in the evening during the summer months.",
        "The mayor said that the decision would be reviewed after the first year.",
    )
    assert body.splitlines()[-2:] == [
        "The pool will stay open until nine in the evening during the summer months.",
        "The mayor said that the decision would be reviewed after the first year.",
    ]


def test_long_author_bios_with_pronouns_or_beats_end_the_story() -> None:
    bio = (
        "Jane Doe (she/her) is the magazine's first food columnist. In her column she shares "
        "easy recipes that need the least effort. " * 4
    )
    beat = "John Roe writes about local news across the county for the Daily Example."
    assert _story(THIRD, bio).splitlines() == [PARAGRAPH, SECOND, THIRD]
    assert _story(THIRD, beat).splitlines() == [PARAGRAPH, SECOND, THIRD]
    contact = "Contact reporter John Roe at jroe@example.com"
    assert _story(THIRD, contact).splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_generated_css_in_js_names_are_read_without_their_hash() -> None:
    def element(class_name: str) -> lxml.html.HtmlElement:
        return lxml.html.fragment_fromstring(f'<div class="{class_name}">x</div>')

    assert is_boilerplate(element("ContentFooterRelated-kEBiFe")) == 2
    assert is_boilerplate(element("RecircListItems-sc-1a2B3c")) == 2
    assert is_boilerplate(element("recirc-list-wrapper")) == 2
    assert is_boilerplate(element("IE-overlay")) == 2  # "overlay" is a word, not a hash
    assert is_boilerplate(element("ArticleBodyWrapper-kEBiFe")) == 0


def test_related_stories_named_by_a_css_in_js_class_are_dropped() -> None:
    teaser = (
        "A teaser for another story on the site, with a sentence long enough to read like a "
        "paragraph of its own and fool the scorer."
    )
    body = body_of(f"""<main><div class="ArticleBody-abCdEf"><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <p>{THIRD}</p></div><div class="ContentFooterRelated-kEBiFe"><p>{teaser}</p></div></main>""")
    assert teaser not in body and THIRD in body


def test_a_credit_on_its_own_line_in_a_caption_is_dropped_and_the_caption_kept() -> None:
    caption = "The mayor speaks to residents outside the library on Tuesday."
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><figure>
    <img src="a.jpg"><figcaption><p>{caption}</p><p>Jane Doe</p></figcaption></figure>
    <p>{THIRD}</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND, caption, THIRD]


def test_the_lead_pictures_caption_after_the_standfirst_is_dropped() -> None:
    standfirst = "The town will spend more on its library and schools next year, after a long vote."
    caption = "The mayor speaks to residents outside the library on Tuesday evening."
    later = "The stadium, seen from the river, will be rebuilt by the end of the decade."
    body = body_of(f"""<div class="story"><p>{standfirst}</p><figure><img src="a.jpg">
    <figcaption>{caption}</figcaption></figure><p>{PARAGRAPH}</p><p>{SECOND}</p><figure>
    <img src="b.jpg"><figcaption>{later}</figcaption></figure><p>{THIRD}</p></div>""")
    assert body.splitlines() == [standfirst, PARAGRAPH, SECOND, later, THIRD]


def test_a_one_letter_namespace_prefix_does_not_hide_a_strong_word() -> None:
    def element(class_name: str) -> lxml.html.HtmlElement:
        return lxml.html.fragment_fromstring(f'<div class="{class_name}">x</div>')

    assert is_boilerplate(element("c-articleBylineCard")) == 2
    assert is_boilerplate(element("o-related-list")) == 2
    # Responsive utility classes keep their prefix: weak words count in short names only.
    assert is_boilerplate(element("l-hidden-xs")) == 0


def test_a_closing_reference_to_the_paper_is_dropped() -> None:
    body = _story(
        THIRD,
        "More information: Jane Doe et al, Budgets of small towns, Journal of Towns (2023). "
        "DOI: 10.1000/towns.2023.1",
        "J. Roe et al. 2023. Libraries on Sundays. Town Studies 12: 3-4",
    )
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_study_named_in_the_last_paragraph_is_kept() -> None:
    last = (
        "The study by Doe et al found in 2021 that towns which open their libraries on "
        "Sundays see more young readers, and the council hopes for the same."
    )
    assert _story(THIRD, last).splitlines()[-1] == last


def test_gallery_counters_video_podcast_and_inbox_prompts_are_dropped() -> None:
    body = _story(
        "Image 1 of 4",
        "5 days ago",
        "More Example Videos",
        "Also available on Apple Podcasts",
        "Don't want to miss a single column? Sign up to get it in your inbox every week.",
        THIRD,
    )
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_shop_this_story_box_is_dropped() -> None:
    body = body_of(f"""<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p>
    <h3>Shop This Story</h3><p>Example Moon bag</p><p>$2,650 via Example Store</p></div>""")
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_summary_made_of_the_storys_own_sentences_is_printed_once() -> None:
    lead = "TOWNVILLE: " + PARAGRAPH
    body = body_of(f"""<div class="story"><p>{PARAGRAPH} {SECOND}</p><p>{lead}</p>
    <p>{SECOND}</p><p>{THIRD}</p></div>""")
    assert body.splitlines() == [lead, SECOND, THIRD]


def test_a_standfirst_of_its_own_words_is_kept() -> None:
    standfirst = "A long night at the town hall ends with more money for the library and the pool."
    body = body_of(f"""<div class="story"><p>{standfirst}</p><p>{PARAGRAPH}</p><p>{SECOND}</p>
    <p>{THIRD}</p></div>""")
    assert body.splitlines() == [standfirst, PARAGRAPH, SECOND, THIRD]
