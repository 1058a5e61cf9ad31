"""Shops' review widgets: rated entries under a "Customer Reviews" heading are comments."""

from __future__ import annotations

import lxml.html

from newscrawl.extract import extract_article
from newscrawl.extract.comments import comments_and_areas
from newscrawl.extract.comments.records import find_comment_headings

URL = "https://shop.example.com/products/tea/"


def page(widget: str) -> str:
    """A product page with a headline, a description and ``widget`` after it."""
    return (
        "<html><head><title>t</title></head><body><main><h1>Breakfast Tea</h1>"
        "<div class='description'><p>A strong black tea blended from Assam and Ceylon leaves,"
        " made to stand up to milk on a cold morning in the highlands.</p>"
        "<p>Brew one heaped teaspoon per cup with freshly boiled water for four to five"
        " minutes, then add milk to taste.</p></div>"
        f"{widget}</main></body></html>"
    )


def entry(rating: str, name: str, text: str) -> str:
    return (
        f"<div class='rv-entry'><span class='rv-stars' {rating}>*</span>"
        f"<span class='rv-name'>{name}</span><div class='rv-text'><p>{text}</p></div></div>"
    )


ANN = "Rich and malty, never bitter at all, even when I forget it in the pot for ten minutes."
BOB = "Arrived quickly and tastes much better than the supermarket bags we used to buy."
REVIEWS = page(
    "<section><h2>Customer Reviews</h2><div class='rv-list'>"
    + entry("aria-label='5 star review'", "Ann", ANN)
    + entry("aria-label='4 star review'", "Bob", BOB)
    + "</div></section>"
)


def test_rated_entries_under_review_heading_are_comments() -> None:
    comments, _ = comments_and_areas(lxml.html.document_fromstring(REVIEWS), URL)
    assert [(c.author, c.body) for c in comments] == [
        ("Ann", ANN),
        ("Bob", BOB),
    ]


def test_review_text_leaves_the_body() -> None:
    article = extract_article(REVIEWS.encode(), URL)
    assert "Rich and malty" not in article.body
    assert "Brew one heaped teaspoon" in article.body


def test_data_score_marks_a_rating() -> None:
    html = page(
        "<div><h3>12 Reviews</h3>"
        + entry("data-score='5'", "Ann", "Rich and malty, never bitter at all.")
        + entry("data-score='3'", "Bob", "Arrived quickly and tastes very good.")
        + "</div>"
    )
    comments, _ = comments_and_areas(lxml.html.document_fromstring(html), URL)
    assert [c.author for c in comments] == ["Ann", "Bob"]


def test_review_heading_without_rated_entries_is_left_alone() -> None:
    # An article's own "Customer Reviews" subheading over prose: no widget, not an area.
    html = page(
        "<div><h2>Customer Reviews</h2><p>Buyers praise the tea's strength and price.</p>"
        "<p>Some wish the tin were larger.</p></div>"
    )
    comments, areas = comments_and_areas(lxml.html.document_fromstring(html), URL)
    assert comments == []
    assert areas == []


def test_dated_entries_need_a_rating_under_a_review_heading() -> None:
    # Teasers of review articles carry dates but no star rating of their own.
    teaser = (
        "<div class='teaser'><time datetime='2020-01-02'>2 Jan</time>"
        "<a href='/r/{0}'>Review of the new {0} blend and more</a></div>"
    )
    html = page(
        "<div><h2>12 Reviews</h2>" + teaser.format("green") + teaser.format("black") + "</div>"
    )
    comments, _ = comments_and_areas(lxml.html.document_fromstring(html), URL)
    assert comments == []


def test_bare_reviews_heading_names_no_widget() -> None:
    root = lxml.html.document_fromstring(page("<h2>Reviews</h2><h2>Latest reviews</h2>"))
    assert find_comment_headings(root) == []


def test_user_reviews_heading_names_a_widget() -> None:
    root = lxml.html.document_fromstring(page("<h2>User Reviews</h2>"))
    assert [h.names_reviews for h in find_comment_headings(root)] == [True]
