"""Body: site furniture printed among the story's paragraphs is dropped (cookie and browser
notices, newsletter plugs, closing author bios) while story sentences about the same things
are kept, and the parts of the story that do not look like paragraphs (a recipe's ingredient
table) are kept."""

from __future__ import annotations

import json

import pytest

from tests.bodyhelpers import PARAGRAPH, SECOND, THIRD, body_of


def _story(*between: str) -> str:
    """Three story paragraphs with ``between`` printed after the first one."""
    extra = "".join(f"<p>{text}</p>" for text in between)
    return f'<div class="story"><p>{PARAGRAPH}</p>{extra}<p>{SECOND}</p><p>{THIRD}</p></div>'


def _ending(*after: str) -> str:
    """Three story paragraphs followed by ``after``."""
    tail = "".join(f"<p>{text}</p>" for text in after)
    return f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p>{tail}</div>'


def test_the_sites_own_notices_are_dropped() -> None:
    notices = (
        "We use cookies to make the pages of this site work better for you.",
        "Wir verwenden Cookies, um die Seite für unsere Leser zu verbessern.",
        "By continuing to read, you agree to the placing of cookies on your device.",
        "Your browser is out of date: some parts of this page may look wrong.",
        "Ihr Browser ist veraltet und zeigt diese Seite womöglich falsch an.",
        "Please enable JavaScript to read the comments.",
        "Want more stories like this? Sign up for our morning newsletter!",
    )
    assert body_of(_story(*notices)).splitlines() == [PARAGRAPH, SECOND, THIRD]


# Story sentences that share words with the site's notices (the reviewer's probes).
STORY_SENTENCES = (
    "A search firm said its browser will stop accepting third-party cookies next year, a "
    "change privacy groups had asked for.",
    "The bakery uses chocolate chip cookies from a family recipe that dates back to 1952.",
    "Regulators found that the shop set tracking cookies on its site without asking first.",
    "If you're using the older browser, the flaw lets attackers take over your machine.",
    "The vendor called the program an unsupported browser and urged offices to move on.",
    "The flaw could enable attackers to run JavaScript code inside the banking app.",
    "With JavaScript disabled, the attack no longer works, according to the researchers.",
    "The host ended every clip with the words please subscribe, which fans turned into a joke.",
    "She urged readers to sign up for the school's newsletter to hear about the closure.",
    "This video, which spread widely last week, was unavailable abroad after a court order.",
    "Follow the money on Facebook, investigators said, and you will find the shell companies.",
    "The broker may earn a commission of up to 6 percent on each sale, according to the filing.",
    "The agents may receive compensation from both buyers and sellers under the new rules.",
    "The newspaper became reader-supported in 2019 after it lost most of its advertisers.",
    "Please subscribe to our podcast, he joked at the end of his speech, to laughter.",
)


@pytest.mark.parametrize("sentence", STORY_SENTENCES)
def test_a_story_sentence_about_cookies_browsers_or_newsletters_is_kept(sentence: str) -> None:
    assert sentence in body_of(_story(sentence)).splitlines()


def test_the_sites_affiliate_note_is_dropped() -> None:
    notes = (
        "We may earn a commission when you buy something through the links on this page.",
        "Purchases made through links in this story may earn a small commission for the shop.",
    )
    assert body_of(_story(*notes)).splitlines() == [PARAGRAPH, SECOND, THIRD]


def test_a_closing_bio_with_a_bios_mark_is_dropped() -> None:
    bio = (
        "Jane Doe is the founder of a small design agency based in Lisbon and writes about "
        "shop signs."
    )
    assert body_of(_ending(bio)).splitlines() == [PARAGRAPH, SECOND, THIRD]


@pytest.mark.parametrize(
    "ending",
    [
        (
            "Smith is a professor of economics at a state university who has studied rents.",
            "\u201cThe data are clear,\u201d she said.",
        ),
        (
            "He was a co-founder of the company, which he sold to a rival in 2010.",
            "The deal closes next month.",
        ),
        (
            "Dr. Chen is a researcher at the state university and led the study.",
            "Results are expected next year.",
        ),
        (
            "Johnson is a consultant for the developer and has given money to the campaign.",
            "The vote is set for June.",
        ),
        (
            "Müller ist Geschäftsführer des Vereins und kandidiert im Herbst erneut.",
            "Die nächste Sitzung ist im Mai.",
        ),
    ],
)
def test_a_story_ending_about_someones_job_is_kept(ending: tuple[str, str]) -> None:
    body = body_of(_ending(*ending)).splitlines()
    assert body[-2:] == list(ending)


