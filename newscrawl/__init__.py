"""newscrawl: find news articles on any site, extract them, track updates, store them.

The public Python API is :func:`newscrawl.extract.extract_article` and the item classes in
:mod:`newscrawl.items`.
"""

__version__ = "0.1.0"
