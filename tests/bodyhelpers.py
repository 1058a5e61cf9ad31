"""Story text and a page builder shared by the body-extraction tests."""

from __future__ import annotations

from newscrawl.extract import extract_article

PARAGRAPH = (
    "The council met on Tuesday evening to discuss the new budget, which includes money for "
    "roads, schools and the library, and voted after a long debate that lasted into the night."
)
SECOND = (
    "Residents who spoke at the meeting asked for longer opening hours at the pool, and the "
    "mayor promised a decision before the summer holidays begin in the district."
)
THIRD = (
    "The library will open on Sundays from next spring, a change the librarians had asked for "
    "since the branch in the north of the town closed two years ago."
)


def body_of(inner: str, head: str = "") -> str:
    """The extracted body of a page whose ``<body>`` is a headline and then ``inner``."""
    html = f"<html><head>{head}</head><body><h1>Headline</h1>{inner}</body></html>"
    return extract_article(html, "https://news.example.com/story").body
