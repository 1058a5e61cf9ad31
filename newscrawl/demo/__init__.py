"""``newscrawl demo``: a bundled news site served on loopback and crawled into SQLite."""