def test_a_bio_split_after_the_authors_name_is_dropped() -> None:
    bio = (
        "<p><strong>Erika Beispiel</strong><br>ist Redakteurin der Lokalzeitung und schreibt "
        "über den Stadtrat.</p>"
    )
    body = body_of(f'<div class="story"><p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p>{bio}</div>')
    assert body.splitlines() == [PARAGRAPH, SECOND, THIRD]


_INGREDIENTS = (
    '<div class="recipe-ingredients"><h2>Ingredients</h2><table>'
    "<tr><th>For the dough:</th></tr>"
    "<tr><td>250 g</td><td>flour</td></tr><tr><td>1 pinch</td><td>salt</td></tr>"
    "<tr><td>2</td><td>eggs</td></tr></table></div>"
)
_ROWS = ["250 g flour", "1 pinch salt", "2 eggs"]
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
    assert lines[:5] == ["Ingredients", "For the dough:", *_ROWS]
    assert lines.index("2 eggs") < lines.index(PARAGRAPH)


def test_an_ingredient_list_without_a_heading_is_kept_whole() -> None:
    box = (
        '<div class="card"><ul class="ingredients"><li>2 eggs</li><li>250 g flour</li>'
        "<li>1 spoon of oil</li><li>salt</li></ul></div>"
    )
    lines = body_of(f"{box}{_METHOD}", _recipe_data()).splitlines()
    assert lines[:4] == ["2 eggs", "250 g flour", "1 spoon of oil", "salt"]


def test_a_box_named_after_the_ingredients_without_rows_is_not_added() -> None:
    toggle = '<div class="ingredients-toggle">Show ingredients for 4 servings</div>'
    body = body_of(f"{_METHOD}<div>{toggle}</div>", _recipe_data())
    assert "Show ingredients" not in body


def test_a_menu_of_ingredient_links_is_not_added() -> None:
    menu = (
        '<div class="search-by-ingredient"><ul><li><a href="/c">Chicken</a></li>'
        '<li><a href="/b">Beans</a></li><li><a href="/t">Tofu</a></li></ul></div>'
    )
    body = body_of(f"{menu}{_METHOD}", _recipe_data())
    assert "Chicken" not in body


def test_ingredients_the_story_prints_are_not_added_again() -> None:
    told = "Ingredients: 250 g flour, 1 pinch salt, 2 eggs."
    story = f'<div class="story"><p>{PARAGRAPH}</p><p>{told}</p><p>{SECOND}</p></div>'
    box = '<ul class="ingredients">' + "".join(f"<li>{row}</li>" for row in _ROWS) + "</ul>"
    lines = body_of(f'{story}<div class="card">{box}</div>', _recipe_data()).splitlines()
    assert "2 eggs" not in lines


def test_ingredient_microdata_marks_a_recipe_too() -> None:
    table = (
        '<table class="amounts"><tr itemprop="ingredients"><td>250 g</td><td>flour</td></tr>'
        '<tr itemprop="ingredients"><td>1 pinch</td><td>salt</td></tr>'
        '<tr itemprop="ingredients"><td>2</td><td>eggs</td></tr></table>'
    )
    body = body_of(f'<div class="recipe">{_METHOD}</div><div class="box">{table}</div>')
    assert body.splitlines()[-3:] == _ROWS


def test_an_ingredient_box_is_not_added_to_other_pages() -> None:
    body = body_of(f"{_INGREDIENTS}{_METHOD}")
    assert "250 g flour" not in body


_POST = "post type-post status-publish format-standard hentry"


def test_a_wordpress_post_is_not_removed_for_its_taxonomy_terms() -> None:
    post = (
        f'<article class="post-7 {_POST} category-news topics-promo">'
        f"<p>{PARAGRAPH}</p><p>{SECOND}</p><p>{THIRD}</p></article>"
    )
    teasers = "".join(
        f'<div class="card"><p>Another story from the archive, number {i}, with a line of '
        "text under its headline that runs on a little.</p></div>"
        for i in range(3)
    )
    body = body_of(f"<div>{post}{teasers}</div>")
    assert PARAGRAPH in body and THIRD in body


def test_a_related_post_inside_the_story_is_still_dropped() -> None:
    teaser = (
        "Another story from the archive about the harbour, with a line of text under its "
        "headline that runs on for a while so that it reads like a paragraph of a story."
    )
    related = "".join(
        f'<article class="related-post post-{9 + i} {_POST}"><h3><a href="/a{i}">Archive '
        f"story {i}</a></h3><p>{teaser}</p></article>"
        for i in range(2)
    )
    body = body_of(
        f'<article class="post-1 {_POST}"><div class="entry-content"><p>{PARAGRAPH}</p>'
        f"<p>{SECOND}</p>{related}<p>{THIRD}</p></div></article>"
    )
    assert teaser not in body and THIRD in body
