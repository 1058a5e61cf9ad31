"""HTTP fixtures (owned by the crawl work)."""
