"""Following changes: the event feed, per-URL crawl state, near-duplicates, site locks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Adds the tables ``events``, ``page_states``, ``article_signatures`` and ``crawl_locks``, and the
column ``articles.duplicate_of`` with indexes on ``articles.content_hash`` and
``articles.duplicate_of``. Existing rows are kept as they are: no events are invented for
articles stored before this revision, and ``duplicate_of`` starts out null.

``articles`` gets its new column with a plain ``ALTER TABLE … ADD COLUMN`` on both backends,
never with a SQLite batch rebuild: rebuilding means dropping ``articles``, and with foreign keys
on, SQLite would cascade that drop into ``article_urls``, ``article_versions`` and ``comments``.
Types are spelled out here, as in 0001, so this revision keeps its meaning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
HASH = sa.String(64)
BYTES = sa.LargeBinary().with_variant(postgresql.BYTEA(), "postgresql")


def timestamp(name: str, nullable: bool) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    add_duplicate_of()
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])
    create_events()
    create_page_states()
    create_article_signatures()
    create_crawl_locks()


def add_duplicate_of() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite accepts a REFERENCES clause in ADD COLUMN when the default is NULL; the named
        # constraint keeps the reflected schema equal to the models'.
        op.execute(
            "ALTER TABLE articles ADD COLUMN duplicate_of INTEGER "
            "CONSTRAINT fk_articles_duplicate_of_articles "
            "REFERENCES articles (id)"
        )
        return
    op.add_column("articles", sa.Column("duplicate_of", ID, nullable=True))
    op.create_foreign_key(
        "fk_articles_duplicate_of_articles",
        "articles",
        "articles",
        ["duplicate_of"],
        ["id"],
    )


def create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("comment_id", ID, nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        timestamp("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_events_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name="fk_events_comment_id_comments",
            ondelete="CASCADE",
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_comment_id", "events", ["comment_id"])


def create_page_states() -> None:
    op.create_table(
        "page_states",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_hash", HASH, nullable=True),
        timestamp("first_fetched_at", nullable=True),
        timestamp("last_fetched_at", nullable=True),
        timestamp("last_changed_at", nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        timestamp("sitemap_lastmod", nullable=True),
        timestamp("published_at", nullable=True),
        timestamp("next_check_at", nullable=True),
        sa.PrimaryKeyConstraint("url", name="pk_page_states"),
    )
    op.create_index("ix_page_states_site_next_check_at", "page_states", ["site", "next_check_at"])


def create_article_signatures() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column("signature", BYTES, nullable=False),
        timestamp("signed_at", nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_signatures"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_signatures_article_id_articles",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_article_signatures_signed_at", "article_signatures", ["signed_at"])


def create_crawl_locks() -> None:
    op.create_table(
        "crawl_locks",
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        timestamp("acquired_at", nullable=False),
        timestamp("expires_at", nullable=False),
        sa.PrimaryKeyConstraint("site", name="pk_crawl_locks"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite can neither drop a column used by a foreign key nor rebuild ``articles``
        # without cascading the drop into its child tables; refuse before changing anything.
        raise NotImplementedError(
            "downgrading revision 0002 is not supported on SQLite; restore a backup instead"
        )
    op.drop_table("crawl_locks")
    op.drop_table("article_signatures")
    op.drop_table("page_states")
    op.drop_table("events")
    op.drop_index("ix_articles_duplicate_of", table_name="articles")
    op.drop_index("ix_articles_content_hash", table_name="articles")
    op.drop_constraint("fk_articles_duplicate_of_articles", "articles", type_="foreignkey")
    op.drop_column("articles", "duplicate_of")
