"""The scheduler's site name on each crawl run: ``crawl_runs.site``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

Adds the nullable column ``crawl_runs.site``: the name of the site in the schedule file
(``newscrawl schedule``) that started the crawl, the same name ``crawl_locks.site`` holds.
Crawls started by hand (``scrapy crawl``) leave it null, and so do the runs recorded before
this revision: which site they belonged to was never stored.

The column is added with a plain ``ALTER TABLE … ADD COLUMN`` on both backends. The downgrade
drops it; on SQLite that is a batch rebuild of ``crawl_runs``, which is safe because no table
refers to ``crawl_runs``. Types are spelled out here, as in 0001, so this revision keeps its
meaning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Nullable without a default: SQLite and PostgreSQL both add it without rewriting rows.
    op.add_column("crawl_runs", sa.Column("site", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("site")
