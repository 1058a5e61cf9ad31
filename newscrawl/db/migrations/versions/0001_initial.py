"""The initial schema: articles, their URLs and versions, comments, crawl runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Types are spelled out here rather than imported from ``newscrawl.db.types`` so that this
revision keeps meaning the same thing whatever later code does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
HASH = sa.String(64)


def timestamp(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", ID, primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("authors", JSON, nullable=False),
        timestamp("published_at", nullable=True),
        timestamp("updated_at", nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("tags", JSON, nullable=False),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("content_hash", HASH, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        timestamp("first_seen_at", nullable=False),
        timestamp("last_fetched_at", nullable=False),
        timestamp("last_changed_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("url", name="uq_articles_url"),
    )
    op.create_index("ix_articles_site_published_at", "articles", ["site", "published_at"])
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_last_changed_at", "articles", ["last_changed_at"])

    op.create_table(
        "article_urls",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_article_urls"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_urls_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])

    op.create_table(
        "article_versions",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        timestamp("updated_at", nullable=True),
        sa.Column("content_hash", HASH, nullable=False),
        timestamp("fetched_at", nullable=False),
        sa.PrimaryKeyConstraint("article_id", "version", name="pk_article_versions"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_versions_article_id_articles",
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "comments",
        sa.Column("id", ID, primary_key=True),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("dedupe_key", sa.Text(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        timestamp("posted_at", nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_hash", HASH, nullable=False),
        timestamp("first_seen_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_comments_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("article_id", "dedupe_key", name="uq_comments_article_id_dedupe_key"),
    )
    op.create_index("ix_comments_first_seen_at", "comments", ["first_seen_at"])

    op.create_table(
        "crawl_runs",
        sa.Column("id", ID, primary_key=True),
        sa.Column("spider", sa.Text(), nullable=False),
        timestamp("started_at", nullable=False),
        timestamp("finished_at", nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("stats", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crawl_runs"),
    )
    op.create_index("ix_crawl_runs_started_at", "crawl_runs", ["started_at"])


def downgrade() -> None:
    op.drop_table("crawl_runs")
    op.drop_table("comments")
    op.drop_table("article_versions")
    op.drop_table("article_urls")
    op.drop_table("articles")
