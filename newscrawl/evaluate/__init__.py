"""Extraction evaluation: newscrawl against labelled page sets, side by side with its peers.

Modules: ``metrics`` (pure scoring rules), ``datasets`` (loaders), ``runners`` (the systems and
their timing), ``scoring`` (per-page outcomes and summary rows), ``report`` (Markdown/JSON),
``evaluation`` (ties them together) and ``command`` (``newscrawl evaluate``). This package
imports nothing heavy at import time; the peers are imported only when they are run.
"""
