"""The database schema as typed SQLAlchemy models: a public contract for downstream programs.

Every column is documented in ``docs/schema.md``. A change here must come with an Alembic
migration in ``newscrawl/db/migrations/versions/``; ``newscrawl db check`` fails when the two
disagree. The models are only used to describe the schema and to build statements: the store
writes with Core ``INSERT … ON CONFLICT`` statements, never through the ORM unit of work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from newscrawl.db.types import UTCDateTime, id_type, json_type

# Deterministic constraint names on every backend, so that later migrations (and SQLite batch
# table rebuilds) can refer to constraints by name.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base holding the shared metadata."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    """The current state of one article, keyed by its canonical URL."""

    __tablename__ = "articles"
    __table_args__ = (
        sa.Index("ix_articles_site_published_at", "site", "published_at"),
        sa.Index("ix_articles_published_at", "published_at"),
        sa.Index("ix_articles_last_changed_at", "last_changed_at"),
        # 0002: exact duplicates are found by content hash at write time.
        sa.Index("ix_articles_content_hash", "content_hash"),
        sa.Index("ix_articles_duplicate_of", "duplicate_of"),
    )

    id: Mapped[int] = mapped_column(id_type(), primary_key=True)
    url: Mapped[str] = mapped_column(sa.Text, unique=True)
    site: Mapped[str] = mapped_column(sa.Text)
    title: Mapped[str | None] = mapped_column(sa.Text)
    authors: Mapped[list[str]] = mapped_column(json_type())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.Text)
    section: Mapped[str | None] = mapped_column(sa.Text)
    tags: Mapped[list[str]] = mapped_column(json_type())
    image_url: Mapped[str | None] = mapped_column(sa.Text)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(sa.Integer)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # 0002: the first stored copy of the same story (exact or near duplicate); never a chain.
    duplicate_of: Mapped[int | None] = mapped_column(id_type(), sa.ForeignKey("articles.id"))


class ArticleUrlRow(Base):
    """One URL an article was seen under: its canonical URL and every other fetched URL."""

    __tablename__ = "article_urls"

    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        id_type(), sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )


class ArticleVersionRow(Base):
    """The content of one version of an article; version 1 is the first one stored."""

    __tablename__ = "article_versions"

    article_id: Mapped[int] = mapped_column(
        id_type(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(sa.Text)
    body: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CommentRow(Base):
    """One reader comment, stored once per article (see ``dedupe_key``)."""

    __tablename__ = "comments"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "dedupe_key"),
        sa.Index("ix_comments_first_seen_at", "first_seen_at"),
    )

    id: Mapped[int] = mapped_column(id_type(), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        id_type(), sa.ForeignKey("articles.id", ondelete="CASCADE")
    )
    # "id:<external_id>" when the site gives the comment an id, else "hash:<content_hash>".
    # One plain unique key covers both cases with a single ON CONFLICT target.
    dedupe_key: Mapped[str] = mapped_column(sa.Text)
    external_id: Mapped[str | None] = mapped_column(sa.Text)
    parent_id: Mapped[str | None] = mapped_column(sa.Text)
    author: Mapped[str | None] = mapped_column(sa.Text)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(sa.Text)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CrawlRunRow(Base):
    """One crawl: which spider (and which scheduled site), when, how it ended, and Scrapy's
    final stats."""

    __tablename__ = "crawl_runs"
    __table_args__ = (sa.Index("ix_crawl_runs_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(id_type(), primary_key=True)
    spider: Mapped[str] = mapped_column(sa.Text)
    # 0003: the schedule file's site name (as in crawl_locks.site); null for one-off crawls.
    site: Mapped[str | None] = mapped_column(sa.Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(sa.Text)
    stats: Mapped[dict[str, Any]] = mapped_column(json_type())


class EventRow(Base):
    """One entry of the change feed: an article created or changed, or a comment added.

    Written in the same transaction as the change itself; consumers poll ``id > N``.
    """

    __tablename__ = "events"
    # AUTOINCREMENT on SQLite: an id is never reused, even after the newest events are deleted.
    __table_args__ = (
        sa.Index("ix_events_article_id", "article_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(id_type(), primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(sa.Text)
    article_id: Mapped[int] = mapped_column(
        id_type(), sa.ForeignKey("articles.id", ondelete="CASCADE")
    )
    comment_id: Mapped[int | None] = mapped_column(
        id_type(), sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PageStateRow(Base):
    """What the crawler knows about one URL between runs: validators, hashes, revisit time."""

    __tablename__ = "page_states"
    __table_args__ = (sa.Index("ix_page_states_site_next_check_at", "site", "next_check_at"),)

    url: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    site: Mapped[str] = mapped_column(sa.Text)
    etag: Mapped[str | None] = mapped_column(sa.Text)
    last_modified: Mapped[str | None] = mapped_column(sa.Text)
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    first_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(sa.Integer)
    sitemap_lastmod: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ArticleSignatureRow(Base):
    """The MinHash signature of an article's body, to rebuild the near-duplicate index."""

    __tablename__ = "article_signatures"
    __table_args__ = (sa.Index("ix_article_signatures_signed_at", "signed_at"),)

    article_id: Mapped[int] = mapped_column(
        id_type(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    scheme: Mapped[str] = mapped_column(sa.Text)
    signature: Mapped[bytes] = mapped_column(sa.LargeBinary)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CrawlLockRow(Base):
    """Which process crawls a site right now, until when (see ``newscrawl.db.locks``)."""

    __tablename__ = "crawl_locks"

    site: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    owner: Mapped[str] = mapped_column(sa.Text)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


metadata: sa.MetaData = Base.metadata
articles: sa.Table = ArticleRow.__table__  # type: ignore[assignment]
article_urls: sa.Table = ArticleUrlRow.__table__  # type: ignore[assignment]
article_versions: sa.Table = ArticleVersionRow.__table__  # type: ignore[assignment]
comments: sa.Table = CommentRow.__table__  # type: ignore[assignment]
crawl_runs: sa.Table = CrawlRunRow.__table__  # type: ignore[assignment]
events: sa.Table = EventRow.__table__  # type: ignore[assignment]
page_states: sa.Table = PageStateRow.__table__  # type: ignore[assignment]
article_signatures: sa.Table = ArticleSignatureRow.__table__  # type: ignore[assignment]
crawl_locks: sa.Table = CrawlLockRow.__table__  # type: ignore[assignment]
