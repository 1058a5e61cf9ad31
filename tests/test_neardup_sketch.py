"""Near-duplicate sketches made where articles are extracted and carried to the store."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import timedelta

import pytest
import sqlalchemy as sa

from newscrawl.analysis import analyse_page
from newscrawl.db import ArticleStore, NearDuplicateSettings
from newscrawl.fingerprint import article_content_hash
from newscrawl.items import article_from_json_dict
from newscrawl.neardup import BodySketch, Sketcher
from tests.dbhelpers import T0, article, story

ARTICLE_PAGE = """<html><head><title>Rates rise</title></head><body><article>
<h1>Rates rise again</h1>
{paragraphs}
</article></body></html>"""


@pytest.fixture(scope="module")
def sketcher() -> Sketcher:
    return Sketcher(NearDuplicateSettings())


def sketched(item, sketcher: Sketcher, body: str | None = None):
    """``item`` carrying the sketch of ``body`` (default: its own), tagged with its own
    content hash."""
    made = sketcher.sketch(item.title, body if body is not None else item.body)
    item.near_duplicate_sketch = dataclasses.replace(made, content_hash=article_content_hash(item))
    return item


# -- the sketch ---------------------------------------------------------------------------------


def test_a_sketch_holds_the_body_signature_and_the_content_hash(sketcher: Sketcher) -> None:
    item = article("a", body=story(1))
    sketch = sketcher.sketch(item.title, item.body)

    assert sketch.content_hash == article_content_hash(item)
    assert sketch.signature == sketcher.signature(item.body).to_bytes()
    carried, signature = sketcher.carried_signature(sketch, article_content_hash(item))
    assert carried
    assert signature.to_bytes() == sketch.signature


def test_a_short_body_is_sketched_as_having_no_signature(sketcher: Sketcher) -> None:
    sketch = sketcher.sketch("Title", "Too short to sketch.")

    assert sketch.signature is None
    assert sketcher.carried_signature(sketch, sketch.content_hash) == (True, None)


def test_a_sketch_of_other_content_or_settings_is_not_used(sketcher: Sketcher) -> None:
    sketch = sketcher.sketch("Title", story(1))
    other_settings = Sketcher(NearDuplicateSettings(num_perm=64))

    assert sketcher.carried_signature(sketch, "another hash") == (False, None)
    assert other_settings.carried_signature(sketch, sketch.content_hash) == (False, None)
    assert sketcher.carried_signature(None, sketch.content_hash) == (False, None)


def test_whitespace_normalisation_keeps_the_sketch_valid(sketcher: Sketcher) -> None:
    sketch = sketcher.sketch("Title", story(1))
    spaced = story(1).replace(" ", "  ").replace("\n", "\n\n")

    assert sketch.content_hash == sketcher.sketch("Title", spaced).content_hash


# -- the article carries it, outside its fields ---------------------------------------------------


def test_the_sketch_is_no_field_of_the_article(sketcher: Sketcher) -> None:
    item = sketched(article("a", body=story(1)), sketcher)

    assert "near_duplicate_sketch" not in item.to_json_dict()
    assert article_from_json_dict(item.to_json_dict()).near_duplicate_sketch is None
    assert item == article("a", body=story(1))
    assert pickle.loads(pickle.dumps(item)).near_duplicate_sketch == item.near_duplicate_sketch


def test_analysis_sketches_the_article_it_extracts(sketcher: Sketcher) -> None:
    paragraphs = "\n".join(f"<p>{line}</p>" for line in story(3).split("\n"))
    page = ARTICLE_PAGE.format(paragraphs=paragraphs)

    with_sketch = analyse_page(page, "https://news.example/rates", sketcher=sketcher)
    without = analyse_page(page, "https://news.example/rates")

    sketch = with_sketch.article.near_duplicate_sketch
    assert isinstance(sketch, BodySketch)
    assert sketch == sketcher.sketch(with_sketch.article.title, with_sketch.article.body)
    assert without.article.near_duplicate_sketch is None
    assert with_sketch.article == without.article


# -- the store uses it ----------------------------------------------------------------------------


def linked(engine: sa.Engine, url: str) -> bool:
    with engine.connect() as connection:
        query = sa.text("SELECT duplicate_of FROM articles WHERE url = :url")
        return connection.execute(query, {"url": url}).scalar_one() is not None


def test_the_store_links_with_the_carried_signature(
    store: ArticleStore, engine, sketcher: Sketcher
) -> None:
    store.save_batch([article("original", body=story(1))], T0)
    # The carried signature is the original's: the store links by it, not by the body
    # (unrelated here), which shows that it does not sketch the body again.
    copy = sketched(article("copy", body=story(2)), sketcher, body=story(1))

    result = store.save_batch([copy], T0 + timedelta(hours=1))

    assert result.duplicates_linked == 1
    assert linked(engine, copy.url)


def test_the_store_sketches_anew_when_the_content_changed_on_the_way(
    store: ArticleStore, engine, sketcher: Sketcher
) -> None:
    store.save_batch([article("original", body=story(1))], T0)
    copy = sketched(article("copy", body=story(2)), sketcher, body=story(1))
    copy.title = "A title filled in after extraction"

    result = store.save_batch([copy], T0 + timedelta(hours=1))

    assert result.duplicates_linked == 0
    assert not linked(engine, copy.url)
