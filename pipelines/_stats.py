"""Small helpers shared by the pipelines: counting stats and logging drops the same way."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


class Counter:
    """Counts ``newscrawl/<group>/<reason>`` stats on a crawler's stats collector."""

    def __init__(self, stats: StatsCollector | None) -> None:
        self._stats = stats

    def inc(self, group: str, reason: str, count: int = 1) -> None:
        """Add ``count`` to ``newscrawl/<group>/<reason>``."""
        if self._stats is not None:
            self._stats.inc_value(f"newscrawl/{group}/{reason}", count)

    def drop(self, logger: logging.Logger, reason: str, url: Any, detail: str = "") -> DropItem:
        """Count and log a dropped item; return the :class:`DropItem` for the caller to raise."""
        self.inc("dropped", reason)
        message = f"dropped {url} ({reason})" + (f": {detail}" if detail else "")
        logger.info(message)
        return DropItem(message, log_level="DEBUG")
