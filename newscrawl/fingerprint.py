"""Content hashes: what makes two versions of an article or two comments "the same"."""

from __future__ import annotations

import hashlib
import re

from newscrawl.items import Article, Comment

_SPACE = re.compile(r"\s+")


def _digest(*parts: str | None) -> str:
    joined = "\x1f".join(_SPACE.sub(" ", p or "").strip() for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def article_content_hash(article: Article) -> str:
    """Hash of what a reader would call the article's content: title and body.

    Whitespace differences do not change the hash; a new "Updated on" date alone does not either,
    because a date change without a text change is not a new version of the story.
    """
    return _digest(article.title, article.body)


def comment_content_hash(comment: Comment) -> str:
    """Hash identifying a comment that has no site id: author, time and text."""
    posted = comment.posted_at.isoformat() if comment.posted_at else ""
    return _digest(comment.author, posted, comment.body)
