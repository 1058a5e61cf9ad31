"""The peer's storage: the SQLAlchemy pipeline a user typically writes, one commit per item.

It uses the ORM with a session per item and SQLAlchemy's default SQLite settings, as the
tutorials do. ``PEER_DATABASE_URL`` names the database (a fresh SQLite file in the benchmark).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy import DateTime, String, Text, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


class _Base(DeclarativeBase):
    pass


class PeerArticle(_Base):
    """One stored page of the peer crawler."""

    __tablename__ = "peer_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    comments: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PeerStorePipeline:
    """Inserts each item in its own session and transaction (commit per item)."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        self.sessions = sessionmaker(bind=self.engine)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PeerStorePipeline:
        url = crawler.settings.get("PEER_DATABASE_URL")
        if not url:
            raise ValueError("set PEER_DATABASE_URL for the peer pipeline")
        return cls(url)

    def open_spider(self) -> None:
        _Base.metadata.create_all(self.engine)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        with self.sessions() as session:
            session.add(
                PeerArticle(
                    url=item["url"],
                    title=item.get("title"),
                    author=item.get("author"),
                    date=item.get("date"),
                    text=item.get("text") or "",
                    comments=item.get("comments"),
                    fetched_at=datetime.now(timezone.utc),
                )
            )
            session.commit()
        return item

    def close_spider(self) -> None:
        self.engine.dispose()
