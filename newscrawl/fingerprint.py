"""Content hashes: what makes two versions of an article or two comments "the same"."""

from __future__ import annotations

import hashlib

from newscrawl.items import Article, Comment


def _digest(*parts: str | None) -> str:
    # str.split() with no argument splits on runs of Unicode whitespace, as ``\s+`` does, and
    # drops the ends: the same normalised text as a regex substitution, some 3x faster.
    joined = "\x1f".join(" ".join((p or "").split()) for p in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()


def article_content_hash(article: Article) -> str:
    """Hash of what a reader would call the article's content: title and body.

    Whitespace differences do not change the hash; a new "Updated on" date alone does not either,
    because a date change without a text change is not a new version of the story.
    """
    return content_hash(article.title, article.body)


def content_hash(title: str | None, body: str | None) -> str:
    """:func:`article_content_hash` of an article with this title and body."""
    return _digest(title, body)


def comment_content_hash(comment: Comment) -> str:
    """Hash identifying a comment that has no site id: author, time and text."""
    posted = comment.posted_at.isoformat() if comment.posted_at else ""
    return _digest(comment.author, posted, comment.body)
