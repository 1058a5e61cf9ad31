"""Body: site furniture printed among the story's paragraphs is dropped (cookie and browser
notices, newsletter plugs, video player messages, closing author bios), while the parts of
the story that do not look like paragraphs (a recipe's ingredient table) are kept."""

from __future__ import annotations

import json

from tests.bodyhelpers import PARAGRAPH, SECOND, THIRD, body_of


def _story(*between: str) -> str:
    """Three story paragraphs with ``between`` printed after the first one."""
    extra = "".join(f"<p>{text}</p>" for text in between)
    return f'<div class="story"><p>{PARAGRAPH}</p>{extra}<p>{SECOND}</p><p>{THIRD}</p></div>'


def test_cookie_notices_are_dropped() -> None:
    notices = (
        "Essenzielle Cookies sind für den Betrieb der Webseite unbedingt erforderlich.",
        "Um unsere Webseite für Sie zu verbessern, verwenden wir Cookies.",
        "Informujemy, że korzystamy z cookies.",
    )
    body = body_of(_story(*notices))
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_story_sentence_about_cookies_is_kept() -> None:
    sentence = "The bakery sold three hundred cookies before noon on the first day."
    assert sentence in body_of(_story(sentence))


def test_outdated_browser_and_javascript_notices_are_dropped() -> None:
    notices = (
        "Dein Browser ist leider veraltet.",
        "Lade für ein besseres Erlebnis einen neueren Browser herunter.",
        "You are using an outdated browser. Please upgrade to view this site.",
        "Please enable JavaScript to watch this video.",
    )
    assert body_of(_story(*notices)).splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_the_sites_newsletter_plug_and_follow_line_are_dropped() -> None:
    plugs = (
        "Want more stories like this? Sign up for our daily newsletter!",
        "Follow the Example News desk on Facebook",
    )
    assert body_of(_story(*plugs)).splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_story_sentence_about_a_newsletter_is_kept() -> None:
    sentence = "The school sent a newsletter to parents explaining the new timetable."
    assert sentence in body_of(_story(sentence))


def test_video_player_messages_and_affiliate_notes_are_dropped() -> None:
    notes = (
        "This video has an invalid file format.",
        "Please enter your date of birth to view this video",
        "Example Reviews is reader-supported and may earn an affiliate commission.",
    )
    assert body_of(_story(*notes)).splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_closing_bio_of_a_founder_is_dropped() -> None:
    bio = (
        "Jane Doe is the founder and principal consultant at Example Studio, a small agency "
        "that helps local shops tell their stories."
    )
    body = body_of(
        f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p><p>{bio}</p></div>'
    )
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_bio_split_after_the_authors_name_is_dropped() -> None:
    bio = (
        "<p><strong>Dr. Max Muster</strong><br>ist Gründungspartner der Kanzlei Muster und "
        "Partner in Berlin und schreibt über Verbraucherrecht.</p>"
    )
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p>{bio}</div>')
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


_INGREDIENTS = (
    '<div class="recipe-ingredients"><h2>Ingredients</h2><table>'
    "<tr><th>For the dough:</th></tr>"
    "<tr><td>250 g</td><td>flour</td></tr><tr><td>1 pinch</td><td>salt</td></tr>"
    "<tr><td>2</td><td>eggs</td></tr></table></div>"
)
_METHOD = f'<div class="method"><h2>Method</h2><p>{PARAGRAPH}</p><p>{SECOND}</p></div>'


def _recipe_data() -> str:
    recipe = {
        "@context": "https://schema.org",
        "@type": "Recipe",
        "name": "Plain bread",
        "recipeIngredient": ["250 g flour", "1 pinch salt", "2 eggs"],
    }
    return f'<script type="application/ld+json">{json.dumps(recipe)}</script>'


def test_a_recipes_ingredient_table_beside_the_method_is_kept() -> None:
    body = body_of(f"{_INGREDIENTS}{_METHOD}", _recipe_data())
    lines = body.splitlines()
    assert lines[:5] == ["Ingredients", "For the dough:", "250 g flour", "1 pinch salt", "2 eggs"]
    assert lines.index("2 eggs") < lines.index(PARAGRAPH)


def test_ingredient_microdata_marks_a_recipe_too() -> None:
    table = (
        '<table class="amounts"><tr itemprop="ingredients"><td>250 g</td><td>flour</td></tr>'
        '<tr itemprop="ingredients"><td>1 pinch</td><td>salt</td></tr>'
        '<tr itemprop="ingredients"><td>2</td><td>eggs</td></tr></table>'
    )
    body = body_of(f'<div class="recipe">{_METHOD}</div><div class="box">{table}</div>')
    assert body.splitlines()[-3:] == ["250 g flour", "1 pinch salt", "2 eggs"]


def test_an_ingredient_box_is_not_added_to_other_pages() -> None:
    body = body_of(f"{_INGREDIENTS}{_METHOD}")
    assert "250 g flour" not in body


def test_a_wordpress_post_is_not_removed_for_its_tag_classes() -> None:
    post = (
        '<article class="post-7 post type-post status-publish hentry custom_tags-werbung">'
        f"<p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p></article>"
    )
    teasers = "".join(
        f'<div class="card"><p>Another story from the archive, number {i}, with a line of '
        "text under its headline that runs on a little.</p></div>"
        for i in range(3)
    )
    body = body_of(f"<div>{post}{teasers}</div>")
    assert PARAGRAPH in body and THIRD in body
