"""Which discovered pages a crawl requests: each canonical URL once, and no more than a budget
of pages per site.

:class:`PageLedger` is the crawl's account of the pages it has requested. A spider asks
:meth:`PageLedger.admit` before it requests a page it found, and counts the reason it is given
for a skip (:data:`SEEN_URL`, :data:`MAX_PAGES`). The ledger knows nothing of Scrapy: it deals in
URLs, sites (:func:`newscrawl.urls.site_of`) and a budget.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable

from newscrawl.urls import canonicalize_url, site_of

#: Skip reason: the page's canonical URL was requested before.
SEEN_URL = "seen_url"
#: Skip reason: the page's site has used up its page budget.
MAX_PAGES = "max_pages"

_logger = logging.getLogger(__name__)


class PageLedger:
    """The pages a crawl has requested, by canonical URL and by site.

    ``requested`` are URLs already requested (the start URLs): they are not requested again,
    and do not count against the budget. ``budget`` returns the most pages to request per site
    (0: no limit); it is called each time a page is weighed against it, so a budget read from
    settings is read when needed (Scrapy add-ons may change settings after the spider that owns
    the ledger was built). ``logger`` says, once per site, that its budget was reached.
    """

    def __init__(
        self,
        requested: Iterable[str] = (),
        *,
        budget: Callable[[], int],
        logger: logging.Logger | logging.LoggerAdapter[logging.Logger] = _logger,
    ) -> None:
        # Digests, not URLs: a large crawl remembers hundreds of thousands of them.
        self._requested: set[bytes] = {_url_key(url) for url in requested}
        self._pages_per_site: Counter[str] = Counter()
        self._budget = budget
        self._logger = logger
        self._budget_warned: set[str] = set()

    def admit(self, url: str) -> str | None:
        """Record ``url`` as requested and return ``None`` when it is to be requested; else
        the reason to skip it: :data:`SEEN_URL` or :data:`MAX_PAGES`.

        A page refused for the budget still counts as requested: found again, even after a
        :meth:`release`, it is skipped as seen.
        """
        key = _url_key(url)
        if key in self._requested:
            return SEEN_URL
        self._requested.add(key)
        return None if self._within_budget(site_of(url)) else MAX_PAGES

    def mark_requested(self, url: str) -> None:
        """Record ``url`` as requested without weighing it against the budget (a page requested
        for another reason, such as a scheduled revisit): discovery will not request it again."""
        self._requested.add(_url_key(url))

    def release(self, url: str) -> None:
        """Give back the budget slot of a page admitted but not fetched after all (a middleware
        dropped its request): the budget counts pages fetched. The URL stays requested."""
        site = site_of(url)
        if self._pages_per_site[site] > 0:
            self._pages_per_site[site] -= 1

    def _within_budget(self, site: str) -> bool:
        """Take one of ``site``'s budget slots, if it has one left."""
        limit = self._budget()
        if limit and self._pages_per_site[site] >= limit:
            if site not in self._budget_warned:
                self._budget_warned.add(site)
                self._logger.warning("page budget of %d reached for %s", limit, site)
            return False
        self._pages_per_site[site] += 1
        return True


def _url_key(url: str) -> bytes:
    """A small digest of ``url``'s canonical form: the same page under another spelling
    (``?utm_source=``, upper-case host, ``#fragment``) has the same key."""
    return hashlib.blake2b(canonicalize_url(url).encode("utf-8"), digest_size=16).digest()
