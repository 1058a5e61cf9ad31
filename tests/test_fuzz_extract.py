"""Fuzzing the extractor: whatever the bytes, ``extract_article`` returns an Article or raises
:class:`ExtractionError`, nothing else, and what it returns keeps its invariants.

Examples are bounded (``max_examples``, no deadline) so that the suite stays fast; the seeds
are random on each run, and hypothesis replays any failure it finds first on the next run.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.extract import ExtractionError, extract_article
from newscrawl.items import Article

URL = "https://news.example.com/2025/11/fuzzed-story/"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TAGS = [
    *("html", "head", "body", "title", "meta", "link", "script", "style", "article", "main"),
    *("div", "section", "header", "footer", "nav", "aside", "p", "span", "a", "h1", "h2"),
    *("time", "ul", "ol", "li", "table", "tr", "td", "blockquote", "figure", "figcaption"),
    *("img", "br", "form", "input", "iframe", "noscript", "svg", "template"),
]
ATTRIBUTES = [
    *("class", "id", "href", "src", "datetime", "content", "property", "name", "itemprop"),
    *("itemtype", "itemscope", "rel", "charset", "lang", "type", "http-equiv"),
]
# Surrogates cannot be encoded; control characters are fuzzed (they once crashed body cleaning).
SAFE_CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs",))
ENCODINGS = ["utf-8", "latin-1", "cp1252", "utf-16", "shift_jis", "koi8-r", "gb18030", "bogus"]
VALUES = st.one_of(
    st.text(SAFE_CHARACTERS, max_size=40),
    st.sampled_from(
        ["article", "entry-content", "comment", "og:title", "article:published_time",
         "2025-11-02T10:00:00+01:00", "9999-99-99", "+275760-09-13", "1e309", "javascript:x",
         "application/ld+json", "http://[::1", "//evil.example/x"]
    ),
)
TEXT = st.text(SAFE_CHARACTERS, max_size=80)
BYTES = st.binary(max_size=16)


def _check(data: str | bytes) -> Article | None:
    """Extract, allowing only ExtractionError; check the invariants of what comes back."""
    try:
        article = extract_article(data, URL)
    except ExtractionError:
        return None
    now = datetime.now(timezone.utc)
    assert isinstance(article.body, str)
    assert isinstance(article.authors, list)
    for value in (article.published_at, article.updated_at):
        if value is not None:
            assert value.tzinfo is not None and value <= now
    for comment in article.comments:
        assert isinstance(comment.body, str)
    return article


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    """One element, maybe unclosed, with random attributes and children."""
    tag = draw(st.sampled_from(TAGS))
    attributes = draw(st.lists(st.tuples(st.sampled_from(ATTRIBUTES), VALUES), max_size=3))
    rendered = "".join(f' {name}="{value}"' for name, value in attributes)
    children = []
    if depth < 4:
        children = draw(st.lists(st.one_of(TEXT, elements(depth + 1)), max_size=4))
    closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</div>"]))
    return f"<{tag}{rendered}>{''.join(children)}{closing}"


documents = st.builds(
    lambda parts, prefix: prefix + "".join(parts),
    st.lists(elements(), min_size=1, max_size=6),
    st.sampled_from(["", "<!doctype html>", "<?xml version='1.0'?>", "\ufeff", "<!--"]),
)


@FUZZ
@given(documents)
def test_random_html_documents(html: str) -> None:
    _check(html)


@FUZZ
@given(documents, st.data())
def test_mutated_html_bytes(html: str, data: st.DataObject) -> None:
    raw = bytearray(html.encode("utf-8", "surrogatepass"))
    for _ in range(data.draw(st.integers(0, 6))):
        action = data.draw(st.sampled_from(["insert", "delete", "flip", "truncate"]))
        at = data.draw(st.integers(0, len(raw)))
        if action == "insert":
            raw[at:at] = data.draw(BYTES)
        elif action == "delete":
            del raw[at : at + data.draw(st.integers(1, 32))]
        elif action == "flip" and at < len(raw):
            raw[at] ^= 1 << data.draw(st.integers(0, 7))
        else:
            del raw[at:]
    _check(bytes(raw))


@FUZZ
@given(st.binary(max_size=4096))
def test_binary_garbage(data: bytes) -> None:
    _check(data)


@pytest.mark.parametrize("text", ["<html><IMG>\x1b</html>", "<p>a\x0bb\x7f</p><p>x</p>"])
def test_control_characters_in_text_are_not_a_crash(text: str) -> None:
    _check(text)


def test_a_page_with_hundreds_of_thousands_of_elements_is_refused_quickly() -> None:
    with pytest.raises(ExtractionError, match="elements"):
        extract_article("<p>x</p>" * 300_000, URL)


@FUZZ
@given(documents, st.sampled_from(ENCODINGS), st.sampled_from(ENCODINGS))
def test_mixed_and_misdeclared_encodings(html: str, declared: str, actual: str) -> None:
    head = f'<html><head><meta charset="{declared}"></head><body>'
    try:
        body = html.encode(actual, "replace")
    except LookupError:
        body = html.encode("utf-8", "surrogatepass")
    # Half the page in one encoding, half in another, as templates stitched together produce.
    _check(head.encode() + body + "<p>Grüße, 日本語, Привет</p>".encode("utf-16-le"))


@settings(max_examples=15, deadline=None)
@given(st.integers(50, 20_000), st.sampled_from(["div", "p", "span", "table", "b", "li"]))
def test_deep_nesting(levels: int, tag: str) -> None:
    _check(f"<html><body>{f'<{tag}>' * levels}deep text{f'</{tag}>' * (levels // 2)}")


@settings(max_examples=10, deadline=None)
@given(st.integers(1, 2_000_000), st.sampled_from(ATTRIBUTES))
def test_huge_attributes(size: int, attribute: str) -> None:
    _check(f'<html><body><div {attribute}="{"x" * size}"><p>Short text.</p></div></body></html>')


def test_twenty_megabyte_page() -> None:
    story = "<h1>Budget agreed</h1>" + "".join(
        f"<p>Paragraph {i}: the committee met on Tuesday and agreed the budget.</p>"
        for i in range(12)
    )
    fat = (
        "<html><head><title>Budget agreed</title><script>var state='"
        + "A" * 10_000_000
        + "';</script></head><body><article>"
        + story
        + '<img src="data:image/png;base64,'
        + "QUJD" * 2_500_000
        + '"></article></body></html>'
    )
    assert len(fat) > 20_000_000
    article = _check(fat.encode())
    assert article is not None and article.title == "Budget agreed"
    assert "Paragraph 11" in article.body


@pytest.mark.parametrize("size", [1_000_000])
def test_page_of_many_small_elements(size: int) -> None:
    # Element count, not bytes, drives extraction time: keep this one at 1 MB.
    menu = "<div><span>menu</span></div>" * (size // 28)
    _check(f"<html><body><article><h1>Title</h1><p>Text.</p></article>{menu}</body></html>")
