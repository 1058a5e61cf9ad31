"""Helpers of the crawl benchmark (``python -m benchmarks.crawl``).

- :mod:`.corpus`: the served pages (naeb pages replicated under distinct URLs);
- :mod:`.server`: the page server, run in a process of its own;
- :mod:`.spiders`: the fetch-only ceiling spider and the trafilatura peer spider;
- :mod:`.peer_pipeline`: the peer's one-insert-per-item SQLAlchemy pipeline;
- :mod:`.statsfile`: a Scrapy extension that writes a crawl's stats and progress to files;
- :mod:`.runner`: runs one crawler in a subprocess and measures it;
- :mod:`.report`: the Markdown table.
"""
